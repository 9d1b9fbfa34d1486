package io.mllifecycle.store.spi;

import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.RunStatus;

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

    /** @return the later of two points of one metric: greater step, or on equal steps {@code b} (appended later) */
    public static MetricPoint later(MetricPoint a, MetricPoint b) {
        return b.step() >= a.step() ? b : a;
    }

    /** @throws ConflictException if the run has ended */
    public static void requireRunning(RunRecord run, String what) {
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
            if (status != RunStatus.FAILED) {
                throw new IllegalArgumentException("failure may only be given for FAILED runs, but status was "
                        + status);
            }
            Checks.description("failure", failure);
        }
    }
}
