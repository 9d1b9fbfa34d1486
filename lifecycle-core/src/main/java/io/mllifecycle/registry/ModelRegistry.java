package io.mllifecycle.registry;

import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.audit.AuditTrail;
import io.mllifecycle.gate.GatePolicy;
import io.mllifecycle.gate.GovernancePolicy;
import io.mllifecycle.internal.ChangeNotice;
import io.mllifecycle.internal.Factories;
import io.mllifecycle.internal.LifecycleContext;
import io.mllifecycle.internal.RegistryWriter;
import io.mllifecycle.internal.ResolveCache;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.TransitionRequest;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.tracking.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry, reached through {@code lifecycle.models()}: registers versions, resolves references on
 * the serving hot path, stores governance policies, and hands out {@link ModelVersion} and
 * {@link RegisteredModel} handles whose changes are gated, compare-and-set and audited — each change and its
 * audit event committed as one write.
 *
 * <p>{@link #resolve(String)} is cached in one cache per store instance, shared by every {@code Lifecycle} on
 * that store in this JVM: a change made through any of them is seen at once. A change made by another process
 * is seen after at most the resolve TTL (default {@value #DEFAULT_TTL_SECONDS} s,
 * {@code Lifecycle.builder().resolveCacheTtl(…)}).
 */
public final class ModelRegistry {
    /** Default time a resolved reference is served from cache. */
    public static final long DEFAULT_TTL_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    static {
        Factories.register(ModelRegistry.class, (context, policy) -> new ModelRegistry(context, (GatePolicy) policy));
    }

    private final LifecycleContext context;
    private final LifecycleStore store;
    private final GatePolicy localPolicy;
    private final long ttlNanos;
    private final RegistryWriter writer;
    private final ResolveCache cache;
    private final AuditTrail audit;
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    /** Copy-on-write array, not a list: the hot path reads it without allocating an iterator. */
    private volatile ResolveListener[] resolveListeners = new ResolveListener[0];

    private ModelRegistry(LifecycleContext context, GatePolicy localPolicy) {
        this.context = context;
        this.store = context.store();
        this.localPolicy = localPolicy;
        this.ttlNanos = context.resolveTtl().toNanos();
        this.writer = context.writer();
        this.cache = context.cache();
        this.audit = AuditTrail.over(context);
        writer.subscribe(this::announce);
    }

    /** Registers the artifact a run logged at {@code artifactPath} as a new version of {@code model}. */
    public ModelVersion register(String model, Run run, String artifactPath) {
        return register(model, Checks.notNull("run", run).id(), artifactPath, spec -> { });
    }

    /**
     * Registers a new version (creating the model if needed) from a run's artifact; the number is the next one,
     * assigned atomically by the store, and the registration and its audit event are one write. The version
     * starts in DEVELOPMENT.
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
        // the profile's bytes become a blob first, then the version records its reference; no collection may
        // free the blob in between
        ModelVersionRecord v = context.references().guardWrite(() -> {
            NewModelVersion nv = new NewModelVersion(model, runId, digest, spec.description, spec.tags, spec.card,
                    storeProfile(spec.profile), context.now(), context.actor());
            return writer.write(model, () -> store.registry().createVersion(nv, created -> List.of(
                    writer.entry("model.version.register", created.reference(), Map.of("run", runId, "artifact", digest,
                            "path", artifactPath)))),
                    created -> new ChangeNotice(RegistryEvent.Type.VERSION_REGISTERED.name(), model, created.version(),
                            Map.of("run", runId)));
        });
        return new ModelVersion(this, v);
    }

    /**
     * Stores a profile bundle as one content-addressed blob (equal bytes are kept once) and returns its
     * reference; null for null. Callers run it inside {@code references().guardWrite}.
     */
    ProfileRef storeProfile(ProfileData profile) {
        if (profile == null) {
            return null;
        }
        ProfileRef ref = ProfileRef.of(profile);
        if (!store.artifacts().exists(ref.digest())) {
            store.artifacts().put(new java.io.ByteArrayInputStream(profile.content()), profile.mediaType());
        }
        return ref;
    }

    /** @return the blob references of the lifecycle's store (for writes that store a blob, then record it) */
    io.mllifecycle.internal.BlobReferences references() {
        return context.references();
    }

    /**
     * Stores a traffic split of {@code model}'s requests over its aliases (see {@link TrafficSplit}): the
     * weights become the model's tag {@value TrafficSplit#TAG}, written with a {@code model.split.set} audit
     * event in one registry write; a later call replaces them.
     *
     * @param weights alias → weight in (0, 1], summing to 1; every alias must exist on the model
     * @return the split
     * @throws IllegalArgumentException if the weights are empty, do not sum to 1 (within 1e-9), or name an
     *         alias the model does not have
     * @throws NotFoundException if the model is not registered
     */
    public TrafficSplit split(String model, Map<String, Double> weights) {
        Checks.modelName("model", model);
        Checks.notNull("weights", weights);
        RegisteredModelRecord m = store.registry().getModel(model);
        String tag = TrafficSplit.encode(model, weights, m.aliases());
        writer.write(model, () -> store.registry().updateModel(model, m.description(), Map.of(TrafficSplit.TAG, tag),
                List.of(writer.entry("model.split.set", model, Map.of("weights", tag)))),
                null); // no RegistryEvent type for splits yet: listeners are not told

        return new TrafficSplit(this, model, TrafficSplit.decode(model, tag));
    }

    /**
     * @return the traffic split stored for {@code model}, if one was set
     * @throws NotFoundException if the model is not registered
     */
    public Optional<TrafficSplit> split(String model) {
        Checks.modelName("model", model);
        String tag = store.registry().getModel(model).tags().get(TrafficSplit.TAG);
        return tag == null ? Optional.empty() : Optional.of(new TrafficSplit(this, model, TrafficSplit.decode(model, tag)));
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
     * Resolves {@code name/7}, {@code name@alias} or {@code name@production} (newest version in that stage when
     * no alias of that name is set) — the serving hot path, cached.
     *
     * @throws NotFoundException if the model, version, alias or a version in the stage does not exist
     * @throws IllegalArgumentException if the reference is malformed
     */
    public ModelVersionRecord resolve(String reference) {
        Checks.notNull("reference", reference);
        ResolveListener[] timing = resolveListeners;
        if (timing.length == 0) {
            // the usual case: one volatile read is all resolve pays for the hook
            return resolveCached(reference);
        }
        long start = System.nanoTime();
        ModelVersionRecord record = resolveCached(reference);
        long took = System.nanoTime() - start;
        for (ResolveListener l : timing) {
            try {
                l.resolved(record, took);
            } catch (RuntimeException e) {
                LOG.warn("resolve listener {} failed on {}; the resolve stands", l, reference, e);
            }
        }
        return record;
    }

    private ModelVersionRecord resolveCached(String reference) {
        int cut = Math.max(reference.lastIndexOf('@'), reference.lastIndexOf('/'));
        String model = cut > 0 ? reference.substring(0, cut) : reference;
        return cache.get(reference, model, ttlNanos, () -> load(ModelReference.parse(reference)));
    }

    /**
     * Adds a listener told the duration of every successful {@link #resolve} through this registry (not
     * {@link #resolveUncached}). Without listeners resolve is not timed at all.
     */
    public synchronized void addResolveListener(ResolveListener listener) {
        Checks.notNull("listener", listener);
        ResolveListener[] next = java.util.Arrays.copyOf(resolveListeners, resolveListeners.length + 1);
        next[next.length - 1] = listener;
        resolveListeners = next;
    }

    /** Removes a resolve listener (one registration of it). @return whether it was registered */
    public synchronized boolean removeResolveListener(ResolveListener listener) {
        List<ResolveListener> left = new ArrayList<>(List.of(resolveListeners));
        boolean removed = left.remove(listener);
        resolveListeners = left.toArray(new ResolveListener[0]);
        return removed;
    }

    /** @return the same as {@link #resolve} but always read from the store */
    public ModelVersionRecord resolveUncached(String reference) {
        return load(ModelReference.parse(reference));
    }

    /** @return answers {@link #resolve} served from the cache and from the store, since this JVM started */
    public CacheFigures cacheFigures() {
        return new CacheFigures(cache.hits(), cache.misses());
    }

    /**
     * Hits and misses of the shared resolve cache.
     *
     * @param hits   answers served from the cache
     * @param misses answers read from the store
     */
    public record CacheFigures(long hits, long misses) {
        /** @return hits / (hits + misses), or 0 before any resolve */
        public double hitRatio() {
            long all = hits + misses;
            return all == 0 ? 0 : (double) hits / all;
        }
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
     * Stores {@code policy} as the governance policy of every model without one of its own — a new revision,
     * audited. Every lifecycle on this store enforces it from then on.
     *
     * @return the stored revision
     * @throws ConflictException if another writer stored a revision meanwhile
     */
    public PolicyRecord setDefaultPolicy(GovernancePolicy policy) {
        return putPolicy(PolicyRecord.DEFAULT_SCOPE, policy);
    }

    /** @return the stored default policy, or {@link GovernancePolicy#none()} */
    public GovernancePolicy defaultPolicy() {
        return store.registry().findPolicy(PolicyRecord.DEFAULT_SCOPE)
                .map(p -> GovernancePolicy.fromJson("default policy, revision " + p.revision(), p.body()))
                .orElse(GovernancePolicy.none());
    }

    /** @return the transition request with this id @throws NotFoundException if there is none */
    public ApprovalRequest request(String id) {
        return new ApprovalRequest(this, store.registry().getRequest(id));
    }

    /** @return the pending transition requests of {@code model}, oldest first */
    public List<ApprovalRequest> pendingRequests(String model) {
        return store.registry().listRequests(model).stream()
                .filter(r -> r.status() == RequestStatus.PENDING)
                .map(r -> new ApprovalRequest(this, r)).toList();
    }

    /** Adds a listener for changes made through this registry's lifecycle. */
    public void addListener(RegistryListener listener) {
        listeners.add(Checks.notNull("listener", listener));
    }

    /** Removes a listener. @return whether it was registered */
    public boolean removeListener(RegistryListener listener) {
        return listeners.remove(listener);
    }

    /** @return the audit trail of this registry's store */
    public AuditTrail audit() {
        return audit;
    }

    PolicyRecord putPolicy(String scope, GovernancePolicy policy) {
        Checks.notNull("policy", policy);
        int next = store.registry().findPolicy(scope).map(PolicyRecord::revision).orElse(0) + 1;
        PolicyRecord record = new PolicyRecord(scope, next, GovernancePolicy.MEDIA_TYPE, policy.toJson(), context.now(),
                context.actor());
        String model = PolicyRecord.DEFAULT_SCOPE.equals(scope) ? "" : scope;
        return writer.write(model, () -> store.registry().putPolicy(record, List.of(writer.entry("policy.set",
                        PolicyRecord.DEFAULT_SCOPE.equals(scope) ? "*" : scope,
                        Map.of("revision", Integer.toString(next), "policy", policy.toJson())))),
                stored -> new ChangeNotice(RegistryEvent.Type.POLICY_CHANGED.name(), scope, 0,
                        Map.of("revision", Integer.toString(stored.revision()))));
    }

    /** @return the stored policy that governs {@code model}: its own, else the default, else none */
    GovernancePolicy storedPolicyOf(String model) {
        Optional<PolicyRecord> own = store.registry().findPolicy(model);
        Optional<PolicyRecord> p = own.isPresent() ? own : store.registry().findPolicy(PolicyRecord.DEFAULT_SCOPE);
        return p.map(r -> GovernancePolicy.fromJson("policy of " + r.scope() + ", revision " + r.revision(), r.body()))
                .orElse(GovernancePolicy.none());
    }

    GatePolicy localPolicy() {
        return localPolicy;
    }

    LifecycleContext context() {
        return context;
    }

    LifecycleStore store() {
        return store;
    }

    RegistryWriter writer() {
        return writer;
    }

    TransitionRequest storedRequest(String id) {
        return store.registry().getRequest(id);
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
                writer.write(model, () -> store.registry().createModel(model, "", Map.of(), context.now(),
                        List.of(writer.entry("model.create", model, Map.of()))), created -> null);
            } catch (ConflictException raced) {
                if (store.registry().findModel(model).isEmpty()) {
                    throw raced; // not a race: the name belongs to a deleted model and is not given again
                }
                LOG.debug("model {} was created concurrently", model);
            }
        }
    }

    private void announce(ChangeNotice n) {
        RegistryEvent event = new RegistryEvent(RegistryEvent.Type.valueOf(n.type()), n.model(), n.version(),
                context.now(), context.actor(), n.details());
        for (RegistryListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("registry listener {} failed on {} of {}; the change stands", l, n.type(), n.model(), e);
            }
        }
    }
}
