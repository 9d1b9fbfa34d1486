package io.mllifecycle.store.tck;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.memory.InMemoryStore;

class InMemoryTrackingStoreCompatibilityTest extends TrackingStoreCompatibilityKit {
    @Override
    protected LifecycleStore newStore() {
        return new InMemoryStore();
    }
}
