package io.mllifecycle.monitoring;

import java.util.Comparator;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import java.util.List;
import java.util.Optional;

/**
 * Where monitoring results live: one run per monitored version, named {@code v<version>} and tagged
 * {@code model}/{@code version}, in the experiment {@code monitoring/<model>}. Each window's results are
 * metrics of that run with the window index as step, so they are queried like any run metric.
 */
public final class MonitoringRuns {
    /** Prefix of the experiments holding monitoring runs. */
    public static final String EXPERIMENT_PREFIX = "monitoring/";

    private MonitoringRuns() {}

    /** @return the experiment name for {@code model} */
    public static String experimentName(String model) {
        return EXPERIMENT_PREFIX + Checks.modelName("model", model);
    }

    /** @return the monitoring run of {@code model/version}, if it was ever monitored */
    public static Optional<RunRecord> find(LifecycleStore store, String model, int version) {
        return store.tracking().findExperiment(experimentName(model)).flatMap(exp -> store.tracking().searchRuns(
                RunQuery.builder(exp.id()).tag("model", model).tag("version", Integer.toString(version)).pageSize(1)
                        .build()).runs().stream().findFirst());
    }

    /** @return the values of {@code metric} in window order; empty if never monitored */
    public static List<Double> history(LifecycleStore store, String model, int version, String metric) {
        return find(store, model, version).map(run -> store.tracking()
                .metricHistory(run.id(), metric, Long.MIN_VALUE, Long.MAX_VALUE).stream()
                .sorted(Comparator.comparingLong(MetricPoint::step)).map(MetricPoint::value).toList())
                .orElse(List.of());
    }
}
