package io.mllifecycle.tracking;

import io.mllifecycle.store.spi.Checks;

/**
 * An artifact a run recorded: its logical path and the blob it names.
 *
 * @param path      the run's logical path, e.g. {@code model/weights.bin}
 * @param digest    {@code sha256:<hex>} of the bytes
 * @param size      number of bytes, or -1 when the artifact store no longer holds the blob
 * @param mediaType media type given when first stored, or empty when the blob is gone
 */
public record RunArtifact(String path, String digest, long size, String mediaType) {
    public RunArtifact {
        Checks.artifactPath("path", path);
        Checks.digest("digest", digest);
        if (size < -1) {
            throw new IllegalArgumentException("size must be ≥ -1, but was " + size);
        }
        Checks.notNull("mediaType", mediaType);
    }

    /** @return whether the artifact store still holds the bytes */
    public boolean available() {
        return size >= 0;
    }
}
