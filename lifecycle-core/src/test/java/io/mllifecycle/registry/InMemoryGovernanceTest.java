package io.mllifecycle.registry;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.memory.InMemoryStore;

class InMemoryGovernanceTest extends GovernanceContract {
    @Override
    LifecycleStore newStore() {
        return new InMemoryStore();
    }
}
