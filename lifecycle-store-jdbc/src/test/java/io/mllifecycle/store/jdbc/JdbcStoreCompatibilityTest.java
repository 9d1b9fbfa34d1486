package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import io.mllifecycle.store.tck.LifecycleStoreCompatibilityKit;
import io.mllifecycle.store.tck.StoreCapabilities;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole TCK against PostgreSQL, durable across reopen: each test gets a fresh schema; reopening opens
 * a new store (and pool) on the same schema with the same artifact store. Artifact bytes are kept in
 * memory since the JDBC store holds metadata only.
 */
class JdbcStoreCompatibilityTest extends LifecycleStoreCompatibilityKit {
    private static final TestDatabase DB = new TestDatabase();
    private static final Map<LifecycleStore, Place> PLACES = new ConcurrentHashMap<>();

    private record Place(String schema, ArtifactStore artifacts) {}

    @Override
    protected LifecycleStore newStore() {
        return open(new Place(DB.newSchema(), new InMemoryArtifactStore()));
    }

    @Override
    protected StoreCapabilities capabilities() {
        return StoreCapabilities.durable();
    }

    @Override
    protected LifecycleStore reopen(LifecycleStore closed) {
        return open(PLACES.remove(closed));
    }

    private static LifecycleStore open(Place place) {
        LifecycleStore store = TestDatabase.open(place.schema(), place.artifacts());
        PLACES.put(store, place);
        return store;
    }

    @AfterAll
    static void dropSchemas() {
        PLACES.clear();
        DB.dropAll();
    }
}
