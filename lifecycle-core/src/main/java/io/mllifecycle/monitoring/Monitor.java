package io.mllifecycle.monitoring;

import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.drift.ColumnReport;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.drift.Table;
import io.mllifecycle.drift.TestOutcome;
import io.mllifecycle.drift.Window;
import io.mllifecycle.drift.WindowCollector;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitors one model version in production: {@link #observe} batches, which are cut into windows; each
 * complete window is compared with the version's reference profiles, performance is computed where
 * labels came with the rows, every value is recorded as a metric of the version's monitoring run (see
 * {@link MonitoringRuns}; step = window index), alert rules are evaluated, and the retraining policy may
 * call the host's trigger. {@link #close()} processes the last, partial window. Thread-safe.
 */
public final class Monitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    private static final int KEEP_RESULTS = 1_000;

    private record Row(ProductionBatch batch, int index) {}

    private final MonitorBuilder config;
    private final Map<String, ReferenceProfile> profiles;
    private final String runId;
    private final WindowCollector<Row> collector;
    private final int[] streaks;
    private final Deque<WindowResult> results = new ArrayDeque<>();
    private final Deque<WindowResult> retrainStreak = new ArrayDeque<>();
    private Instant lastRetrain;
    private int nextWindow;

    Monitor(MonitorBuilder config, Map<String, ReferenceProfile> profiles) {
        this.config = config;
        this.profiles = profiles;
        this.streaks = new int[config.rules.size()];
        this.runId = monitoringRun();
        this.nextWindow = config.store.tracking().latestMetrics(runId).values().stream()
                .mapToInt(p -> (int) p.step() + 1).max().orElse(0);
        this.collector = config.chunker.open(r -> r.batch().timestamp(r.index()), this::process);
    }

    /** Adds production rows; complete windows are processed before this returns. */
    public synchronized void observe(ProductionBatch batch) {
        if (batch == null) {
            throw new IllegalArgumentException("batch must not be null");
        }
        for (String column : profiles.keySet()) {
            if (!batch.features().containsKey(column)) {
                throw new IllegalArgumentException("batch must have column '" + column + "' of the reference profile;"
                        + " it has " + batch.features().keySet());
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            collector.add(new Row(batch, i));
        }
    }

    /** Processes the last, partial window. */
    @Override
    public synchronized void close() {
        collector.close();
    }

    /** @return results of the most recent windows (up to 1 000), oldest first */
    public synchronized List<WindowResult> results() {
        return List.copyOf(results);
    }

    /** @return the id of the run the window metrics are recorded in */
    public String runId() {
        return runId;
    }

    private void process(Window<Row> window) {
        List<Row> rows = window.rows();
        Table.Builder table = Table.builder();
        for (String column : profiles.keySet()) {
            if (profiles.get(column).isNumeric()) {
                double[] v = new double[rows.size()];
                for (int i = 0; i < v.length; i++) {
                    Row r = rows.get(i);
                    v[i] = ((double[]) r.batch().features().get(column))[r.index()];
                }
                table.numeric(column, v);
            } else {
                String[] v = new String[rows.size()];
                for (int i = 0; i < v.length; i++) {
                    Row r = rows.get(i);
                    v[i] = ((String[]) r.batch().features().get(column))[r.index()];
                }
                table.categorical(column, v);
            }
        }
        DriftReport report = config.detector.compare(profiles, table.build());
        Map<String, Double> metrics = metrics(report, rows);
        int index = nextWindow++;
        Instant end = window.end() != null ? window.end() : rows.get(rows.size() - 1).batch().timestamp(rows.get(rows.size() - 1).index());
        WindowResult partial = new WindowResult(index, window.start(), end, rows.size(), report, metrics, List.of());
        record(partial);
        List<Alert> alerts = alerts(partial);
        WindowResult result = new WindowResult(index, window.start(), end, rows.size(), report, metrics, alerts);
        results.addLast(result);
        if (results.size() > KEEP_RESULTS) {
            results.removeFirst();
        }
        retraining(result);
    }

    private Map<String, Double> metrics(DriftReport report, List<Row> rows) {
        Map<String, Double> m = new TreeMap<>();
        m.put("window.rows", (double) rows.size());
        m.put("drift.columns_drifted", (double) report.drifted().size());
        m.put("drift.share_drifted", (double) report.drifted().size() / Math.max(1, report.columns().size()));
        for (ColumnReport c : report.columns()) {
            for (TestOutcome o : c.outcomes()) {
                String test = o.test().name().toLowerCase(Locale.ROOT);
                if (Double.isFinite(o.statistic())) {
                    m.put("drift." + c.column() + "." + test, o.statistic());
                }
                if (Double.isFinite(o.pValue())) {
                    m.put("drift." + c.column() + "." + test + ".p_value", o.pValue());
                }
            }
            m.put("missing." + c.column() + ".rate", c.currentMissingRate());
        }
        List<Row> labelled = rows.stream().filter(r -> r.batch().labels() != null).toList();
        if (!labelled.isEmpty()) {
            double[] p = new double[labelled.size()];
            double[] y = new double[labelled.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = labelled.get(i).batch().predictions()[labelled.get(i).index()];
                y[i] = labelled.get(i).batch().labels()[labelled.get(i).index()];
            }
            m.putAll(PerformanceMetrics.of(config.task, p, y));
        }
        return m;
    }

    private void record(WindowResult w) {
        List<MetricPoint> points = new ArrayList<>();
        w.metrics().forEach((k, v) -> points.add(new MetricPoint(k, v, w.index(), w.end())));
        config.store.tracking().logMetrics(runId, points);
    }

    private List<Alert> alerts(WindowResult w) {
        List<Alert> raised = new ArrayList<>();
        for (int i = 0; i < config.rules.size(); i++) {
            AlertRule rule = config.rules.get(i);
            var breach = rule.breach(w);
            if (breach.isEmpty()) {
                streaks[i] = 0;
                continue;
            }
            streaks[i]++;
            if (streaks[i] == rule.windows()) {
                String message = breach.get() + (rule.windows() > 1 ? " (" + rule.windows() + " consecutive windows)" : "");
                raised.add(new Alert(config.version.modelName(), config.version.version(), rule.name(), w.index(),
                        w.end(), message));
            }
        }
        for (Alert a : raised) {
            LOG.warn("alert on {}/{} window {}: {} — {}", a.model(), a.version(), a.window(), a.rule(), a.message());
            config.audit.record("monitor.alert", config.version.reference(), Map.of("rule", a.rule(),
                    "window", Integer.toString(a.window()), "message", a.message()));
            for (AlertListener l : config.listeners) {
                try {
                    l.onAlert(a);
                } catch (RuntimeException e) {
                    LOG.warn("alert listener {} failed on {}; monitoring goes on", l, a.rule(), e);
                }
            }
        }
        return raised;
    }

    private void retraining(WindowResult w) {
        RetrainingPolicy policy = config.retrainingPolicy;
        if (policy == null) {
            return;
        }
        if (!policy.holds(w)) {
            retrainStreak.clear();
            return;
        }
        retrainStreak.addLast(w);
        while (retrainStreak.size() > policy.windows()) {
            retrainStreak.removeFirst();
        }
        if (retrainStreak.size() < policy.windows()) {
            return;
        }
        if (lastRetrain != null && w.end().isBefore(lastRetrain.plus(policy.cooldownPeriod()))) {
            LOG.debug("retraining condition met at window {} but within cooldown until {}", w.index(),
                    lastRetrain.plus(policy.cooldownPeriod()));
            return;
        }
        lastRetrain = w.end();
        RetrainingRequest request = new RetrainingRequest(config.version.modelName(), config.version.version(), w.end(),
                policy.description() + " met at window " + w.index(), List.copyOf(retrainStreak));
        retrainStreak.clear();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", request.reason());
        details.put("window", Integer.toString(w.index()));
        config.audit.record("monitor.retrain", config.version.reference(), details);
        LOG.info("retraining requested for {}: {}", config.version.reference(), request.reason());
        try {
            config.trigger.retrain(request);
        } catch (RuntimeException e) {
            LOG.warn("retraining trigger failed for {}; monitoring goes on", config.version.reference(), e);
        }
    }

    private String monitoringRun() {
        String model = config.version.modelName();
        int version = config.version.version();
        return MonitoringRuns.find(config.store, model, version).map(RunRecord::id).orElseGet(() -> {
            String experiment = MonitoringRuns.experimentName(model);
            String expId = config.store.tracking().findExperiment(experiment)
                    .orElseGet(() -> createExperiment(experiment)).id();
            return config.store.tracking().createRun(new NewRun(expId, null, "v" + version,
                    Map.of("model", model, "version", Integer.toString(version)), Instant.now(), RunSource.unknown())).id();
        });
    }

    private ExperimentRecord createExperiment(String name) {
        try {
            return config.store.tracking().createExperiment(name, "production monitoring", Map.of(), Instant.now());
        } catch (ConflictException raced) {
            return config.store.tracking().findExperiment(name).orElseThrow(() -> raced);
        }
    }
}
