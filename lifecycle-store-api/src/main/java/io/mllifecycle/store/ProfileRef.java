package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.spi.Digests;

/**
 * A reference profile as the metadata stores keep it: the digest, media type and size of a profile bundle
 * whose bytes are one content-addressed blob in the lifecycle's {@link ArtifactStore}.
 *
 * <p>Contract: {@link ModelVersionRecord}, {@link NewModelVersion} and {@link DatasetVersion} carry this
 * small reference, never the bytes, so a store rewrites no profile bytes when a version's stage, tags or
 * card change, and two versions (or datasets) with the same profile share one blob. The writer stores the
 * bytes first ({@code artifacts.put(...)}, which keeps equal bytes once) and then records the reference; a
 * reader fetches them on demand with {@code artifacts.open(ref.digest())}. Every digest a record's reference
 * names is in its store's {@code referencedDigests()}, so garbage collection never frees a profile that a
 * version or dataset uses. A metadata store never reads the bytes itself.
 *
 * @param digest    {@code sha256:<hex>} of the bytes
 * @param mediaType the format and its version, e.g. {@code application/vnd.mllifecycle.profiles.v1}
 * @param size      number of bytes, ≥ 0
 */
public record ProfileRef(String digest, String mediaType, long size) {
    public ProfileRef {
        Checks.digest("digest", digest);
        Checks.name("mediaType", mediaType);
        if (size < 0) {
            throw new IllegalArgumentException("size must be ≥ 0, but was " + size);
        }
    }

    /** @return the reference to {@code data}'s bytes (digest computed here) */
    public static ProfileRef of(ProfileData data) {
        Checks.notNull("data", data);
        byte[] bytes = data.content();
        return new ProfileRef(Digests.of(bytes), data.mediaType(), bytes.length);
    }
}
