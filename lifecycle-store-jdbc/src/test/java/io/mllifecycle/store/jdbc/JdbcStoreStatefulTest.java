package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.tck.StoreStatefulKit;
import net.jqwik.api.lifecycle.AfterContainer;

/** Random action sequences on the JDBC store and the in-memory reference store must agree step by step. */
class JdbcStoreStatefulTest extends StoreStatefulKit {
    private static final TestDatabase DB = new TestDatabase();

    @Override
    protected LifecycleStore newStore() {
        return DB.openNew();
    }

    @AfterContainer
    static void dropSchemas() {
        DB.dropAll();
    }
}
