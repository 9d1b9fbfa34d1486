package io.mllifecycle.store.tck;

import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.memory.InMemoryStore;

/**
 * Runs the whole kit with the reopen tests on: each "store" is a closable view of one in-memory store,
 * and reopening gives a new view of the same data. This exercises the kit's reopen paths, which the
 * plain in-memory store (not durable) skips.
 */
class ReopenedInMemoryStoreCompatibilityTest extends LifecycleStoreCompatibilityKit {

    /** A view that fails once closed, as a real store does, while the data lives on in {@code data}. */
    private static final class View implements LifecycleStore {
        private final InMemoryStore data;
        private volatile boolean closed;

        View(InMemoryStore data) {
            this.data = data;
        }

        private InMemoryStore open() {
            if (closed) {
                throw new StoreException("this view is closed");
            }
            return data;
        }

        @Override
        public TrackingStore tracking() {
            return open().tracking();
        }

        @Override
        public RegistryStore registry() {
            return open().registry();
        }

        @Override
        public ArtifactStore artifacts() {
            return open().artifacts();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Override
    protected LifecycleStore newStore() {
        return new View(new InMemoryStore());
    }

    @Override
    protected StoreCapabilities capabilities() {
        return StoreCapabilities.durable().withLargeArtifactBytes(1024 * 1024);
    }

    @Override
    protected LifecycleStore reopen(LifecycleStore closed) {
        return new View(((View) closed).data);
    }
}
