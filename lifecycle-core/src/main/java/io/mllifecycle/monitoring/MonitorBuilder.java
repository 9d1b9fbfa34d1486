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
    double labelShare = DEFAULT_LABEL_SHARE;
    int maxPendingLabels = DEFAULT_MAX_PENDING;
    Duration labelTtl = DEFAULT_LABEL_TTL;
    final List<DataQualitySuite> suites = new ArrayList<>();

    /** Default share of a window's labels that must have arrived before its performance is computed. */
    public static final double DEFAULT_LABEL_SHARE = 0.8;
    /** Default cap on predictions waiting for labels. */
    public static final int DEFAULT_MAX_PENDING = 1_000_000;
    /** Default time a window waits for its labels. */
    public static final Duration DEFAULT_LABEL_TTL = Duration.ofDays(30);

    static {
        Factories.register(MonitorBuilder.class, (context, version) -> new MonitorBuilder(context.store(),
                (ModelVersionRecord) version, AuditTrail.over(context), context.clock()));
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
            ref = ReferenceProfiles.decode(version.profile());
        }
        Monitor monitor = new Monitor(this, ref);
        started = true;
        return monitor;
    }
}
