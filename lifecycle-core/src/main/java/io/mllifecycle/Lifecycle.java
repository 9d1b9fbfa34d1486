package io.mllifecycle;

import io.mllifecycle.tracking.Experiment;
import io.mllifecycle.tracking.RunComparison;
import io.mllifecycle.internal.LifecycleContext;
import io.mllifecycle.internal.SourceInfo;

import io.mllifecycle.audit.AuditTrail;
import io.mllifecycle.gate.GatePolicy;
import io.mllifecycle.registry.ModelRegistry;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.internal.Factories;
import io.mllifecycle.monitoring.MonitorBuilder;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.retirement.GarbageCollection;
import io.mllifecycle.retirement.RetirementPlan;
import io.mllifecycle.retirement.RetirementPolicy;
import java.time.Clock;
import java.util.Arrays;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the library: experiment tracking (and, in later modules of this API, the registry,
 * monitoring and retirement) over a store the host chose.
 *
 * <pre>{@code
 * Lifecycle lifecycle = Lifecycle.builder().store(store).clock(clock).actor("ci").build();
 * Experiment exp = lifecycle.experiment("churn");
 * try (Run run = exp.startRun(r -> r.name("depth-6"))) {
 *     run.logParam("depth", 6);
 *     run.logMetric("loss", 0.31, 1);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing a lifecycle closes its store only when the lifecycle opened it
 * ({@link #open(String)}).
 */
public final class Lifecycle implements AutoCloseable {
    private final LifecycleContext context;
    private final boolean ownsStore;
    private final ModelRegistry models;

    private Lifecycle(LifecycleContext context, boolean ownsStore, GatePolicy policy) {
        this.context = context;
        this.ownsStore = ownsStore;
        this.models = Factories.create(ModelRegistry.class, context, policy);
    }

    /** @return the model registry: register, promote through gates, aliases, cached resolve */
    public ModelRegistry models() {
        return models;
    }

    /**
     * Starts configuring a production monitor for the version {@code reference} resolves to (e.g.
     * {@code churn@champion}), compared with the reference profiles stored with that version.
     */
    public MonitorBuilder monitor(String reference) {
        return Factories.create(MonitorBuilder.class, context, models.resolveUncached(reference));
    }

    /** Starts configuring a production monitor for {@code version}; see {@link #monitor(String)}. */
    public MonitorBuilder monitor(ModelVersion version) {
        Checks.notNull("version", version);
        return monitor(version.reference());
    }

    /**
     * Plans (dry run) which versions of {@code model} the policy deprecates, retires or purges, with reasons;
     * nothing changes until {@link RetirementPlan#apply()}.
     *
     * @throws io.mllifecycle.store.NotFoundException if the model is not registered
     */
    public RetirementPlan planRetirement(String model, RetirementPolicy policy) {
        Checks.notNull("policy", policy);
        context.store().registry().getModel(model);
        return Factories.create(RetirementPlan.class, context, Map.entry(model, policy));
    }

    /**
     * Plans (dry run) the removal of every blob no record refers to; {@link GarbageCollection#apply()} removes
     * them after checking again.
     */
    public GarbageCollection gc() {
        return Factories.create(GarbageCollection.class, context, null);
    }

    /** @return the audit trail of the registry */
    public AuditTrail audit() {
        return models.audit();
    }

    /** @return a builder; {@link Builder#store} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the store at {@code uri} through {@link StoreProviders} (e.g. {@code file:./mlruns} when
     * lifecycle-store-file is on the class path, {@code mem:} for an in-memory store) with default
     * settings. The returned lifecycle closes the store when closed.
     */
    public static Lifecycle open(String uri) {
        LifecycleStore store = StoreProviders.open(uri);
        Builder b = new Builder().store(store);
        return new Lifecycle(b.context(), true, b.gatePolicy);
    }

    /** @return the experiment with this name, created if absent */
    public Experiment experiment(String name) {
        return Experiment.getOrCreate(context, name);
    }

    /** @return every experiment, archived ones included, by name */
    public List<Experiment> experiments() {
        return context.store().tracking().listExperiments().stream()
                .map(e -> Experiment.of(context, e)).toList();
    }

    /** @return the stored run with this id @throws io.mllifecycle.store.NotFoundException if unknown */
    public RunRecord run(String runId) {
        return context.store().tracking().getRun(runId);
    }

    /**
     * Searches runs across experiments with a filter and an order in MLflow's syntax:
     * <pre>{@code lifecycle.searchRuns("metrics.auc > 0.8 and params.depth = '6'", "metrics.auc DESC", "churn", "fraud")}</pre>
     *
     * @param filter          a filter string (see {@link io.mllifecycle.store.RunFilter}); blank for every run
     * @param order           order keys such as {@code metrics.auc DESC, start_time}; blank for start order
     * @param experimentNames the experiments to search; none for every experiment
     * @return the first page (up to 100 runs), not counted (see {@link #countRuns}); continue with
     *     {@link #searchRuns(RunQuery)} and the page's token
     * @throws io.mllifecycle.store.FilterSyntaxException if the filter or order does not parse
     * @throws io.mllifecycle.store.NotFoundException if a named experiment does not exist
     */
    public RunPage searchRuns(String filter, String order, String... experimentNames) {
        Checks.notNull("filter", filter);
        Checks.notNull("order", order);
        return searchRuns(RunQuery.builder().experiments(experimentIds(experimentNames)).filter(filter).order(order)
                .build());
    }

    /**
     * Counts the runs across experiments that pass a filter in MLflow's syntax, for a caller that shows a
     * total; a search does not count unless its query asks ({@link RunQuery.Builder#countMatches()}).
     *
     * @param filter          a filter string; blank for every run
     * @param experimentNames the experiments to search; none for every experiment
     * @return how many runs match
     * @throws io.mllifecycle.store.FilterSyntaxException if the filter does not parse
     * @throws io.mllifecycle.store.NotFoundException if a named experiment does not exist
     */
    public long countRuns(String filter, String... experimentNames) {
        Checks.notNull("filter", filter);
        return searchRuns(RunQuery.builder().experiments(experimentIds(experimentNames)).filter(filter).pageSize(1)
                .countMatches().build()).count();
    }

    /**
     * Runs a query built with {@link RunQuery#builder()}, e.g. to ask for the next page.
     *
     * @return one page of the matching runs, and their count if the query asks for it
     */
    public RunPage searchRuns(RunQuery query) {
        Checks.notNull("query", query);
        return context.store().tracking().searchRuns(query);
    }

    /** @return the ids of the named experiments @throws io.mllifecycle.store.NotFoundException for an unknown name */
    public List<String> experimentIds(String... experimentNames) {
        Checks.notNull("experimentNames", experimentNames);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < experimentNames.length; i++) {
            String name = Checks.notNull("experimentNames[" + i + "]", experimentNames[i]);
            ids.add(context.store().tracking().findExperiment(name).orElseThrow(() -> new NotFoundException(
                    "experiment " + Checks.quote(name) + " does not exist")).id());
        }
        return ids;
    }

    /**
     * @return reads of the stored run with this id: metric history, children, artifacts
     * @throws io.mllifecycle.store.NotFoundException if unknown
     */
    public io.mllifecycle.tracking.StoredRun storedRun(String runId) {
        return io.mllifecycle.tracking.StoredRun.of(context, runId);
    }

    /**
     * Compares runs side by side: params of each and, for each metric, the latest values and their
     * difference from the first run.
     */
    public RunComparison compareRuns(String... runIds) {
        Checks.notNull("runIds", runIds);
        if (runIds.length < 2) {
            throw new IllegalArgumentException("runIds must name at least 2 runs to compare, but named "
                    + runIds.length);
        }
        return RunComparison.of(Arrays.stream(runIds).map(this::run).toList());
    }

    /** @return the store this lifecycle works on */
    public LifecycleStore store() {
        return context.store();
    }

    /** @return the actor recorded on writes */
    public String actor() {
        return context.actor();
    }

    /** Flushes the store; closes it too if this lifecycle opened it. */
    @Override
    public void close() {
        context.store().flush();
        if (ownsStore) {
            context.store().close();
        }
    }

    /** Builds a {@link Lifecycle}; each setter checks its argument at once. */
    public static final class Builder {
        private LifecycleStore store;
        private Clock clock = Clock.systemUTC();
        private String actor = System.getProperty("user.name", "unknown");
        private String codeVersion;
        private String host = SourceInfo.hostName();
        private GatePolicy gatePolicy = GatePolicy.none();
        private Duration resolveTtl = Duration.ofSeconds(ModelRegistry.DEFAULT_TTL_SECONDS);

        private Builder() {}

        /** The store to work on (required). */
        public Builder store(LifecycleStore store) {
            if (this.store != null) {
                throw new IllegalStateException("store was already set to " + this.store);
            }
            this.store = Checks.notNull("store", store);
            return this;
        }

        /** The clock for every timestamp; default UTC system clock. Tests fix it. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull("clock", clock);
            return this;
        }

        /** Who acts: recorded with stage changes and audit events; default the OS user name. */
        public Builder actor(String actor) {
            this.actor = Checks.name("actor", actor);
            return this;
        }

        /**
         * A code version recorded with every run (a git commit, a build number); default: the commit in
         * {@code GIT_COMMIT} or another common CI variable, else the commit the working directory's
         * {@code .git/HEAD} resolves to (read without running git), else empty.
         */
        public Builder codeVersion(String codeVersion) {
            this.codeVersion = Checks.tagValue("codeVersion", codeVersion);
            return this;
        }

        /** Overrides the host name recorded with runs. */
        public Builder host(String host) {
            this.host = Checks.tagValue("host", host);
            return this;
        }

        /** Gates every promotion must pass; default none. */
        public Builder gatePolicy(GatePolicy policy) {
            this.gatePolicy = Checks.notNull("gatePolicy", policy);
            return this;
        }

        /**
         * How long {@code models().resolve(…)} may serve a cached answer before re-reading the store;
         * bounds how late this process sees alias moves made by another process. Default 5 s.
         */
        public Builder resolveCacheTtl(Duration ttl) {
            Checks.notNull("resolveCacheTtl", ttl);
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("resolveCacheTtl must be ≥ 0, but was " + ttl);
            }
            this.resolveTtl = ttl;
            return this;
        }

        /** @return the lifecycle @throws IllegalStateException if no store was set */
        public Lifecycle build() {
            return new Lifecycle(context(), false, gatePolicy);
        }

        private LifecycleContext context() {
            if (store == null) {
                throw new IllegalStateException("store must be set: Lifecycle.builder().store(...)");
            }
            String version = codeVersion != null ? codeVersion : io.mllifecycle.internal.CodeVersion.detect();
            return new LifecycleContext(store, clock, actor, new RunSource(version, host, SourceInfo.jvm()),
                    resolveTtl);
        }
    }
}
