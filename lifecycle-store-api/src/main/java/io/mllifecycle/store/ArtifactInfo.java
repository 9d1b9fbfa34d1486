package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

/**
 * A stored blob.
 *
 * @param digest    {@code sha256:<hex>} of the bytes; the blob's identity
 * @param size      number of bytes, ≥ 0
 * @param mediaType media type given when first stored, e.g. {@code application/octet-stream}
 */
public record ArtifactInfo(String digest, long size, String mediaType) {
    public ArtifactInfo {
        Checks.digest("digest", digest);
        if (size < 0) {
            throw new IllegalArgumentException("size must be ≥ 0, but was " + size);
        }
        Checks.name("mediaType", mediaType);
    }
}
