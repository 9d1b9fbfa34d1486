package io.mllifecycle.store.memory;

import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.TrackingStore;

/**
 * The reference {@link LifecycleStore}: complete and thread-safe, kept in memory, lost on exit. Every
 * other store is tested against it (see the TCK). Also opened by {@code mem:} URIs through
 * {@link io.mllifecycle.store.StoreProviders}, each URI a fresh store.
 */
public final class InMemoryStore implements LifecycleStore {
    private final InMemoryRegistryStore registry = new InMemoryRegistryStore();
    private final InMemoryTrackingStore tracking = new InMemoryTrackingStore(registry);
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private volatile boolean closed;

    @Override
    public TrackingStore tracking() {
        checkOpen();
        return tracking;
    }

    @Override
    public RegistryStore registry() {
        checkOpen();
        return registry;
    }

    @Override
    public ArtifactStore artifacts() {
        checkOpen();
        return artifacts;
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("this in-memory store is closed");
        }
    }
}
