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
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.tracking.PurgePlan;
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
    /** Default {@link Builder#metricBufferSize(int)}. */
    public static final int DEFAULT_METRIC_BUFFER = 32_768;
    /** Default {@link Builder#metricFlushInterval(Duration)} in milliseconds. */
    public static final int DEFAULT_METRIC_INTERVAL_MS = 500;
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

    /**
     * Adds a listener that every monitor of this lifecycle tells of each closed window, alert and retraining
     * request — monitors already running included. Its failures are logged and never stop a monitor.
     */
    public void addMonitorListener(io.mllifecycle.monitoring.MonitorListener listener) {
        context.listeners(io.mllifecycle.monitoring.MonitorListener.class).add(Checks.notNull("listener", listener));
    }

    /** Removes a monitor listener. @return whether it was registered */
    public boolean removeMonitorListener(io.mllifecycle.monitoring.MonitorListener listener) {
        return context.listeners(io.mllifecycle.monitoring.MonitorListener.class).remove(listener);
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

    /** @return every experiment that is not deleted, archived ones included, by name */
    public List<Experiment> experiments() {
        return experiments(ViewType.ACTIVE_ONLY);
    }

    /** @return the experiments {@code view} shows (deleted ones only with {@code DELETED_ONLY} or {@code ALL}), by name */
    public List<Experiment> experiments(ViewType view) {
        Checks.notNull("view", view);
        return context.store().tracking().listExperiments(view).stream()
                .map(e -> Experiment.of(context, e)).toList();
    }

    /**
     * Soft-deletes a run: hidden from searches unless a query asks for deleted runs ({@link ViewType}), takes no
     * writes but tags, restorable with {@link #restoreRun(String)} until {@link #planPurge purged}. Audited as
     * {@code run.delete} in the same store write.
     *
     * @return the run as stored, with its deletion time
     * @throws NotFoundException if there is no such run
     * @throws io.mllifecycle.store.ConflictException if it is already deleted
     */
    public RunRecord deleteRun(String runId) {
        Checks.notNull("runId", runId);
        RunRecord r = context.store().tracking().getRun(runId);
        return context.store().tracking().deleteRun(runId, context.now(), List.of(context.writer().entry(
                "run.delete", runId, Map.of("experiment", r.experimentId(), "name", r.name()))));
    }

    /**
     * Restores a deleted run. Audited as {@code run.restore}.
     *
     * @throws io.mllifecycle.store.ConflictException if it is not deleted, or its experiment is (restore that first)
     */
    public RunRecord restoreRun(String runId) {
        Checks.notNull("runId", runId);
        RunRecord r = context.store().tracking().getRun(runId);
        return context.store().tracking().restoreRun(runId, List.of(context.writer().entry("run.restore", runId,
                Map.of("experiment", r.experimentId(), "name", r.name()))));
    }

    /**
     * Soft-deletes an experiment: it and its runs are hidden unless asked, it takes no new runs, its name stays
     * taken; restorable with {@link #restoreExperiment(String)} until purged. Audited as {@code experiment.delete}.
     *
     * @throws NotFoundException if there is no experiment with this name
     * @throws io.mllifecycle.store.ConflictException if it is already deleted
     */
    public ExperimentRecord deleteExperiment(String name) {
        ExperimentRecord e = experimentNamed(name);
        return context.store().tracking().deleteExperiment(e.id(), context.now(), List.of(context.writer().entry(
                "experiment.delete", e.name(), Map.of("id", e.id()))));
    }

    /**
     * Restores a deleted experiment and with it its runs, except those deleted one by one. Audited as
     * {@code experiment.restore}.
     *
     * @throws io.mllifecycle.store.ConflictException if it is not deleted
     */
    public ExperimentRecord restoreExperiment(String name) {
        ExperimentRecord e = experimentNamed(name);
        return context.store().tracking().restoreExperiment(e.id(), List.of(context.writer().entry(
                "experiment.restore", e.name(), Map.of("id", e.id()))));
    }

    private ExperimentRecord experimentNamed(String name) {
        Checks.notNull("name", name);
        return context.store().tracking().findExperiment(name).orElseThrow(() -> new NotFoundException(
                "experiment " + Checks.quote(name) + " does not exist"));
    }

    /**
     * Plans (dry run) the permanent purge of the runs and experiments deleted longer ago than {@code retention},
     * with the artifact bytes it frees and, for what it keeps, the reason (a model version was created from the
     * run, …); nothing changes until {@link PurgePlan#apply()}.
     *
     * @throws IllegalArgumentException if {@code retention} is null, zero or negative
     */
    public PurgePlan planPurge(Duration retention) {
        return PurgePlan.plan(context, retention);
    }

    /**
     * Ends every RUNNING run that is not deleted and has had no write (no heartbeat) for longer than
     * {@code silence} as KILLED, with the reason as its failure text, and one {@code run.reap} audit event per
     * run, all in one store write. A run left RUNNING by a process that died is no longer stuck.
     *
     * <p>Heartbeats are stamped by the clock of the host that writes to the store; the bound is this lifecycle's
     * clock minus {@code silence}, so the clocks must roughly agree.
     *
     * @return the runs ended, by id
     * @throws IllegalArgumentException if {@code silence} is null, zero or negative
     */
    public List<RunRecord> reapStaleRuns(Duration silence) {
        Checks.notNull("silence", silence);
        if (silence.isNegative() || silence.isZero()) {
            throw new IllegalArgumentException("silence must be a positive duration (how long a RUNNING run may go"
                    + " without a write), but was " + silence);
        }
        java.time.Instant now = context.now();
        java.time.Instant bound = now.minus(silence);
        String reason = "no heartbeat for " + silence + " (none since " + bound + "); ended by " + context.actor()
                + " with reapStaleRuns";
        return context.store().tracking().killStaleRuns(bound, now, reason, runs -> runs.stream()
                .map(r -> context.writer().entry("run.reap", r.id(), Map.of("experiment", r.experimentId(),
                        "name", r.name(), "silence", silence.toString(), "before", bound.toString())))
                .toList());
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

    /**
     * Writes the metric points runs have buffered ({@link io.mllifecycle.tracking.MetricLogging#BUFFERED}) and
     * stops the background writer, then flushes the store; closes it too if this lifecycle opened it. Points
     * the writer could not store are reported by their run's close (and logged).
     */
    @Override
    public void close() {
        try {
            context.metricBuffer().close();
        } finally {
            context.store().flush();
            if (ownsStore) {
                context.store().close();
            }
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
        private io.mllifecycle.tracking.MetricLogging metricLogging = io.mllifecycle.tracking.MetricLogging.DIRECT;
        private int metricBufferSize = DEFAULT_METRIC_BUFFER;
        private Duration metricFlushInterval = Duration.ofMillis(DEFAULT_METRIC_INTERVAL_MS);

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

        /**
         * How runs hand metric points to the store unless a run's spec says otherwise:
         * {@link io.mllifecycle.tracking.MetricLogging#DIRECT} (default; each call writes) or
         * {@link io.mllifecycle.tracking.MetricLogging#BUFFERED} (a bounded buffer and one background writer;
         * see there for what it can lose).
         */
        public Builder metricLogging(io.mllifecycle.tracking.MetricLogging mode) {
            this.metricLogging = Checks.notNull("metricLogging", mode);
            return this;
        }

        /**
         * Most metric points buffered at once over all runs (default {@value Lifecycle#DEFAULT_METRIC_BUFFER});
         * a call that finds the buffer full waits until the writer made room.
         *
         * @throws IllegalArgumentException unless 1 ≤ {@code points} ≤ 10 000 000
         */
        public Builder metricBufferSize(int points) {
            if (points < 1 || points > 10_000_000) {
                throw new IllegalArgumentException("metricBufferSize must be between 1 and 10000000 points, but was "
                        + points);
            }
            this.metricBufferSize = points;
            return this;
        }

        /**
         * How long a buffered point waits at most before the writer hands it to the store (default
         * {@value Lifecycle#DEFAULT_METRIC_INTERVAL_MS} ms): bounds what a process kill loses.
         *
         * @throws IllegalArgumentException unless 1 ms ≤ {@code interval} ≤ 1 min
         */
        public Builder metricFlushInterval(Duration interval) {
            Checks.notNull("metricFlushInterval", interval);
            if (interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("metricFlushInterval must be between 1 ms and 1 min, but was "
                        + interval);
            }
            this.metricFlushInterval = interval;
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
                    resolveTtl, metricLogging == io.mllifecycle.tracking.MetricLogging.BUFFERED, metricBufferSize,
                    metricFlushInterval);
        }
    }
}
