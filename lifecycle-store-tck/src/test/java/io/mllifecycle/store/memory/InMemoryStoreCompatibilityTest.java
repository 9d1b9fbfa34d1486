package io.mllifecycle.store.memory;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.tck.LifecycleStoreCompatibilityKit;

/** The in-memory reference store passes the whole kit; it is not durable, so reopen tests are skipped. */
class InMemoryStoreCompatibilityTest extends LifecycleStoreCompatibilityKit {
    @Override
    protected LifecycleStore newStore() {
        return new InMemoryStore();
    }
}
