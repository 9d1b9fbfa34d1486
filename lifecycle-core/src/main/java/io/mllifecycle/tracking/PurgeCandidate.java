package io.mllifecycle.tracking;

import java.time.Instant;

/**
 * One run or experiment a {@link PurgePlan} found deleted longer ago than its retention.
 *
 * @param kind         run or experiment
 * @param id           its id
 * @param name         its name
 * @param experimentId the experiment of a run; for an experiment its own id
 * @param deletedAt    when it counts as deleted: the earlier of the run's own deletion and its experiment's
 * @param artifacts    for a run, how many artifacts it recorded; for an experiment 0
 * @param bytes        for a run, the bytes of its artifacts that no other record refers to (freed on apply)
 * @param skipReason   why it is kept, or null when it is purged
 */
public record PurgeCandidate(Kind kind, String id, String name, String experimentId, Instant deletedAt, int artifacts,
                             long bytes, String skipReason) {

    /** What is purged. */
    public enum Kind {
        /** a run with its params, tags, inputs, metric series and artifact paths */
        RUN,
        /** an experiment, once its runs are purged */
        EXPERIMENT
    }

    /** @return whether the plan purges it */
    public boolean purged() {
        return skipReason == null;
    }

    /** @return a copy kept for {@code reason} */
    PurgeCandidate skipped(String reason) {
        return new PurgeCandidate(kind, id, name, experimentId, deletedAt, artifacts, 0, reason);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id + " (" + name + "), deleted " + deletedAt
                + (purged() ? ": purge, frees " + bytes + " bytes" : ": kept, " + skipReason);
    }
}
