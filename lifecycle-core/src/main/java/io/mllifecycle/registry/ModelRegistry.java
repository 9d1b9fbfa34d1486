package io.mllifecycle.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.audit.AuditTrail;
import io.mllifecycle.gate.GatePolicy;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry, usually reached through {@code lifecycle.models()}: registers versions, resolves
 * references on the serving hot path, and hands out {@link ModelVersion} and {@link RegisteredModel}
 * handles whose changes are gated, compare-and-set and audited.
 *
 * <p>{@link #resolve(String)} is cached: a change made through this registry invalidates its model's
 * entries at once; a change made by another process is seen after at most the cache TTL (default
 * {@value #DEFAULT_TTL_SECONDS} seconds, set through {@code Lifecycle.builder().resolveCacheTtl(…)}).
 */
public final class ModelRegistry {
    /** Default time a resolved reference is served from cache. */
    public static final long DEFAULT_TTL_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    final LifecycleStore store;
    final Clock clock;
    final String actor;
    final GatePolicy policy;
    final AuditTrail audit;
    private final Cache<String, ModelVersionRecord> resolved;
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Normally obtained from {@code Lifecycle.models()}.
     *
     * @param cacheTtl how long a resolved reference may be served without re-reading the store
     */
    public ModelRegistry(LifecycleStore store, Clock clock, String actor, GatePolicy policy, Duration cacheTtl) {
        this.store = Checks.notNull("store", store);
        this.clock = Checks.notNull("clock", clock);
        this.actor = Checks.name("actor", actor);
        this.policy = Checks.notNull("policy", policy);
        Checks.notNull("cacheTtl", cacheTtl);
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must be ≥ 0, but was " + cacheTtl);
        }
        this.audit = new AuditTrail(store.registry(), clock, actor);
        this.resolved = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(100_000).build();
    }

    /** Registers the artifact a run logged at {@code artifactPath} as a new version of {@code model}. */
    public ModelVersion register(String model, Run run, String artifactPath) {
        return register(model, Checks.notNull("run", run).id(), artifactPath, spec -> { });
    }

    /**
     * Registers a new version (creating the model if needed) from a run's artifact; the number is the
     * next one, assigned atomically by the store. The version starts in DEVELOPMENT.
     *
     * @throws IllegalArgumentException if the run has no artifact at {@code artifactPath}
     */
    public ModelVersion register(String model, String runId, String artifactPath, Consumer<VersionSpec> settings) {
        Checks.modelName("model", model);
        Checks.notNull("runId", runId);
        Checks.artifactPath("artifactPath", artifactPath);
        Checks.notNull("settings", settings);
        VersionSpec spec = new VersionSpec();
        settings.accept(spec);
        RunRecord run = store.tracking().getRun(runId);
        String digest = run.artifacts().get(artifactPath);
        if (digest == null) {
            throw new IllegalArgumentException("artifactPath must name an artifact of run " + runId + ", but was '"
                    + artifactPath + "' (the run has " + run.artifacts().keySet() + ")");
        }
        ensureModel(model);
        ModelVersionRecord v = store.registry().createVersion(new NewModelVersion(model, runId, digest,
                spec.description, spec.tags, spec.card, spec.profile, clock.instant(), actor), created -> List.of());
        audit.record("model.version.register", v.reference(), Map.of("run", runId, "artifact", digest,
                "path", artifactPath));
        changed(v.modelName());
        fire(RegistryEvent.Type.VERSION_REGISTERED, model, v.version(), Map.of("run", runId));
        return new ModelVersion(this, v);
    }

    /** @return a handle on a model @throws NotFoundException if it is not registered */
    public RegisteredModel model(String name) {
        return new RegisteredModel(this, store.registry().getModel(name));
    }

    /** @return every registered model */
    public List<RegisteredModel> models() {
        return store.registry().listModels().stream().map(m -> new RegisteredModel(this, m)).toList();
    }

    /** @return a handle on {@code name/version} @throws NotFoundException if absent */
    public ModelVersion version(String name, int version) {
        return new ModelVersion(this, store.registry().getVersion(name, version));
    }

    /**
     * Resolves {@code name/7}, {@code name@alias} or {@code name@production} (newest version in that
     * stage when no alias of that name is set) — the serving hot path, cached.
     *
     * @throws NotFoundException if the model, version, alias or a version in the stage does not exist
     * @throws IllegalArgumentException if the reference is malformed
     */
    public ModelVersionRecord resolve(String reference) {
        ModelVersionRecord hit = resolved.getIfPresent(reference);
        if (hit != null) {
            return hit;
        }
        ModelVersionRecord loaded = load(ModelReference.parse(reference));
        resolved.put(reference, loaded);
        return loaded;
    }

    /** @return the same as {@link #resolve} but always read from the store */
    public ModelVersionRecord resolveUncached(String reference) {
        return load(ModelReference.parse(reference));
    }

    /** @return every version, of any model, whose source run used dataset {@code name} at {@code digest} */
    public List<ModelVersionRecord> versionsUsingDataset(String name, String digest) {
        Checks.name("name", name);
        Checks.digest("digest", digest);
        List<ModelVersionRecord> out = new ArrayList<>();
        for (RegisteredModelRecord m : store.registry().listModels()) {
            for (ModelVersionRecord v : store.registry().listVersions(m.name())) {
                if (v.sourceRunId() == null) {
                    continue;
                }
                try {
                    RunRecord run = store.tracking().getRun(v.sourceRunId());
                    if (run.inputs().stream().anyMatch(i -> i.datasetName().equals(name)
                            && i.datasetDigest().equals(digest))) {
                        out.add(v);
                    }
                } catch (NotFoundException e) {
                    LOG.debug("run {} of {} is gone", v.sourceRunId(), v.reference(), e);
                }
            }
        }
        return out;
    }

    /**
     * Plans (dry run) which versions of {@code model} the policy deprecates, retires or purges, with
     * reasons; nothing changes until {@link io.mllifecycle.retirement.RetirementPlan#apply()}.
     */
    public io.mllifecycle.retirement.RetirementPlan planRetirement(String model,
                                                                  io.mllifecycle.retirement.RetirementPolicy policy) {
        Checks.notNull("policy", policy);
        store.registry().getModel(model);
        return io.mllifecycle.retirement.RetirementPlanner.plan(this, store, model, policy, clock.instant());
    }

    /** Adds a listener for changes made through this registry. */
    public void addListener(RegistryListener listener) {
        listeners.add(Checks.notNull("listener", listener));
    }

    /** Removes a listener. @return whether it was registered */
    public boolean removeListener(RegistryListener listener) {
        return listeners.remove(listener);
    }

    /** @return the audit trail this registry writes to */
    public AuditTrail audit() {
        return audit;
    }

    private ModelVersionRecord load(ModelReference ref) {
        if (ref.alias() == null) {
            return store.registry().getVersion(ref.model(), ref.version());
        }
        RegisteredModelRecord m = store.registry().getModel(ref.model());
        Integer v = m.aliases().get(ref.alias());
        if (v != null) {
            return store.registry().getVersion(ref.model(), v);
        }
        Stage stage = ref.aliasAsStage();
        if (stage == null) {
            throw new NotFoundException("model '" + ref.model() + "' has no alias '" + ref.alias() + "' (aliases: "
                    + m.aliases().keySet() + ")");
        }
        List<ModelVersionRecord> all = store.registry().listVersions(ref.model());
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).stage() == stage) {
                return all.get(i);
            }
        }
        throw new NotFoundException("model '" + ref.model() + "' has no version in " + stage);
    }

    private void ensureModel(String model) {
        if (store.registry().findModel(model).isEmpty()) {
            try {
                store.registry().createModel(model, "", Map.of(), clock.instant(), List.of());
                audit.record("model.create", model, Map.of());
            } catch (ConflictException raced) {
                LOG.debug("model {} was created concurrently", model);
            }
        }
    }

    /** Drops cached resolutions of {@code model}. */
    void changed(String model) {
        resolved.asMap().keySet().removeIf(k -> k.startsWith(model + "@") || k.startsWith(model + "/"));
    }

    void fire(RegistryEvent.Type type, String model, int version, Map<String, String> details) {
        RegistryEvent event = new RegistryEvent(type, model, version, clock.instant(), actor, details);
        for (RegistryListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("registry listener {} failed on {} of {}; the change stands", l, type, model, e);
            }
        }
    }
}
