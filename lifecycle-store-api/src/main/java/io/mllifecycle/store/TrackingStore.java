package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Experiments, runs, params, metrics, tags, dataset versions and run inputs.
 *
 * <p>Contract (checked by the TCK): every write is atomic; batch writes are all-or-nothing; metric
 * points of one (run, key) are kept in append order; params and artifact paths are write-once (the
 * same value again is a no-op, another value is a {@link ConflictException}); a run that has ended
 * accepts no writes but tags, and so does a deleted run; every write to a run sets its
 * {@link RunRecord#lastHeartbeat() heartbeat} to the store's clock in the same write; bad arguments raise {@link IllegalArgumentException} naming the argument
 * and the value and change nothing; unknown ids raise {@link NotFoundException}. Implementations are
 * thread-safe.
 */
public interface TrackingStore {

    /**
     * Creates an experiment.
     *
     * @throws ConflictException if the name is taken
     */
    ExperimentRecord createExperiment(String name, String description, Map<String, String> tags, Instant createdAt);

    /** @return the experiment with this id @throws NotFoundException if there is none */
    ExperimentRecord getExperiment(String experimentId);

    /** @return the experiment with this name, if any */
    Optional<ExperimentRecord> findExperiment(String name);

    /** @return every experiment, archived and deleted ones included, ordered by name */
    default List<ExperimentRecord> listExperiments() {
        return listExperiments(ViewType.ALL);
    }

    /** @return the experiments {@code view} shows (archived ones included), ordered by name */
    List<ExperimentRecord> listExperiments(ViewType view);

    /** Sets (adds or replaces) experiment tags. @return the updated experiment */
    ExperimentRecord setExperimentTags(String experimentId, Map<String, String> tags);

    /** Archives or restores an experiment. @return the updated experiment */
    ExperimentRecord setExperimentArchived(String experimentId, boolean archived);

    /**
     * Creates a run in {@link RunStatus#RUNNING}; the store assigns a time-ordered, URL-safe id.
     *
     * @throws NotFoundException if the experiment or parent run does not exist
     * @throws ConflictException if the experiment is deleted
     * @throws IllegalArgumentException if the parent belongs to another experiment
     */
    RunRecord createRun(NewRun run);

    /** @return the run @throws NotFoundException if there is none */
    RunRecord getRun(String runId);

    /**
     * Logs params, all or none. Re-logging a param with the same value is a no-op.
     *
     * @throws ConflictException if a param already has another value, or the run has ended
     */
    void logParams(String runId, Map<String, String> params);

    /** Sets (adds or replaces) run tags; allowed on ended and deleted runs too. */
    void setTags(String runId, Map<String, String> tags);

    /** Removes a tag. @return whether it was there */
    boolean deleteTag(String runId, String key);

    /**
     * Appends metric points, all or none, in list order.
     *
     * @throws ConflictException if the run has ended
     */
    void logMetrics(String runId, List<MetricPoint> points);

    /**
     * {@link #logMetrics(String, List)} with the caller's id for this batch: a store that sees the same
     * {@code requestId} again for the same run appends nothing and returns, so a retry after an
     * {@link OutcomeUnknownException} cannot append the batch twice (also once the run has ended).
     *
     * <p>The default ignores the id, which is right only for a store whose calls never end with an unknown
     * outcome; a store that can lose a COMMIT's reply (a database over a network) overrides it.
     *
     * @param requestId not null, a valid name
     * @throws ConflictException if the id was used for this run with different points, or the run has ended
     */
    default void logMetrics(String runId, List<MetricPoint> points, String requestId) {
        Checks.name("requestId", requestId);
        logMetrics(runId, points);
    }

    /**
     * @return the points of one metric with {@code fromStep ≤ step ≤ toStep}, in append order; empty
     *     if the run has no such metric
     */
    List<MetricPoint> metricHistory(String runId, String key, long fromStep, long toStep);

    /** @return latest point per metric key, read without reading the series */
    Map<String, MetricPoint> latestMetrics(String runId);

    /**
     * Stores a dataset version; storing an equal one again is a no-op.
     *
     * @throws ConflictException if a different version with the same name and digest is stored
     */
    void putDataset(DatasetVersion dataset);

    /** @return the version @throws NotFoundException if there is none */
    DatasetVersion getDataset(String name, String digest);

    /** @return every stored version of a dataset, oldest first */
    List<DatasetVersion> listDatasetVersions(String name);

    /**
     * Records dataset versions a run used, all or none; an input already recorded is a no-op.
     *
     * @throws NotFoundException if a dataset version was not stored first
     * @throws ConflictException if the run has ended
     */
    void logInputs(String runId, List<RunInput> inputs);

    /**
     * Records that the run produced an artifact at a logical path (bytes go to an {@link ArtifactStore}).
     *
     * @throws ConflictException if the path already names another digest, or the run has ended
     */
    void recordArtifact(String runId, String path, String digest);

    /**
     * Ends a run.
     *
     * @param status  FINISHED, FAILED or KILLED
     * @param failure for FAILED, the exception class and message; for KILLED the reason or null; else null
     * @throws ConflictException if the run has already ended
     */
    RunRecord endRun(String runId, RunStatus status, Instant endTime, String failure);

    /**
     * Searches runs: those of the query's experiments (all when it names none) that pass its filter, in
     * its order, one keyset page after its token, with the count of all matches. The result must equal
     * that of the reference evaluation ({@link io.mllifecycle.store.spi.RunMatcher},
     * {@link io.mllifecycle.store.spi.RunSearch}); tokens are those of {@code RunSearch}.
     *
     * @return one page of the matching runs
     * @throws NotFoundException for an unknown experiment
     * @throws IllegalArgumentException if the page token is not from a page of the same query
     */
    RunPage searchRuns(RunQuery query);

    /** @return the child runs of a run, in start order */
    List<RunRecord> childRuns(String parentRunId);

    // ---- the run lifecycle: soft delete, restore, purge, stale runs. Each is one write with its audit
    // events (appended after the head of the registry's chain, as RegistryStore's mutators do); a rejected
    // call changes nothing and appends nothing.

    /**
     * Soft-deletes an experiment at {@code at}: it and its runs are hidden from listings and searches unless
     * asked ({@link ViewType}), it takes no new runs, its name stays taken, and it can be restored until purged.
     *
     * @throws NotFoundException if there is no such experiment
     * @throws ConflictException if it is already deleted
     */
    ExperimentRecord deleteExperiment(String experimentId, Instant at, List<AuditEntry> audit);

    /**
     * Restores a deleted experiment; its runs are shown again, except those deleted one by one.
     *
     * @throws ConflictException if it is not deleted
     */
    ExperimentRecord restoreExperiment(String experimentId, List<AuditEntry> audit);

    /**
     * Soft-deletes a run at {@code at}: hidden from searches unless asked, takes no writes but tags until
     * restored.
     *
     * @throws ConflictException if it is already deleted
     */
    RunRecord deleteRun(String runId, Instant at, List<AuditEntry> audit);

    /**
     * Restores a deleted run.
     *
     * @throws ConflictException if it is not deleted, or its experiment is deleted (restore that first)
     */
    RunRecord restoreRun(String runId, List<AuditEntry> audit);

    /**
     * Removes a deleted run for good: its record, params, tags, inputs, artifact paths, metric series and
     * request ids (artifact bytes stay in the {@link ArtifactStore}; whoever frees them checks references).
     *
     * @throws ConflictException if the run is neither deleted nor in a deleted experiment, or it has child runs
     */
    void purgeRun(String runId, List<AuditEntry> audit);

    /**
     * Removes a deleted experiment that has no runs left (purge them first) for good; its name is free again.
     *
     * @throws ConflictException if it is not deleted or still has runs
     */
    void purgeExperiment(String experimentId, List<AuditEntry> audit);

    /**
     * Ends as {@link RunStatus#KILLED}, with {@code failure} as the reason, every RUNNING run that is not
     * deleted and whose {@link RunRecord#lastHeartbeat()} is before {@code heartbeatBefore} — checked and
     * ended in one write together with the audit events {@code audit} makes of the ended runs (called once,
     * inside the write; it must not touch the store). A run written to concurrently is either ended or not
     * stale; never both.
     *
     * @return the runs ended, in id order
     */
    List<RunRecord> killStaleRuns(Instant heartbeatBefore, Instant endTime, String failure,
                                  Function<List<RunRecord>, List<AuditEntry>> audit);

    /**
     * @return the digest of every blob a tracking record refers to: the artifacts of every run (deleted ones
     *         included until purged), the digests of stored dataset versions and of their
     *         {@link ProfileRef profiles}
     */
    Set<String> referencedDigests();
}
