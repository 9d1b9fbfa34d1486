package io.mllifecycle.registry;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.testing.TestStores;

/** {@link GovernanceContract} on the store of this run ({@link TestStores}: in-memory, file or PostgreSQL). */
class GovernanceTest extends GovernanceContract {
    @Override
    LifecycleStore newStore() {
        return TestStores.newStore();
    }
}
