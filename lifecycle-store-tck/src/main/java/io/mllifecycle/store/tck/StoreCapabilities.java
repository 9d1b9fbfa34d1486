package io.mllifecycle.store.tck;

/**
 * What a store under test can do where adapters legitimately differ. The kits ask for it through
 * {@code capabilities()} and report the tests a store cannot take part in as skipped, with the reason,
 * instead of leaving them out silently.
 *
 * @param durableAcrossReopen true if what was written survives {@code close()} and opening the same store
 *                            again; the kits then run their reopen tests through {@code reopen(closed)}
 * @param largeArtifactBytes  size of the generated blob of the large-artifact round trip, ≥ 1; lower it
 *                            only for a store that documents a smaller limit on blob size
 */
public record StoreCapabilities(boolean durableAcrossReopen, long largeArtifactBytes) {
    /** Size of the large-artifact round trip unless a store asks for another: 20 MiB. */
    public static final long DEFAULT_LARGE_ARTIFACT_BYTES = 20L * 1024 * 1024;

    public StoreCapabilities {
        if (largeArtifactBytes < 1) {
            throw new IllegalArgumentException("largeArtifactBytes must be ≥ 1, but was " + largeArtifactBytes);
        }
    }

    /** @return the capabilities of the in-memory reference store: not durable, default sizes */
    public static StoreCapabilities inMemory() {
        return new StoreCapabilities(false, DEFAULT_LARGE_ARTIFACT_BYTES);
    }

    /** @return the capabilities of a durable store (e.g. a directory or a database), default sizes */
    public static StoreCapabilities durable() {
        return new StoreCapabilities(true, DEFAULT_LARGE_ARTIFACT_BYTES);
    }

    /** @return a copy with another size for the large-artifact round trip */
    public StoreCapabilities withLargeArtifactBytes(long bytes) {
        return new StoreCapabilities(durableAcrossReopen, bytes);
    }
}
