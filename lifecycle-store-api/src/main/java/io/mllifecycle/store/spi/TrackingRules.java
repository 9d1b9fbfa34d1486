package io.mllifecycle.store.spi;

import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.ExperimentRecord;
import java.util.List;

import java.time.Instant;
import java.util.Map;

/**
 * Rules of the tracking contract that every store applies the same way; adapters call these so their
 * errors match the reference store's.
 */
public final class TrackingRules {
    private TrackingRules() {}

    /**
     * Adds {@code additions} to {@code target} under write-once semantics: an equal value is a no-op.
     * Checks all entries before changing {@code target}, so it is all-or-nothing.
     *
     * @throws ConflictException naming the key, the stored and the new value
     */
    public static void mergeWriteOnce(String runId, String what, Map<String, String> target,
                                      Map<String, String> additions) {
        additions.forEach((k, v) -> {
            String old = target.get(k);
            if (old != null && !old.equals(v)) {
                throw new ConflictException(what + " '" + k + "' of run " + runId + " is already "
                        + Checks.quote(old) + " and cannot be changed to " + Checks.quote(v)
                        + " (" + what + "s are write-once)");
            }
        });
        target.putAll(additions);
    }

    /**
     * @return the record of a newly created, RUNNING run with the store-assigned {@code id}
     * @throws IllegalArgumentException if {@code parent} (null for a top-level run) belongs to another experiment
     */
    public static RunRecord firstRecord(String id, NewRun spec, RunRecord parent) {
        if (parent != null && !parent.experimentId().equals(spec.experimentId())) {
            throw new IllegalArgumentException("parentRunId " + Checks.quote(spec.parentRunId())
                    + " belongs to experiment " + parent.experimentId() + ", not " + spec.experimentId());
        }
        return new RunRecord(id, spec.experimentId(), spec.parentRunId(), spec.name(), RunStatus.RUNNING,
                spec.startTime(), null, null, Map.of(), spec.tags(), Map.of(), java.util.List.of(), Map.of(),
                spec.source());
    }

    /** @throws ConflictException if {@code experiment} is deleted, so it takes no new runs */
    public static void requireExperimentActive(ExperimentRecord experiment) {
        if (experiment.deleted()) {
            throw new ConflictException("experiment " + Checks.quote(experiment.name()) + " is deleted (since "
                    + experiment.deletedAt() + ") and takes no new runs; restore it first");
        }
    }

    /** @throws ConflictException if the experiment is already deleted */
    public static void checkDeleteExperiment(ExperimentRecord e) {
        if (e.deleted()) {
            throw new ConflictException("experiment " + Checks.quote(e.name()) + " is already deleted (since "
                    + e.deletedAt() + ")");
        }
    }

    /** @throws ConflictException if the experiment is not deleted */
    public static void checkRestoreExperiment(ExperimentRecord e) {
        if (!e.deleted()) {
            throw new ConflictException("experiment " + Checks.quote(e.name()) + " is not deleted; only a deleted"
                    + " experiment can be restored");
        }
    }

    /** @throws ConflictException if the run is already deleted */
    public static void checkDeleteRun(RunRecord r) {
        if (r.deleted()) {
            throw new ConflictException("run " + r.id() + " is already deleted (since " + r.deletedAt() + ")");
        }
    }

    /** @throws ConflictException if the run is not deleted or its experiment is deleted */
    public static void checkRestoreRun(RunRecord r, ExperimentRecord e) {
        if (!r.deleted()) {
            throw new ConflictException("run " + r.id() + " is not deleted; only a deleted run can be restored");
        }
        if (e.deleted()) {
            throw new ConflictException("run " + r.id() + " is in experiment " + Checks.quote(e.name())
                    + ", which is deleted; restore the experiment first");
        }
    }

    /**
     * @param children how many child runs the run has
     * @throws ConflictException if the run is neither deleted nor in a deleted experiment, or has children
     */
    public static void checkPurgeRun(RunRecord r, ExperimentRecord e, int children) {
        if (!r.deleted() && !e.deleted()) {
            throw new ConflictException("run " + r.id() + " is not deleted (nor is its experiment " + Checks.quote(
                    e.name()) + "); only deleted runs can be purged");
        }
        if (children > 0) {
            throw new ConflictException("run " + r.id() + " has " + children + " child runs; purge them first");
        }
    }

    /** @throws ConflictException if the experiment is not deleted or still has runs */
    public static void checkPurgeExperiment(ExperimentRecord e, int runs) {
        if (!e.deleted()) {
            throw new ConflictException("experiment " + Checks.quote(e.name()) + " is not deleted; only deleted"
                    + " experiments can be purged");
        }
        if (runs > 0) {
            throw new ConflictException("experiment " + Checks.quote(e.name()) + " still has " + runs
                    + " runs; purge them first");
        }
    }

    /** @throws IllegalArgumentException for a missing time or a bad reason of {@code killStaleRuns} */
    public static void checkKillStale(Instant heartbeatBefore, Instant endTime, String failure) {
        Checks.notNull("heartbeatBefore", heartbeatBefore);
        Checks.notNull("endTime", endTime);
        Checks.notNull("failure", failure);
        Checks.description("failure", failure);
    }

    /** @return whether {@code run} is one {@code killStaleRuns(heartbeatBefore, …)} ends */
    public static boolean stale(RunRecord run, Instant heartbeatBefore) {
        return run.status() == RunStatus.RUNNING && !run.deleted() && run.lastHeartbeat().isBefore(heartbeatBefore);
    }

    /**
     * @return the audit entries {@code audit} makes of {@code ended}, checked
     * @throws IllegalArgumentException if it returns null or a null entry
     */
    public static List<AuditEntry> auditOf(java.util.function.Function<List<RunRecord>, List<AuditEntry>> audit,
                                           List<RunRecord> ended) {
        List<AuditEntry> entries = audit.apply(ended);
        Checks.notNull("audit entries", entries);
        for (int i = 0; i < entries.size(); i++) {
            Checks.notNull("audit entries[" + i + "]", entries.get(i));
        }
        return List.copyOf(entries);
    }

    /** @return the store's clock reading for a heartbeat */
    public static Instant heartbeat() {
        return Instant.now();
    }

    /** @return the later of two points of one metric: greater step, or on equal steps {@code b} (appended later) */
    public static MetricPoint later(MetricPoint a, MetricPoint b) {
        return b.step() >= a.step() ? b : a;
    }

    /** @throws ConflictException if the run has ended or is deleted */
    public static void requireRunning(RunRecord run, String what) {
        if (run.deleted()) {
            throw new ConflictException("run " + run.id() + " is deleted (since " + run.deletedAt() + "); " + what
                    + " can only be logged after it is restored");
        }
        if (run.status().isTerminal()) {
            throw new ConflictException("run " + run.id() + " is " + run.status() + "; " + what
                    + " can only be logged while it is RUNNING");
        }
    }

    /** @throws IllegalArgumentException if {@code fromStep > toStep} */
    public static void checkStepRange(long fromStep, long toStep) {
        if (fromStep > toStep) {
            throw new IllegalArgumentException("fromStep must be ≤ toStep, but was " + fromStep + " > " + toStep);
        }
    }

    /** @throws IllegalArgumentException for a non-terminal status, a missing time, or a failure on a non-FAILED run */
    public static void checkEnd(RunStatus status, Instant endTime, String failure) {
        Checks.notNull("status", status);
        Checks.notNull("endTime", endTime);
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("status must be FINISHED, FAILED or KILLED to end a run, but was "
                    + status);
        }
        if (failure != null) {
            if (status != RunStatus.FAILED && status != RunStatus.KILLED) {
                throw new IllegalArgumentException("failure may only be given for FAILED or KILLED runs, but status"
                        + " was " + status);
            }
            Checks.description("failure", failure);
        }
    }
}
