package io.mllifecycle.monitoring;

import io.mllifecycle.audit.AuditTrail;
import io.mllifecycle.internal.Factories;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Configures a {@link Monitor}; obtained from {@code lifecycle.monitor("name@champion")}. */
public final class MonitorBuilder {
    final LifecycleStore store;
    final ModelVersionRecord version;
    final AuditTrail audit;
    Map<String, ReferenceProfile> profiles;
    Chunker chunker = Chunker.byCount(10_000);
    DriftDetector detector = DriftDetector.builder().build();
    Task task = Task.BINARY_CLASSIFICATION;
    final List<AlertRule> rules = new ArrayList<>();
    final List<AlertListener> listeners = new ArrayList<>();
    RetrainingPolicy retrainingPolicy;
    RetrainingTrigger trigger;

    static {
        Factories.register(MonitorBuilder.class, (context, version) -> new MonitorBuilder(context.store(),
                (ModelVersionRecord) version, AuditTrail.over(context)));
    }

    private MonitorBuilder(LifecycleStore store, ModelVersionRecord version, AuditTrail audit) {
        this.store = Checks.notNull("store", store);
        this.version = Checks.notNull("version", version);
        this.audit = Checks.notNull("audit", audit);
    }

    /** Windows to cut the production stream into; default {@code Chunker.byCount(10_000)}. */
    public MonitorBuilder windows(Chunker chunker) {
        this.chunker = Checks.notNull("chunker", chunker);
        return this;
    }

    /** The drift detector (tests, correction, floors); default {@code DriftDetector.builder().build()}. */
    public MonitorBuilder detector(DriftDetector detector) {
        this.detector = Checks.notNull("detector", detector);
        return this;
    }

    /** Reference profiles to compare with instead of the ones stored with the version. */
    public MonitorBuilder reference(Map<String, ReferenceProfile> profiles) {
        Checks.notNull("profiles", profiles);
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("profiles must have at least one column, but was empty");
        }
        this.profiles = Map.copyOf(profiles);
        return this;
    }

    /** What the model predicts, for performance metrics; default binary classification. */
    public MonitorBuilder task(Task task) {
        this.task = Checks.notNull("task", task);
        return this;
    }

    /** Adds an alert rule. */
    public MonitorBuilder alert(AlertRule rule) {
        rules.add(Checks.notNull("rule", rule));
        return this;
    }

    /** Adds an alert listener (alerts also go to SLF4J at WARN and to the audit trail). */
    public MonitorBuilder onAlert(AlertListener listener) {
        listeners.add(Checks.notNull("listener", listener));
        return this;
    }

    /** Calls {@code trigger} when {@code policy} is met, at most once per its cooldown. */
    public MonitorBuilder retraining(RetrainingPolicy policy, RetrainingTrigger trigger) {
        this.retrainingPolicy = Checks.notNull("policy", policy);
        this.trigger = Checks.notNull("trigger", trigger);
        return this;
    }

    /**
     * @return the running monitor
     * @throws IllegalStateException if neither the version nor {@link #reference} supplies profiles
     */
    public Monitor start() {
        Map<String, ReferenceProfile> ref = profiles;
        if (ref == null) {
            if (version.profile() == null) {
                throw new IllegalStateException(version.reference() + " has no reference profile: register it with"
                        + " VersionSpec.referenceProfiles(…) or pass MonitorBuilder.reference(…)");
            }
            ref = ReferenceProfiles.decode(version.profile());
        }
        return new Monitor(this, ref);
    }
}
