package io.mllifecycle.tracking;

import io.mllifecycle.internal.LifecycleContext;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.Comparison;
import io.mllifecycle.store.OrderBy;
import io.mllifecycle.store.RunField;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A named group of runs. Obtained from {@link Lifecycle#experiment(String)}; thread-safe. */
public final class Experiment {
    private final LifecycleContext context;
    private final ExperimentRecord record;

    private Experiment(LifecycleContext context, ExperimentRecord record) {
        this.context = context;
        this.record = record;
    }

    public static Experiment of(LifecycleContext context, ExperimentRecord record) {
        return new Experiment(context, record);
    }

    public static Experiment getOrCreate(LifecycleContext context, String name) {
        Checks.name("experiment name", name);
        Optional<ExperimentRecord> found = context.store().tracking().findExperiment(name);
        if (found.isPresent()) {
            return new Experiment(context, found.get());
        }
        try {
            return new Experiment(context, context.store().tracking().createExperiment(name, "", Map.of(),
                    context.now()));
        } catch (ConflictException raced) {
            // another thread or process created it between our find and create
            return new Experiment(context, context.store().tracking().findExperiment(name).orElseThrow(() -> raced));
        }
    }

    /** @return the store-assigned id */
    public String id() {
        return record.id();
    }

    /** @return the unique name */
    public String name() {
        return record.name();
    }

    /** @return the stored record as of when this handle was obtained */
    public ExperimentRecord record() {
        return record;
    }

    /** Archives the experiment: it stays readable and searchable but takes no new runs until restored. */
    public Experiment archive() {
        context.store().tracking().setExperimentArchived(id(), true);
        return this;
    }

    /** Restores an archived experiment so that it takes new runs again. */
    public Experiment restore() {
        context.store().tracking().setExperimentArchived(id(), false);
        return this;
    }

    /** Starts a run with default settings. */
    public Run startRun() {
        return startRun(r -> { });
    }

    /**
     * Starts a run. Use it in try-with-resources: closing finishes the run as FINISHED unless it was
     * ended before, e.g. by {@link Run#fail(Throwable)}. To have exceptions recorded as FAILED for you,
     * use {@link #run(Consumer, RunBody)}.
     */
    public Run startRun(Consumer<RunSpec> settings) {
        Checks.notNull("settings", settings);
        if (context.store().tracking().getExperiment(id()).archived()) {
            throw new ConflictException("experiment " + Checks.quote(name()) + " is archived and takes no new runs;"
                    + " restore it first (experiment.restore())");
        }
        RunSpec spec = new RunSpec();
        settings.accept(spec);
        java.time.Instant start = context.now();
        Map<String, String> tags = new java.util.TreeMap<>(SystemTags.of(context));
        tags.putAll(spec.tags());
        NewRun newRun = new NewRun(id(), spec.parentRunId(), spec.nameOr("run-" + start.toEpochMilli()), tags,
                start, context.source());
        return new Run(context, context.store().tracking().createRun(newRun), spec.metricLogging());
    }

    /**
     * Attaches to a RUNNING run of this experiment, e.g. from a worker that restarted after a crash, to
     * go on logging into it; closing the handle ends the run as {@link Run#close()} does.
     *
     * @throws io.mllifecycle.store.NotFoundException if there is no such run
     * @throws IllegalArgumentException if the run belongs to another experiment
     * @throws ConflictException if the run has already ended, or is deleted
     */
    public Run resumeRun(String runId) {
        Checks.notNull("runId", runId);
        RunRecord r = context.store().tracking().getRun(runId);
        if (!r.experimentId().equals(id())) {
            throw new IllegalArgumentException("runId " + Checks.quote(runId) + " belongs to experiment "
                    + r.experimentId() + ", not to " + name() + " (" + id() + ")");
        }
        if (r.status().isTerminal()) {
            throw new ConflictException("run " + runId + " is " + r.status() + " since " + r.endTime()
                    + "; only a RUNNING run can be resumed");
        }
        if (r.deleted()) {
            throw new ConflictException("run " + runId + " is deleted (since " + r.deletedAt() + "); restore it"
                    + " (lifecycle.restoreRun) before resuming it");
        }
        return new Run(context, r);
    }

    /**
     * Runs {@code body} inside a new run: FINISHED when it returns, FAILED (with the exception's class
     * and message) when it throws, and the exception is rethrown.
     *
     * @return the ended run as stored
     */
    public RunRecord run(Consumer<RunSpec> settings, RunBody body) {
        Checks.notNull("body", body);
        Run run = startRun(settings);
        try {
            body.accept(run);
        } catch (Exception | Error e) {
            run.fail(e);
            throw Run.sneaky(e);
        }
        run.close();
        return run.record();
    }

    /** The body of {@link #run(Consumer, RunBody)}; it may throw anything. */
    @FunctionalInterface
    public interface RunBody {
        /** Does the run's work. */
        void accept(Run run) throws Exception;
    }

    /**
     * Searches this experiment's runs.
     *
     * <pre>{@code exp.searchRuns(q -> q.filter("metrics.auc > 0.8 and params.depth = '6'").order("metrics.auc DESC"))}</pre>
     *
     * @param query adds filters, order, page size, token or {@code countMatches()} to a query over this
     *              experiment (page size 100)
     * @return one page of the matching runs, and their count if the query asks for it
     */
    public RunPage searchRuns(Consumer<RunQuery.Builder> query) {
        Checks.notNull("query", query);
        RunQuery.Builder b = RunQuery.builder(id());
        query.accept(b);
        return context.store().tracking().searchRuns(b.build());
    }

    /**
     * Searches this experiment's runs with a filter string in MLflow's syntax, in start order.
     *
     * <pre>{@code exp.searchRuns("metrics.auc > 0.8 and tags.team LIKE 'risk%'")}</pre>
     *
     * @param filter a filter string (see {@link io.mllifecycle.store.RunFilter}); blank for every run
     * @return the first page (up to 100 runs), not counted (see {@link #countRuns(String)})
     * @throws io.mllifecycle.store.FilterSyntaxException naming the position and what was expected
     */
    public RunPage searchRuns(String filter) {
        return searchRuns(filter, "");
    }

    /**
     * Counts this experiment's runs that pass a filter string, for a caller that shows a total.
     *
     * @param filter a filter string, e.g. {@code params.depth = '6'}; blank for every run
     * @return how many runs match
     * @throws io.mllifecycle.store.FilterSyntaxException naming the position and what was expected
     */
    public long countRuns(String filter) {
        Checks.notNull("filter", filter);
        return searchRuns(q -> q.filter(filter).pageSize(1).countMatches()).count();
    }

    /**
     * Searches this experiment's runs with a filter string and an order string.
     *
     * @param filter a filter string, e.g. {@code params.depth = '6'}; blank for every run
     * @param order  order keys, e.g. {@code metrics.auc DESC, start_time}; blank for start order
     * @return the first page (up to 100 runs), not counted (see {@link #countRuns(String)})
     * @throws io.mllifecycle.store.FilterSyntaxException naming the position and what was expected
     */
    public RunPage searchRuns(String filter, String order) {
        Checks.notNull("filter", filter);
        Checks.notNull("order", order);
        return searchRuns(q -> q.filter(filter).order(order));
    }

    /**
     * @return the FINISHED run with the highest ({@code highestIsBest}) or lowest latest value of
     *     {@code metric}, if any run has it; ties go to the earlier run
     */
    public Optional<RunRecord> bestRun(String metric, boolean highestIsBest) {
        return bestRun(metric, highestIsBest, "");
    }

    /**
     * The best FINISHED run among those that pass a filter: {@code bestRun("val_auc", true, "tags.sweep = 's7'")}.
     *
     * @param metric        the metric whose latest value decides
     * @param highestIsBest true when a higher value is better
     * @param filter        a filter string the run must also pass; blank for none
     * @return the best such run that has the metric (ties: the earlier run), if any
     * @throws io.mllifecycle.store.FilterSyntaxException if the filter does not parse
     */
    public Optional<RunRecord> bestRun(String metric, boolean highestIsBest, String filter) {
        Checks.key("metric", metric);
        Checks.notNull("filter", filter);
        RunField field = RunField.metric(metric);
        RunPage page = searchRuns(q -> q.filter(filter).status(RunStatus.FINISHED)
                .where(new Comparison.Presence(field, true))
                .orderBy(new OrderBy(field, !highestIsBest)).pageSize(1));
        return page.runs().stream().findFirst();
    }

    @Override
    public String toString() {
        return "Experiment[" + name() + ", id=" + id() + "]";
    }
}
