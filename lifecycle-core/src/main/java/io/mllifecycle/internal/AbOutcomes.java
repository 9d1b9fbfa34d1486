package io.mllifecycle.internal;

import io.mllifecycle.drift.abtest.Conversions;
import io.mllifecycle.drift.abtest.SequentialAbTest;
import io.mllifecycle.drift.abtest.SequentialDecision;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.spi.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Where A/B outcomes of traffic splits live, shared by the registry's split and the gate. Not API. */
public final class AbOutcomes {
    /** The model tag holding a split's weights. */
    public static final String TAG = "traffic.split";
    /** Prefix of the experiments holding each model's outcome counts. */
    public static final String EXPERIMENT_PREFIX = "ab/";
    /** The sequential test's mixing standard deviation, in rate points. */
    public static final double MIXING_SD = 0.05;

    private AbOutcomes() {}

    /**
     * As {@code TrafficSplit.compare} over the outcomes recorded in {@code tracking}
     * (for gates, which see the stores only); an arm without outcomes counts as none.
     */
    public static SequentialDecision compare(TrackingStore tracking, String model, String control, String treatment,
                                             String metric, double confidence) {
        Checks.notNull("tracking", tracking);
        Checks.modelName("model", model);
        Checks.key("metric", metric);
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), but was " + confidence);
        }
        Conversions c = armRun(tracking, model, control, null).map(r -> conversions(r, metric))
                .orElse(new Conversions(0, 0));
        Conversions t = armRun(tracking, model, treatment, null).map(r -> conversions(r, metric))
                .orElse(new Conversions(0, 0));
        return SequentialAbTest.conversions().alpha(1 - confidence).mixingStandardDeviation(MIXING_SD).build()
                .update(c, t);
    }

    /** @return the cumulative conversions of {@code metric} in an arm run */
    public static Conversions conversions(RunRecord run, String metric) {
        MetricPoint trials = run.latestMetrics().get(metric + ".trials");
        MetricPoint successes = run.latestMetrics().get(metric + ".successes");
        return new Conversions(successes == null ? 0 : (long) successes.value(), trials == null ? 0
                : (long) trials.value());
    }

    /** @return the arm outcome run, created at {@code createAt} if absent and {@code createAt} is not null */
    public static Optional<RunRecord> armRun(TrackingStore tracking, String model, String alias, Instant createAt) {
        boolean create = createAt != null;
        Checks.key("alias", alias);
        String name = EXPERIMENT_PREFIX + model;
        Optional<ExperimentRecord> exp = tracking.findExperiment(name);
        if (exp.isEmpty() && !create) {
            return Optional.empty();
        }
        String expId = exp.isPresent() ? exp.get().id() : createExperiment(tracking, name, createAt).id();
        List<RunRecord> runs = tracking.searchRuns(RunQuery.builder(expId).tag("alias", alias).pageSize(1)
                .build()).runs();
        if (!runs.isEmpty()) {
            return Optional.of(tracking.getRun(runs.get(0).id()));
        }
        if (!create) {
            return Optional.empty();
        }
        return Optional.of(tracking.createRun(new NewRun(expId, null, alias.toLowerCase(Locale.ROOT),
                Map.of("alias", alias, "model", model), createAt, RunSource.unknown())));
    }

    private static ExperimentRecord createExperiment(TrackingStore tracking, String name, Instant at) {
        try {
            return tracking.createExperiment(name, "A/B outcomes", Map.of(), at);
        } catch (ConflictException raced) {
            return tracking.findExperiment(name).orElseThrow(() -> raced);
        }
    }
}
