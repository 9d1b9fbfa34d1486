package io.mllifecycle.monitoring;

import io.mllifecycle.audit.AuditTrail;
import io.mllifecycle.internal.Factories;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.quality.DataQualitySuite;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Configures a {@link Monitor}; obtained from {@code lifecycle.monitor("name@champion")}. {@link #start()}
 * takes a snapshot of the configuration: the monitor never sees later changes, and every configuring
 * method (and a second {@code start()}) then fails with an {@link IllegalStateException}. Not thread-safe.
 */
public final class MonitorBuilder {
    final LifecycleStore store;
    final ModelVersionRecord version;
    final AuditTrail audit;
    final Clock clock;
    private boolean started;
    Map<String, ReferenceProfile> profiles;
    Chunker chunker = Chunker.byCount(10_000);
    DriftDetector detector = DriftDetector.builder().build();
    Task task = Task.BINARY_CLASSIFICATION;
    final List<AlertRule> rules = new ArrayList<>();
    final List<AlertListener> listeners = new ArrayList<>();
    RetrainingPolicy retrainingPolicy;
    RetrainingTrigger trigger;
    /** The lifecycle's monitor listeners, live: ones added after start are heard too. */
    io.mllifecycle.internal.ListenerSet<MonitorListener> hooks = new io.mllifecycle.internal.ListenerSet<>();
    double labelShare = DEFAULT_LABEL_SHARE;
    int maxPendingLabels = DEFAULT_MAX_PENDING;
    Duration labelTtl = DEFAULT_LABEL_TTL;
    String segmentColumn;
    int maxSegments = DEFAULT_MAX_SEGMENTS;
    Map<String, Map<String, ReferenceProfile>> segmentReferences = Map.of();
    io.mllifecycle.drift.estimation.Cbpe cbpe;
    String fairnessColumn;
    double fairnessThreshold = 0.5;
    Map<String, Double> fairnessBounds;

    /** Default cap on segments with metrics of their own ({@link #maxSegments}). */
    public static final int DEFAULT_MAX_SEGMENTS = 10;
    /** Largest cap {@link #maxSegments} accepts. */
    public static final int MAX_SEGMENTS = 200;
    final List<DataQualitySuite> suites = new ArrayList<>();

    /** Default share of a window's labels that must have arrived before its performance is computed. */
    public static final double DEFAULT_LABEL_SHARE = 0.8;
    /** Default cap on predictions waiting for labels. */
    public static final int DEFAULT_MAX_PENDING = 1_000_000;
    /** Default time a window waits for its labels. */
    public static final Duration DEFAULT_LABEL_TTL = Duration.ofDays(30);

    static {
        Factories.register(MonitorBuilder.class, (context, version) -> {
            MonitorBuilder b = new MonitorBuilder(context.store(), (ModelVersionRecord) version,
                    AuditTrail.over(context), context.clock());
            b.hooks = context.listeners(MonitorListener.class);
            return b;
        });
    }

    private MonitorBuilder(LifecycleStore store, ModelVersionRecord version, AuditTrail audit, Clock clock) {
        this.store = Checks.notNull("store", store);
        this.version = Checks.notNull("version", version);
        this.audit = Checks.notNull("audit", audit);
        this.clock = Checks.notNull("clock", clock);
    }

    private void open() {
        if (started) {
            throw new IllegalStateException("the monitor of " + version.reference() + " was already started from this"
                    + " builder; its configuration is fixed: configure a new one with lifecycle.monitor(…)");
        }
    }

    /** Windows to cut the production stream into; default {@code Chunker.byCount(10_000)}. */
    public MonitorBuilder windows(Chunker chunker) {
        open();
        this.chunker = Checks.notNull("chunker", chunker);
        return this;
    }

    /** The drift detector (tests, correction, floors); default {@code DriftDetector.builder().build()}. */
    public MonitorBuilder detector(DriftDetector detector) {
        open();
        this.detector = Checks.notNull("detector", detector);
        return this;
    }

    /** Reference profiles to compare with instead of the ones stored with the version. */
    public MonitorBuilder reference(Map<String, ReferenceProfile> profiles) {
        open();
        Checks.notNull("profiles", profiles);
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("profiles must have at least one column, but was empty");
        }
        this.profiles = Map.copyOf(profiles);
        return this;
    }

    /** What the model predicts, for performance metrics; default binary classification. */
    public MonitorBuilder task(Task task) {
        open();
        this.task = Checks.notNull("task", task);
        return this;
    }

    /** Adds an alert rule. */
    public MonitorBuilder alert(AlertRule rule) {
        open();
        rules.add(Checks.notNull("rule", rule));
        return this;
    }

    /** Adds an alert listener (alerts also go to SLF4J at WARN and to the audit trail). */
    public MonitorBuilder onAlert(AlertListener listener) {
        open();
        listeners.add(Checks.notNull("listener", listener));
        return this;
    }

    /** Calls {@code trigger} when {@code policy} is met, at most once per its cooldown. */
    public MonitorBuilder retraining(RetrainingPolicy policy, RetrainingTrigger trigger) {
        open();
        this.retrainingPolicy = Checks.notNull("policy", policy);
        this.trigger = Checks.notNull("trigger", trigger);
        return this;
    }

    /**
     * How predictions with ids ({@link ProductionBatch.Builder#ids}) wait for labels given later with
     * {@link Monitor#labels}: a window's performance metrics ({@code perf.*}, with {@code labels.share} and
     * {@code labels.received}) are computed and recorded at the window's step, and metric alert rules
     * evaluated on them, once at least {@code share} of its predictions have labels. At most
     * {@code maxPending} predictions wait; beyond that, and for windows whose end is more than {@code ttl}
     * before the latest window end or label time seen, the oldest windows are dropped, recording
     * {@code labels.unmatched} (predictions whose label never came) at their step. Defaults
     * {@value #DEFAULT_LABEL_SHARE}, {@value #DEFAULT_MAX_PENDING} and 30 days.
     *
     * @throws IllegalArgumentException if {@code share} is not in (0, 1], {@code maxPending} &lt; 1, or
     *         {@code ttl} is null, zero or negative
     */
    public MonitorBuilder delayedLabels(double share, int maxPending, Duration ttl) {
        open();
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], but was " + share);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be >= 1, but was " + maxPending);
        }
        Checks.notNull("ttl", ttl);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
        }
        this.labelShare = share;
        this.maxPendingLabels = maxPending;
        this.labelTtl = ttl;
        return this;
    }

    /**
     * Computes drift and performance per value of the categorical column {@code column} in each window,
     * besides the population: each segment is compared with the version's reference profiles (use
     * {@link #segmentBy(String, Map)} when segments differ in the reference period), with the p-values of
     * every segment × feature corrected as one family by the detector's correction (Benjamini–Hochberg by
     * default). At most {@link #maxSegments} values (default {@value #DEFAULT_MAX_SEGMENTS}) get a segment of
     * their own, admitted the first time they occur, most frequent first; the rest is pooled as
     * {@code "other"}, and rows without a value as {@code "(missing)"}. Results: {@link WindowResult#segments()},
     * metrics {@code segment.<key>.*} (see {@link SegmentResult#key()}), and alert rules such as
     * {@link AlertRules#segmentDrift()} name the segment. The segment column itself, if profiled, is not
     * compared within its segments (it is constant there). With delayed labels each segment's {@code perf.*}
     * is recorded once the window's labels arrived. Every batch must then have the column.
     *
     * @throws IllegalArgumentException if {@code column} is blank
     */
    public MonitorBuilder segmentBy(String column) {
        open();
        this.segmentColumn = Checks.key("column", column);
        this.segmentReferences = Map.of();
        return this;
    }

    /**
     * As {@link #segmentBy(String)}, comparing each named segment with its own reference profiles (e.g.
     * {@link ReferenceProfiles#fit} of that segment's training rows); segments without an entry, and
     * {@code "other"}, are compared with the version's profiles. Each entry must profile the same columns, of
     * the same kinds, as the version's profiles (checked at {@link #start()}); an entry also claims a segment
     * slot before any value is seen.
     *
     * @throws IllegalArgumentException if {@code column} is blank or {@code references} is null or holds a
     *         null or empty entry
     */
    public MonitorBuilder segmentBy(String column, Map<String, Map<String, ReferenceProfile>> references) {
        open();
        Checks.key("column", column);
        Checks.notNull("references", references);
        Map<String, Map<String, ReferenceProfile>> copy = new java.util.LinkedHashMap<>();
        references.forEach((segment, profiles) -> {
            Checks.notNull("segment of references", segment);
            if (profiles == null || profiles.isEmpty()) {
                throw new IllegalArgumentException("references of segment '" + segment + "' must profile at least"
                        + " one column, but was " + profiles);
            }
            copy.put(segment, Map.copyOf(profiles));
        });
        this.segmentColumn = column;
        this.segmentReferences = java.util.Collections.unmodifiableMap(copy);
        return this;
    }

    /**
     * The cap on segments with results of their own; the rest is pooled as {@code "other"}. Bounds the
     * metric names a monitor records. Default {@value #DEFAULT_MAX_SEGMENTS}.
     *
     * @throws IllegalArgumentException unless 1 ≤ {@code n} ≤ {@value #MAX_SEGMENTS}
     */
    public MonitorBuilder maxSegments(int n) {
        open();
        if (n < 1 || n > MAX_SEGMENTS) {
            throw new IllegalArgumentException("maxSegments must be in [1, " + MAX_SEGMENTS + "], but was " + n);
        }
        this.maxSegments = n;
        return this;
    }

    /**
     * Estimates performance in every window without labels, by confidence-based performance estimation
     * (NannyML's CBPE; lifecycle-drift's {@link io.mllifecycle.drift.estimation.Cbpe}): an isotonic
     * calibration of the model's scores is fitted here on the reference period; in each window the expected
     * confusion matrix of the calibrated scores (decision threshold 0.5, as {@code perf.accuracy}) gives
     * estimated accuracy, precision, recall, F1 and ROC AUC with a sampling-error band of ±3 standard errors,
     * recorded as {@code cbpe.<metric>}, {@code .lower}, {@code .upper}, {@code .sampling_error} and exposed as
     * {@link WindowResult#estimate()}. Once labels are known (with the rows, or delayed) the realised metric
     * of the labelled rows is recorded beside it as {@code cbpe.<metric>.realised} with
     * {@code cbpe.<metric>.in_band} (1 when it lies in the band of the estimate over those rows, else 0).
     * Valid under covariate shift for a model the reference calibration describes; <b>blind to concept
     * drift</b> (a changed P(y | x) leaves the estimate where it was): compare with the realised values. Needs
     * binary classification; every prediction must then be a probability in [0, 1].
     *
     * @param referenceScores the model's scores on the reference rows, each in [0, 1]
     * @param referenceLabels their true labels, each 0 or 1, both classes present
     * @throws IllegalArgumentException if an argument is null, empty, of another length, a score is outside
     *         [0, 1] or NaN, a label is not 0 or 1, or only one class occurs (naming the index and value)
     */
    public MonitorBuilder estimatePerformance(double[] referenceScores, double[] referenceLabels) {
        open();
        Checks.notNull("referenceScores", referenceScores);
        Checks.notNull("referenceLabels", referenceLabels);
        if (referenceScores.length != referenceLabels.length) {
            throw new IllegalArgumentException("referenceLabels must have one value per reference score ("
                    + referenceScores.length + "), but had " + referenceLabels.length);
        }
        boolean[] y = new boolean[referenceLabels.length];
        for (int i = 0; i < y.length; i++) {
            if (!(referenceScores[i] >= 0 && referenceScores[i] <= 1)) {
                throw new IllegalArgumentException("referenceScores[" + i + "] must be a probability in [0, 1], but"
                        + " was " + referenceScores[i]);
            }
            if (referenceLabels[i] != 0 && referenceLabels[i] != 1) {
                throw new IllegalArgumentException("referenceLabels[" + i + "] must be 0 or 1, but was "
                        + referenceLabels[i]);
            }
            y[i] = referenceLabels[i] == 1;
        }
        this.cbpe = io.mllifecycle.drift.estimation.Cbpe.builder().threshold(0.5).fit(referenceScores.clone(), y);
        return this;
    }

    /**
     * Computes group fairness of the predictions in every window from the thresholded predictions
     * ({@code prediction ≥ 0.5} is positive), the labels (with the rows, or delayed: then once the window's
     * label share arrived) and the categorical column {@code groupColumn}, with Fairlearn's definitions
     * (lifecycle-drift's {@link io.mllifecycle.drift.fairness.FairnessMetrics}). Recorded as
     * {@code fairness.<disparity>} and {@code fairness.group.<group>.*} (count, positives, selection rate, true and
     * false positive rate); an alert is raised when a disparity of {@code bounds} leaves its bound — above it
     * for the differences, below it for {@code demographic_parity_ratio} — once until a window is within it
     * again. A disparity the window's data leave undefined (e.g. a group without positives) raises nothing.
     * Rows without a group count as group {@code "(missing)"}. Needs binary classification; every batch must
     * then have the column and every prediction be in [0, 1].
     *
     * @param bounds disparity names as for {@code Gates.fairness} ({@code demographic_parity_difference},
     *               {@code demographic_parity_ratio}, {@code true_positive_rate_difference},
     *               {@code false_positive_rate_difference}, {@code equal_opportunity_difference},
     *               {@code equalized_odds_difference}) → bound in [0, 1]
     * @throws IllegalArgumentException if {@code groupColumn} is blank, or {@code bounds} is empty, names an
     *         unknown disparity or has a bound outside [0, 1]
     */
    public MonitorBuilder fairness(String groupColumn, Map<String, Double> bounds) {
        open();
        Checks.key("groupColumn", groupColumn);
        this.fairnessBounds = FairnessWatch.checkBounds(bounds);
        this.fairnessColumn = groupColumn;
        return this;
    }

    /**
     * Checks every observed batch's feature columns with {@code suite} (several suites may be added). A batch that
     * fails raises one alert of kind {@link Alert.Kind#DATA_QUALITY} ("the data is broken", as opposed to the
     * {@link Alert.Kind#DRIFT} alerts of "the data drifted"), named after the suite, whose message is the report's
     * summary and each failing expectation with its observed value, bound and first example row; it goes to the
     * listeners, SLF4J and the audit trail like any alert. The broken batch is still counted in its window: its
     * predictions were served, so performance and the label join must see them, and a drift alert of the same
     * window is then read next to the quality alert that explains it. Empty batches are not checked.
     */
    public MonitorBuilder expect(DataQualitySuite suite) {
        open();
        suites.add(Checks.notNull("suite", suite));
        return this;
    }

    /**
     * Starts the monitor with a snapshot of this configuration and opens a new monitoring run (see
     * {@link MonitoringRuns}) stamped with the lifecycle's clock.
     *
     * @return the running monitor
     * @throws IllegalStateException if neither the version nor {@link #reference} supplies profiles, if this
     *         builder was already started, or if another monitor of the same version over the same store is
     *         active in this JVM (close it first)
     */
    public Monitor start() {
        open();
        Map<String, ReferenceProfile> ref = profiles;
        if (ref == null) {
            if (version.profile() == null) {
                throw new IllegalStateException(version.reference() + " has no reference profile: register it with"
                        + " VersionSpec.referenceProfiles(…) or pass MonitorBuilder.reference(…)");
            }
            ref = ReferenceProfiles.load(store.artifacts(), version.profile());
        }
        checkOptions(ref);
        Monitor monitor = new Monitor(this, ref);
        started = true;
        return monitor;
    }

    /** Checks the issue-17 options against the task and the profiles before anything is opened. */
    private void checkOptions(Map<String, ReferenceProfile> ref) {
        if ((cbpe != null || fairnessColumn != null) && task != Task.BINARY_CLASSIFICATION) {
            throw new IllegalStateException((cbpe != null ? "estimatePerformance" : "fairness") + " needs task"
                    + " BINARY_CLASSIFICATION, but the task is " + task);
        }
        segmentReferences.forEach((segment, profiles) -> {
            java.util.Set<String> want = new java.util.TreeSet<>(ref.keySet());
            java.util.Set<String> have = new java.util.TreeSet<>(profiles.keySet());
            want.remove(segmentColumn);
            have.remove(segmentColumn);
            if (!have.equals(want)) {
                throw new IllegalStateException("references of segment '" + segment + "' must profile the columns "
                        + want + " (the segment column aside), but profile " + have);
            }
            profiles.forEach((column, p) -> {
                if (ref.containsKey(column) && p.isNumeric() != ref.get(column).isNumeric()) {
                    throw new IllegalStateException("column '" + column + "' of segment '" + segment + "' must be "
                            + (ref.get(column).isNumeric() ? "numeric" : "categorical") + " like the version's"
                            + " profile");
                }
            });
        });
    }
}
