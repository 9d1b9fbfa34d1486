package io.mllifecycle.tracking;

import java.util.List;

/**
 * What {@link PurgePlan#apply()} did.
 *
 * @param purged     the runs and experiments removed, in the order they were removed (children before parents,
 *                   runs before their experiment)
 * @param skipped    those kept, each with its reason (planned so, or found changed on apply)
 * @param freedBlobs digests of the artifact blobs deleted because nothing referred to them any more
 * @param freedBytes their total size
 */
public record PurgeResult(List<PurgeCandidate> purged, List<PurgeCandidate> skipped, List<String> freedBlobs,
                          long freedBytes) {
    public PurgeResult {
        purged = List.copyOf(purged);
        skipped = List.copyOf(skipped);
        freedBlobs = List.copyOf(freedBlobs);
    }
}
