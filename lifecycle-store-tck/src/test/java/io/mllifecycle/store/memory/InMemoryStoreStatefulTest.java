package io.mllifecycle.store.memory;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.tck.StoreStatefulKit;

/** The in-memory store against itself: checks the stateful kit's own machinery (id mapping, outcome comparison). */
class InMemoryStoreStatefulTest extends StoreStatefulKit {
    @Override
    protected LifecycleStore newStore() {
        return new InMemoryStore();
    }
}
