package io.mllifecycle.store;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Content-addressed blobs: the same bytes are stored once, under their SHA-256 digest. Content is
 * streamed, never held whole in memory.
 */
public interface ArtifactStore {

    /**
     * Stores the stream's bytes (read to its end, not closed) unless a blob with the same digest exists.
     *
     * @return the blob's description; for bytes already stored, the existing one
     */
    ArtifactInfo put(InputStream content, String mediaType);

    /** @return the blob's bytes; the caller closes the stream @throws NotFoundException if absent */
    InputStream open(String digest);

    /** @return the blob's description, if stored */
    Optional<ArtifactInfo> info(String digest);

    /** @return whether a blob with this digest is stored */
    default boolean exists(String digest) {
        return info(digest).isPresent();
    }

    /** Deletes a blob. @return whether it was there */
    boolean delete(String digest);

    /**
     * Calls {@code action} once for every stored blob, in no particular order, without holding the blobs in
     * memory; blobs stored or deleted meanwhile may or may not be seen. Garbage collection walks this.
     */
    void forEachBlob(Consumer<ArtifactInfo> action);
}
