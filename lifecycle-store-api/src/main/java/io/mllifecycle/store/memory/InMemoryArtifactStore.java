package io.mllifecycle.store.memory;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * In-memory {@link ArtifactStore}. It necessarily holds blobs in memory; it is meant for tests and
 * small embedded uses.
 */
public final class InMemoryArtifactStore implements ArtifactStore {
    private record Blob(ArtifactInfo info, byte[] bytes) {}

    private final Map<String, Blob> blobs = new HashMap<>();

    @Override
    public ArtifactInfo put(InputStream content, String mediaType) {
        Checks.notNull("content", content);
        Checks.name("mediaType", mediaType);
        MessageDigest md = Digests.newSha256();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DigestInputStream in = new DigestInputStream(nonClosing(content), md)) {
            in.transferTo(buffer);
        } catch (IOException e) {
            throw new StoreException("reading artifact content failed: " + e.getMessage(), e);
        }
        String digest = Digests.format(md.digest());
        synchronized (this) {
            Blob existing = blobs.get(digest);
            if (existing != null) {
                return existing.info();
            }
            ArtifactInfo info = new ArtifactInfo(digest, buffer.size(), mediaType);
            blobs.put(digest, new Blob(info, buffer.toByteArray()));
            return info;
        }
    }

    @Override
    public synchronized InputStream open(String digest) {
        Checks.digest("digest", digest);
        Blob b = blobs.get(digest);
        if (b == null) {
            throw new NotFoundException("artifact " + digest + " is not stored");
        }
        return new ByteArrayInputStream(b.bytes());
    }

    @Override
    public synchronized Optional<ArtifactInfo> info(String digest) {
        Checks.digest("digest", digest);
        return Optional.ofNullable(blobs.get(digest)).map(Blob::info);
    }

    @Override
    public synchronized boolean delete(String digest) {
        Checks.digest("digest", digest);
        return blobs.remove(digest) != null;
    }

    @Override
    public void forEachBlob(Consumer<ArtifactInfo> action) {
        Checks.notNull("action", action);
        List<ArtifactInfo> snapshot;
        synchronized (this) {
            snapshot = blobs.values().stream().map(Blob::info).toList();
        }
        snapshot.forEach(action);
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // the caller owns the stream
            }
        };
    }
}
