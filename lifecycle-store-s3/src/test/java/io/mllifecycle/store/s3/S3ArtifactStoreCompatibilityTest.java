package io.mllifecycle.store.s3;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.store.tck.ArtifactStoreCompatibilityKit;
import io.mllifecycle.store.tck.StoreCapabilities;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The whole ArtifactStore kit against S3Mock, in one part and (with a low threshold) in parts, reopen tests
 * included: each test gets a fresh prefix of the bucket.
 */
class S3ArtifactStoreCompatibilityTest extends ArtifactStoreCompatibilityKit {
    private final Map<LifecycleStore, String> prefixes = new IdentityHashMap<>();

    @Override
    protected LifecycleStore newStore() {
        return bundle("t-" + java.util.UUID.randomUUID());
    }

    @Override
    protected StoreCapabilities capabilities() {
        return StoreCapabilities.durable();
    }

    @Override
    protected LifecycleStore reopen(LifecycleStore closed) {
        return bundle(prefixes.get(closed));
    }

    private LifecycleStore bundle(String prefix) {
        S3ArtifactStore s3 = S3Mock.store(prefix).multipartThreshold(S3ArtifactStore.MIN_PART_SIZE)
                .partSize(S3ArtifactStore.MIN_PART_SIZE).open();
        InMemoryStore metadata = new InMemoryStore();
        LifecycleStore store = LifecycleStore.of(metadata.tracking(), metadata.registry(), s3, s3);
        prefixes.put(store, prefix);
        return store;
    }
}
