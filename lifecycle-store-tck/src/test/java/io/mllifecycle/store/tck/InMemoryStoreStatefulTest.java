package io.mllifecycle.store.tck;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.memory.InMemoryStore;

/** The in-memory store against itself: checks the stateful kit's own machinery (id mapping, outcome comparison). */
class InMemoryStoreStatefulTest extends StoreStatefulKit {
    @Override
    protected LifecycleStore newStore() {
        return new InMemoryStore();
    }
}
