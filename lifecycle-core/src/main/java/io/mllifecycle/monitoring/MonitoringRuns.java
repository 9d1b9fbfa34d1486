package io.mllifecycle.monitoring;

import java.util.Comparator;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where monitoring results live: one run per monitor session of a version (from {@code start()} to
 * {@code close()}, which ends the run), named {@code v<version>} and tagged {@code model}/{@code version},
 * in the experiment {@code monitoring/<model>}. Each window's results are metrics of its session's run with
 * the window index as step; window indices continue across sessions, so {@link #history} reads them all
 * in one sequence.
 */
public final class MonitoringRuns {
    /** Prefix of the experiments holding monitoring runs. */
    public static final String EXPERIMENT_PREFIX = "monitoring/";

    private MonitoringRuns() {}

    /** @return the experiment name for {@code model} */
    public static String experimentName(String model) {
        return EXPERIMENT_PREFIX + Checks.modelName("model", model);
    }

    /** @return the latest (most recently started) monitoring run of {@code model/version}, if it was ever monitored */
    public static Optional<RunRecord> find(LifecycleStore store, String model, int version) {
        List<RunRecord> runs = runs(store, model, version);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    /** @return every monitoring run (one per monitor session) of {@code model/version}, in start order */
    public static List<RunRecord> runs(LifecycleStore store, String model, int version) {
        Checks.notNull("store", store);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, but was " + version);
        }
        Optional<io.mllifecycle.store.ExperimentRecord> exp = store.tracking().findExperiment(experimentName(model));
        if (exp.isEmpty()) {
            return List.of();
        }
        List<RunRecord> out = new ArrayList<>();
        RunQuery query = RunQuery.builder(exp.get().id()).tag("model", model).tag("version", Integer.toString(version))
                .pageSize(RunQuery.MAX_PAGE_SIZE).build();
        while (true) {
            RunPage page = store.tracking().searchRuns(query);
            out.addAll(page.runs());
            if (page.nextPageToken() == null) {
                return List.copyOf(out);
            }
            query = query.withPageToken(page.nextPageToken());
        }
    }

    /** @return the values of {@code metric} in window order over every session; empty if never monitored */
    public static List<Double> history(LifecycleStore store, String model, int version, String metric) {
        Checks.key("metric", metric);
        List<MetricPoint> points = new ArrayList<>();
        for (RunRecord run : runs(store, model, version)) {
            points.addAll(store.tracking().metricHistory(run.id(), metric, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        return points.stream().sorted(Comparator.comparingLong(MetricPoint::step)).map(MetricPoint::value).toList();
    }
}
