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
import io.mllifecycle.drift.estimation.PerformanceEstimate;
import io.mllifecycle.drift.fairness.FairnessReport;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
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
 * call the host's trigger. Optionally each window is also analysed per segment ({@link MonitorBuilder#segmentBy}),
 * its performance estimated without labels ({@link MonitorBuilder#estimatePerformance}) and its fairness
 * computed ({@link MonitorBuilder#fairness}). {@link #close()} processes the last, partial window and ends the
 * monitoring run.
 *
 * <p>The configuration is a snapshot taken at {@code start()}. Every batch is checked whole before any of
 * its rows is kept: a failed {@code observe} leaves the monitor as it was. At most one monitor of a version
 * over one store is active in this JVM at a time ({@code start()} of a second fails until the first is
 * closed). Run times come from the lifecycle's clock; window times are data time. Thread-safe.
 */
public final class Monitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    private static final int KEEP_RESULTS = 1_000;

    private record Row(ProductionBatch batch, int index) {}

    /** Active monitors by store identity and version reference; see {@link #acquire}. */
    private static final java.util.Set<Active> ACTIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Key of an active monitor: the store by identity, not equality. */
    private record Active(IdentityRef store, String version) {}

    private static final class IdentityRef {
        private final Object target;

        IdentityRef(Object target) {
            this.target = target;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityRef r && r.target == target;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(target);
        }
    }

    private final Config config;
    private final Active key;
    private final Map<String, ReferenceProfile> profiles;
    private final String runId;
    private final WindowCollector<Row> collector;
    private final int[] streaks;
    private final Deque<WindowResult> results = new ArrayDeque<>();
    private final Deque<WindowResult> retrainStreak = new ArrayDeque<>();
    private Instant lastRetrain;
    private Instant lastTimestamp;
    private int nextWindow;
    private boolean closed;
    private final LabelJoin join;
    private final int[] lateStreaks;
    private final java.util.Set<String> openIds = new java.util.HashSet<>();
    private final java.util.Set<Long> recordedShare = new java.util.HashSet<>();
    private final java.util.Set<Long> recordedUnmatched = new java.util.HashSet<>();
    private int eventSeq;
    /** The lifecycle's monitor listeners (see {@link MonitorListener}). */
    private final io.mllifecycle.internal.ListenerSet<MonitorListener> hooks;
    /** Issue 17 analyses, each null unless configured: see {@link MonitorBuilder#segmentBy} and the next two. */
    private final Segments segments;
    private final PerformanceEstimation estimation;
    private final FairnessWatch fairness;
    private final List<io.mllifecycle.quality.DataQualitySuite> suites;

    /** Prefix of the monitoring run's artifacts that hold the label join's events. */
    static final String LABEL_EVENTS = "monitoring/labels/";
    private static final String LABEL_MEDIA_TYPE = "application/vnd.mllifecycle.label-join.v1";

    /**
     * The state of the delayed-label join.
     *
     * @param pendingPredictions predictions the join holds (labelled or not; what the cap bounds) until their
     *                           window expires
     * @param awaiting           of those, predictions still without a label
     * @param pendingWindows     windows the join holds
     * @param unmatched          predictions whose window expired (TTL or cap) before their label came, over
     *                           every session of this version's monitoring
     */
    public record LabelStatus(int pendingPredictions, int awaiting, int pendingWindows, long unmatched) {}

    /** The immutable snapshot of a {@link MonitorBuilder} taken at start. */
    private record Config(io.mllifecycle.store.LifecycleStore store, io.mllifecycle.store.ModelVersionRecord version,
                          io.mllifecycle.audit.AuditTrail audit, java.time.Clock clock,
                          io.mllifecycle.drift.Chunker chunker, io.mllifecycle.drift.DriftDetector detector, Task task,
                          List<AlertRule> rules, List<AlertListener> listeners, RetrainingPolicy retrainingPolicy,
                          RetrainingTrigger trigger, double labelShare, int maxPending, java.time.Duration labelTtl) {}

    Monitor(MonitorBuilder b, Map<String, ReferenceProfile> profiles) {
        this.config = new Config(b.store, b.version, b.audit, b.clock, b.chunker, b.detector, b.task,
                List.copyOf(b.rules), List.copyOf(b.listeners), b.retrainingPolicy, b.trigger, b.labelShare,
                b.maxPendingLabels, b.labelTtl);
        this.hooks = b.hooks;
        this.profiles = Map.copyOf(profiles);
        this.suites = List.copyOf(b.suites);
        this.streaks = new int[config.rules.size()];
        this.lateStreaks = new int[config.rules.size()];
        this.join = new LabelJoin(config.labelShare, config.maxPending, config.labelTtl);
        this.segments = b.segmentColumn == null ? null
                : new Segments(b.segmentColumn, b.maxSegments, this.profiles, b.segmentReferences);
        this.estimation = b.cbpe == null ? null : new PerformanceEstimation(b.cbpe);
        this.fairness = b.fairnessColumn == null ? null
                : new FairnessWatch(b.fairnessColumn, b.fairnessThreshold, b.fairnessBounds);
        this.key = new Active(new IdentityRef(config.store), config.version.reference());
        if (!ACTIVE.add(key)) {
            throw new IllegalStateException(config.version.reference() + " already has an active monitor over this"
                    + " store in this JVM; close it before starting another");
        }
        try {
            this.nextWindow = MonitoringRuns.runs(config.store, config.version.modelName(), config.version.version())
                    .stream().flatMap(r -> r.latestMetrics().values().stream())
                    .mapToInt(p -> (int) p.step() + 1).max().orElse(0);
            List<RunRecord> earlier = MonitoringRuns.runs(config.store, config.version.modelName(),
                    config.version.version());
            this.runId = monitoringRun();
            replay(earlier);
        } catch (RuntimeException e) {
            ACTIVE.remove(key);
            throw e;
        }
        this.collector = config.chunker.open(r -> r.batch().timestamp(r.index()), this::process);
    }

    /**
     * Adds production rows; complete windows are processed before this returns. The batch is checked whole
     * first, and nothing of it is kept if any check fails.
     *
     * @throws IllegalArgumentException if the batch is null, lacks a profiled column, has a column of the
     *         wrong kind (a categorical column against a numeric profile or the reverse), a prediction or
     *         label that is not finite, a label other than 0/1 for binary classification, or a timestamp
     *         earlier than the last row already observed; with {@link MonitorBuilder#segmentBy} or
     *         {@link MonitorBuilder#fairness}, if it lacks that categorical column; with
     *         {@link MonitorBuilder#estimatePerformance} or fairness, if a prediction is outside [0, 1]
     * @throws IllegalStateException if the monitor was closed
     */
    public synchronized void observe(ProductionBatch batch) {
        if (batch == null) {
            throw new IllegalArgumentException("batch must not be null");
        }
        if (closed) {
            throw new IllegalStateException("the monitor of " + config.version.reference() + " was closed; start a new"
                    + " one with lifecycle.monitor(…)");
        }
        Signature.requireMatch(config.version, batch); // the version's signature, before anything is counted
        check(batch);
        checkQuality(batch);
        if (batch.ids() != null) {
            openIds.addAll(List.of(batch.ids()));
        }
        for (int i = 0; i < batch.size(); i++) {
            collector.add(new Row(batch, i));
        }
        if (batch.size() > 0) {
            lastTimestamp = batch.timestamp(batch.size() - 1);
        }
    }

    /**
     * Gives labels for predictions observed earlier with ids ({@link ProductionBatch.Builder#ids}); any time
     * later, in any order, in any grouping; labels for rows of the window still open are held until it is
     * complete. Each window's performance is computed once the configured share of
     * its labels arrived ({@link MonitorBuilder#delayedLabels}), recorded at the window's step, and metric
     * alert rules are evaluated on it then ("late" alerts, with their own streaks). The call is stored in the
     * monitoring run before it is applied, so a restarted monitor of the version replays it.
     *
     * @param ids    request ids, each of a prediction still waiting for its label, without repeats
     * @param labels one label per id (0/1 for binary classification, finite)
     * @param at     when the labels became known; windows expire by this time and window ends
     * @throws IllegalArgumentException if an argument is null or of the wrong length, a label is not valid, or
     *         any id is unknown (never observed, already labelled, or expired); the
     *         message names the first few; nothing of the call is kept
     * @throws IllegalStateException if the monitor was closed
     */
    public synchronized void labels(String[] ids, double[] labels, Instant at) {
        if (ids == null || labels == null || at == null) {
            throw new IllegalArgumentException("ids, labels and at must not be null, but " + (ids == null ? "ids"
                    : labels == null ? "labels" : "at") + " was");
        }
        if (closed) {
            throw new IllegalStateException("the monitor of " + config.version.reference() + " was closed; start a new"
                    + " one with lifecycle.monitor(…)");
        }
        if (ids.length != labels.length) {
            throw new IllegalArgumentException("labels must have one value per id (" + ids.length + "), but had "
                    + labels.length);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null) {
                throw new IllegalArgumentException("ids[" + i + "] must not be null");
            }
            if (!seen.add(ids[i])) {
                throw new IllegalArgumentException("ids must not repeat, but '" + ids[i] + "' repeats at " + i);
            }
            if (!Double.isFinite(labels[i])) {
                throw new IllegalArgumentException("labels[" + i + "] must be finite, but was " + labels[i]);
            }
            if (config.task == Task.BINARY_CLASSIFICATION && labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "] must be 0 or 1 for binary classification, but"
                        + " was " + labels[i]);
            }
            if (!join.waiting(ids[i]) && !(openIds.contains(ids[i]) && !join.hasEarly(ids[i]))) {
                unknown.add(ids[i]);
            }
        }
        if (!unknown.isEmpty()) {
            StringBuilder m = new StringBuilder();
            if (!unknown.isEmpty()) {
                m.append("labels for ").append(unknown.size()).append(" unknown id(s) (never observed, already"
                        + " labelled, or expired): ").append(unknown.subList(0, Math.min(5, unknown.size())));
            }
            throw new IllegalArgumentException(m.append("; nothing of this call was kept").toString());
        }
        persist(LabelJoin.encodeArrival(ids, labels, at));
        handle(join.arrive(ids, labels.clone(), at), at, true);
    }

    /** Evaluates the expectation suites on a batch's features; a failing suite raises a DATA_QUALITY alert. */
    private void checkQuality(ProductionBatch batch) {
        if (suites.isEmpty() || batch.size() == 0) {
            return;
        }
        io.mllifecycle.drift.Table features = Table.of(batch.features());
        for (io.mllifecycle.quality.DataQualitySuite suite : suites) {
            io.mllifecycle.quality.DataQualityReport report = suite.evaluate(features);
            if (report.passed()) {
                continue;
            }
            StringBuilder m = new StringBuilder("data is broken: ").append(report.summary());
            for (io.mllifecycle.quality.ExpectationResult r : report.failures()) {
                m.append("; ").append(r.name()).append(": observed ").append(r.observed()).append(", expected ")
                        .append(r.expected());
                if (!r.examples().isEmpty()) {
                    m.append(", e.g. ").append(r.examples().get(0));
                }
            }
            // bounded: the message goes into an audit event
            String message = m.length() <= 4_000 ? m.toString() : m.substring(0, 3_999) + "…";
            raise(new Alert(config.version.modelName(), config.version.version(), "data quality '" + suite.name()
                    + "'", nextWindow, batch.timestamp(batch.size() - 1), message, Alert.Kind.DATA_QUALITY));
        }
    }

    /** @return the state of the delayed-label join */
    public synchronized LabelStatus labelStatus() {
        return new LabelStatus(join.pendingRows(), join.awaiting(), join.pendingWindows(), join.unmatched());
    }

    private void persist(byte[] event) {
        String path = LABEL_EVENTS + String.format(Locale.ROOT, "%09d.bin", ++eventSeq);
        io.mllifecycle.internal.BlobReferences.of(config.store).guardWrite(() -> {
            var info = config.store.artifacts().put(new java.io.ByteArrayInputStream(event), LABEL_MEDIA_TYPE);
            config.store.tracking().recordArtifact(runId, path, info.digest());
            return info;
        });
    }

    private void replay(List<RunRecord> earlier) {
        for (RunRecord run : earlier) {
            for (MetricPoint p : config.store.tracking().metricHistory(run.id(), "labels.share", Long.MIN_VALUE,
                    Long.MAX_VALUE)) {
                recordedShare.add(p.step());
            }
            for (MetricPoint p : config.store.tracking().metricHistory(run.id(), "labels.unmatched", Long.MIN_VALUE,
                    Long.MAX_VALUE)) {
                recordedUnmatched.add(p.step());
            }
        }
        int events = 0;
        for (RunRecord run : earlier) {
            List<String> paths = run.artifacts().keySet().stream().filter(k -> k.startsWith(LABEL_EVENTS)).sorted()
                    .toList();
            for (String path : paths) {
                byte[] bytes;
                try (var in = config.store.artifacts().open(run.artifacts().get(path))) {
                    bytes = in.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new io.mllifecycle.store.StoreException("reading label-join event " + path + " of run "
                            + run.id() + " failed: " + e.getMessage(), e);
                }
                LabelJoin.Outcome o = join.replay(bytes);
                handle(o, null, false);
                events++;
            }
        }
        join.dropEarly();
        if (events > 0) {
            LOG.info("monitor of {} replayed {} label-join event(s): {} prediction(s) in {} window(s) wait for labels",
                    config.version.reference(), events, join.pendingRows(), join.pendingWindows());
        }
    }

    /** Records what a join event made due or expired; live events also raise late alerts. */
    private void handle(LabelJoin.Outcome outcome, Instant at, boolean live) {
        for (LabelJoin.Pending p : outcome.due()) {
            p.evaluated = true;
            if (recordedShare.contains((long) p.index)) {
                continue;
            }
            int n = 0;
            for (double y : p.labels) {
                n += Double.isNaN(y) ? 0 : 1;
            }
            double[] pr = new double[n];
            double[] y = new double[n];
            for (int i = 0, k = 0; i < p.size(); i++) {
                if (!Double.isNaN(p.labels[i])) {
                    pr[k] = p.predictions[i];
                    y[k++] = p.labels[i];
                }
            }
            Map<String, Double> m = new TreeMap<>(PerformanceMetrics.of(config.task, pr, y));
            m.put("labels.received", (double) n);
            m.put("labels.share", (double) n / p.size());
            Map<String, SegmentResult> lateSegments = new LinkedHashMap<>();
            FairnessReport lateFairness = lateAnalyses(p, pr, y, m, lateSegments);
            Instant when = at != null ? at : p.end;
            List<MetricPoint> points = new ArrayList<>();
            m.forEach((k, v) -> points.add(new MetricPoint(k, v, p.index, when)));
            config.store.tracking().logMetrics(runId, points);
            recordedShare.add((long) p.index);
            if (live) {
                lateAlerts(new WindowResult(p.index, p.end, p.end, p.size(), EMPTY, m, List.of(), lateSegments, null,
                        lateFairness));
                if (lateFairness != null) {
                    fairnessAlerts(lateFairness, p.index, p.end, " once labels arrived");
                }
            }
        }
        for (LabelJoin.Pending p : outcome.expired()) {
            if (recordedUnmatched.add((long) p.index)) {
                config.store.tracking().logMetrics(runId, List.of(new MetricPoint("labels.unmatched",
                        (double) (p.size() - p.received), p.index, at != null ? at : p.end)));
            }
            if (p.size() > p.received) {
                LOG.debug("window {} of {} expired with {} of {} label(s) missing", p.index,
                        config.version.reference(), p.size() - p.received, p.size());
            }
        }
    }

    private static final DriftReport EMPTY = new DriftReport(List.of(), io.mllifecycle.drift.Verdict.INSUFFICIENT_DATA,
            io.mllifecycle.drift.Correction.BENJAMINI_HOCHBERG, 0.05);

    private void check(ProductionBatch batch) {
        for (Map.Entry<String, ReferenceProfile> e : profiles.entrySet()) {
            String column = e.getKey();
            Object values = batch.features().get(column);
            if (values == null) {
                throw new IllegalArgumentException("batch must have column '" + column + "' of the reference profile;"
                        + " it has " + batch.features().keySet());
            }
            boolean numeric = e.getValue().isNumeric();
            if (numeric && !(values instanceof double[])) {
                throw new IllegalArgumentException("column '" + column + "' must be numeric (double[]) like its"
                        + " reference profile, but was categorical");
            }
            if (!numeric && !(values instanceof String[])) {
                throw new IllegalArgumentException("column '" + column + "' must be categorical (String[]) like its"
                        + " reference profile, but was numeric");
            }
        }
        double[] p = batch.predictions();
        double[] y = batch.labels();
        for (int i = 0; p != null && i < p.length; i++) {
            if (!Double.isFinite(p[i])) {
                throw new IllegalArgumentException("predictions[" + i + "] must be finite, but was " + p[i]);
            }
        }
        for (int i = 0; y != null && i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("labels[" + i + "] must be finite, but was " + y[i]);
            }
            if (config.task == Task.BINARY_CLASSIFICATION && y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "] must be 0 or 1 for binary classification, but"
                        + " was " + y[i]);
            }
        }
        String[] ids = batch.ids();
        for (int i = 0; ids != null && i < ids.length; i++) {
            if (openIds.contains(ids[i]) || join.known(ids[i])) {
                throw new IllegalArgumentException("ids[" + i + "] '" + ids[i] + "' was already observed and still"
                        + " waits for its label; request ids must be unique");
            }
        }
        Instant previous = lastTimestamp;
        for (int i = 0; i < batch.size(); i++) {
            Instant t = batch.timestamp(i);
            if (previous != null && t.isBefore(previous)) {
                throw new IllegalArgumentException("rows must be in non-decreasing time order, but row " + i + " at "
                        + t + " came after " + previous + (i == 0 ? " (the last row observed before)" : ""));
            }
            previous = t;
        }
        checkAnalyses(batch);
    }

    /** The columns and probabilities the issue-17 analyses need; see {@link MonitorBuilder#segmentBy}. */
    private void checkAnalyses(ProductionBatch batch) {
        for (String[] need : new String[][] {
                {segments == null ? null : segments.column(), "segment column (MonitorBuilder.segmentBy)"},
                {fairness == null ? null : fairness.column(), "fairness group column (MonitorBuilder.fairness)"}}) {
            if (need[0] == null) {
                continue;
            }
            Object values = batch.features().get(need[0]);
            if (values == null) {
                throw new IllegalArgumentException("batch must have the " + need[1] + " '" + need[0] + "'; it has "
                        + batch.features().keySet() + "; nothing of the batch was kept");
            }
            if (!(values instanceof String[])) {
                throw new IllegalArgumentException("the " + need[1] + " '" + need[0] + "' must be categorical"
                        + " (String[]), but was numeric");
            }
        }
        double[] p = batch.predictions();
        if ((estimation != null || fairness != null) && p != null) {
            for (int i = 0; i < p.length; i++) {
                if (!(p[i] >= 0 && p[i] <= 1)) {
                    throw new IllegalArgumentException("predictions[" + i + "] must be a probability in [0, 1] for "
                            + (estimation != null ? "performance estimation" : "fairness") + ", but was " + p[i]
                            + "; nothing of the batch was kept");
                }
            }
        }
    }

    /**
     * Processes the last, partial window, ends the monitoring run (FINISHED, at the lifecycle clock's time)
     * and lets another monitor of the version start. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            collector.close();
        } finally {
            try {
                config.store.tracking().endRun(runId, RunStatus.FINISHED, config.clock.instant(), null);
            } catch (ConflictException alreadyEnded) {
                LOG.warn("monitoring run {} of {} had already ended", runId, config.version.reference());
            } finally {
                ACTIVE.remove(key);
            }
        }
    }

    /** @return true once {@link #close()} was called */
    public synchronized boolean isClosed() {
        return closed;
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
        Analyses extra = analyses(rows);
        metrics.putAll(extra.metrics());
        int index = nextWindow++;
        Instant end = window.end() != null ? window.end() : rows.get(rows.size() - 1).batch().timestamp(rows.get(rows.size() - 1).index());
        WindowResult partial = new WindowResult(index, window.start(), end, rows.size(), report, metrics, List.of(),
                extra.segments(), extra.estimate(), extra.fairness());
        record(partial);
        if (metrics.containsKey("labels.pending")) {
            enqueue(index, end, rows, extra);
        }
        for (Row r : rows) {
            if (r.batch().ids() != null) {
                openIds.remove(r.batch().ids()[r.index()]);
            }
        }
        List<Alert> alerts = new ArrayList<>(alerts(partial));
        if (extra.fairness() != null) {
            alerts.addAll(fairnessAlerts(extra.fairness(), index, end, ""));
        }
        WindowResult result = new WindowResult(index, window.start(), end, rows.size(), report, metrics, alerts,
                extra.segments(), extra.estimate(), extra.fairness());
        results.addLast(result);
        if (results.size() > KEEP_RESULTS) {
            results.removeFirst();
        }
        hooks.notifyEach("window " + index, l -> l.windowClosed(config.version.modelName(), config.version.version(),
                result));
        retraining(result);
    }

    /** Puts a window's predictions into the label join: stored first, then applied. */
    private void enqueue(int index, Instant end, List<Row> rows, Analyses extra) {
        List<Row> predicted = rows.stream().filter(r -> r.batch().predictions() != null).toList();
        String[] ids = new String[predicted.size()];
        double[] p = new double[ids.length];
        double[] y = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Row r = predicted.get(i);
            // rows that came with their label join under an id no caller can give (a control character)
            ids[i] = r.batch().ids() != null ? r.batch().ids()[r.index()] : "\u0000w" + index + "r" + i;
            p[i] = r.batch().predictions()[r.index()];
            y[i] = r.batch().labels() != null ? r.batch().labels()[r.index()] : Double.NaN;
        }
        if (extra.segmentOf() == null && extra.groupOf() == null) {
            persist(LabelJoin.encodePredictions(index, end, ids, p, y));
            handle(join.addWindow(index, end, ids, p, y), end, true);
            return;
        }
        String[] seg = extra.segmentOf() == null ? null : new String[ids.length];
        String[] grp = extra.groupOf() == null ? null : new String[ids.length];
        for (int i = 0, k = 0; i < rows.size(); i++) {
            if (rows.get(i).batch().predictions() != null) {
                if (seg != null) {
                    seg[k] = extra.segmentOf()[i];
                }
                if (grp != null) {
                    grp[k] = extra.groupOf()[i];
                }
                k++;
            }
        }
        persist(LabelJoin.encodePredictions(index, end, ids, p, y, seg, grp));
        handle(join.addWindow(index, end, ids, p, y, seg, grp), end, true);
    }

    /** What the issue-17 analyses found in a window, and each row's segment and group for the label join. */
    private record Analyses(Map<String, Double> metrics, Map<String, SegmentResult> segments,
                            PerformanceEstimate estimate, FairnessReport fairness, String[] segmentOf,
                            String[] groupOf) {}

    private static final Analyses NO_ANALYSES = new Analyses(Map.of(), Map.of(), null, null, null, null);

    /** Segments, estimated performance and fairness of a window, each when configured. */
    private Analyses analyses(List<Row> rows) {
        if (segments == null && estimation == null && fairness == null) {
            return NO_ANALYSES;
        }
        int n = rows.size();
        double[] pred = new double[n];
        double[] lab = new double[n];
        int predicted = 0;
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            pred[i] = r.batch().predictions() != null ? r.batch().predictions()[r.index()] : Double.NaN;
            lab[i] = r.batch().labels() != null ? r.batch().labels()[r.index()] : Double.NaN;
            predicted += r.batch().predictions() != null ? 1 : 0;
        }
        Map<String, Double> m = new TreeMap<>();
        Map<String, SegmentResult> seg = Map.of();
        String[] segmentOf = null;
        if (segments != null) {
            segmentOf = segments.assign(strings(rows, segments.column()));
            Map<String, Object> columns = new LinkedHashMap<>();
            for (String column : profiles.keySet()) {
                if (!segments.compares(column)) {
                    continue;
                }
                if (profiles.get(column).isNumeric()) {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = ((double[]) rows.get(i).batch().features().get(column))[rows.get(i).index()];
                    }
                    columns.put(column, v);
                } else {
                    columns.put(column, strings(rows, column));
                }
            }
            seg = segments.analyze(config.detector, config.task, segmentOf, columns, pred, lab);
            m.putAll(Segments.prefixed(seg));
        }
        PerformanceEstimate estimate = null;
        if (estimation != null && predicted > 0) {
            double[] scores = new double[predicted];
            for (int i = 0, k = 0; i < n; i++) {
                if (!Double.isNaN(pred[i])) {
                    scores[k++] = pred[i];
                }
            }
            estimate = estimation.estimate(scores);
            m.putAll(PerformanceEstimation.metrics(estimate));
            double[][] labelled = labelled(pred, lab);
            m.putAll(estimation.realised(labelled[0], labelled[1]));
        }
        String[] groupOf = fairness == null ? null : strings(rows, fairness.column());
        FairnessReport report = null;
        if (fairness != null) {
            double[] p = pred.clone();
            double[] y = lab.clone();
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(p[i])) {
                    y[i] = Double.NaN;
                }
            }
            report = fairness.report(p, y, groupOf);
            if (report != null) {
                m.putAll(FairnessWatch.metrics(report));
            }
        }
        return new Analyses(m, seg, estimate, report, segmentOf, groupOf);
    }

    /** The values of a categorical column of the window's rows. */
    private static String[] strings(List<Row> rows, String column) {
        String[] v = new String[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((String[]) rows.get(i).batch().features().get(column))[rows.get(i).index()];
        }
        return v;
    }

    /** @return {scores, labels} of the rows that have both */
    private static double[][] labelled(double[] pred, double[] lab) {
        int k = 0;
        for (int i = 0; i < pred.length; i++) {
            k += Double.isNaN(pred[i]) || Double.isNaN(lab[i]) ? 0 : 1;
        }
        double[][] out = {new double[k], new double[k]};
        for (int i = 0, j = 0; i < pred.length; i++) {
            if (!Double.isNaN(pred[i]) && !Double.isNaN(lab[i])) {
                out[0][j] = pred[i];
                out[1][j++] = lab[i];
            }
        }
        return out;
    }

    /** Segment performance, realised vs estimated performance and fairness of a window whose labels arrived. */
    private FairnessReport lateAnalyses(LabelJoin.Pending p, double[] pr, double[] y, Map<String, Double> m,
                                        Map<String, SegmentResult> lateSegments) {
        if (segments != null && p.segments != null) {
            segments.performance(config.task, p.segments, p.predictions, p.labels).forEach((segment, perf) -> {
                String key = segments.keyOf(segment);
                perf.forEach((k, v) -> m.put(Segments.PREFIX + key + "." + k, v));
                lateSegments.put(segment, new SegmentResult(segment, key, (int) Math.round(perf.get("labels.received")),
                        EMPTY, perf));
            });
        }
        if (estimation != null) {
            m.putAll(estimation.realised(pr, y));
        }
        if (fairness != null && p.groups != null) {
            FairnessReport report = fairness.report(p.predictions, p.labels, p.groups);
            if (report != null) {
                m.putAll(FairnessWatch.metrics(report));
            }
            return report;
        }
        return null;
    }

    /** Raises the fairness alerts of a window. */
    private List<Alert> fairnessAlerts(FairnessReport report, int index, Instant end, String suffix) {
        List<Alert> raised = new ArrayList<>();
        for (FairnessWatch.Breach b : fairness.breaches(report)) {
            Alert a = new Alert(config.version.modelName(), config.version.version(), b.rule(), index, end,
                    b.message() + suffix);
            raise(a);
            raised.add(a);
        }
        return raised;
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
        long delayed = rows.stream().filter(r -> r.batch().labels() == null && r.batch().ids() != null).count();
        if (delayed > 0) {
            m.put("labels.pending", (double) delayed);
        } else if (!labelled.isEmpty()) {
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
                        w.end(), message, rule.kind()));
            }
        }
        raised.forEach(this::raise);
        return raised;
    }

    /** Alert rules on a window's late performance metrics, with streaks of their own over late evaluations. */
    private void lateAlerts(WindowResult w) {
        for (int i = 0; i < config.rules.size(); i++) {
            AlertRule rule = config.rules.get(i);
            var breach = rule.breach(w);
            if (breach.isEmpty()) {
                lateStreaks[i] = 0;
                continue;
            }
            lateStreaks[i]++;
            if (lateStreaks[i] == rule.windows()) {
                String message = breach.get() + " once labels arrived" + (rule.windows() > 1 ? " (" + rule.windows()
                        + " consecutive labelled windows)" : "");
                raise(new Alert(config.version.modelName(), config.version.version(), rule.name(), w.index(), w.end(),
                        message, rule.kind()));
            }
        }
    }

    private void raise(Alert a) {
        LOG.warn("alert on {}/{} window {}: {} — {}", a.model(), a.version(), a.window(), a.rule(), a.message());
        config.audit.record("monitor.alert", config.version.reference(), Map.of("rule", a.rule(),
                "window", Integer.toString(a.window()), "message", a.message(), "kind", a.kind().name()));
        hooks.notifyEach("alert " + a.rule(), l -> l.alertRaised(a));
        for (AlertListener l : config.listeners) {
            try {
                l.onAlert(a);
            } catch (RuntimeException e) {
                LOG.warn("alert listener {} failed on {}; monitoring goes on", l, a.rule(), e);
            }
        }
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
        hooks.notifyEach("retraining request", l -> l.retrainingRequested(request));
        try {
            config.trigger.retrain(request);
        } catch (RuntimeException e) {
            LOG.warn("retraining trigger failed for {}; monitoring goes on", config.version.reference(), e);
        }
    }

    private String monitoringRun() {
        String model = config.version.modelName();
        int version = config.version.version();
        String experiment = MonitoringRuns.experimentName(model);
        String expId = config.store.tracking().findExperiment(experiment)
                .orElseGet(() -> createExperiment(experiment)).id();
        return config.store.tracking().createRun(new NewRun(expId, null, "v" + version,
                Map.of("model", model, "version", Integer.toString(version)), config.clock.instant(),
                RunSource.unknown())).id();
    }

    private ExperimentRecord createExperiment(String name) {
        try {
            return config.store.tracking().createExperiment(name, "production monitoring", Map.of(),
                    config.clock.instant());
        } catch (ConflictException raced) {
            return config.store.tracking().findExperiment(name).orElseThrow(() -> raced);
        }
    }
}
