package io.mllifecycle.store.file;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.tck.LifecycleStoreCompatibilityKit;
import io.mllifecycle.store.tck.StoreCapabilities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The whole TCK against a BATCHED file store: group commit changes when data is synced, never what is read. */
class BatchedFileStoreCompatibilityTest extends LifecycleStoreCompatibilityKit {
    @TempDir
    Path temp;

    @Override
    protected LifecycleStore newStore() {
        try {
            return open(Files.createTempDirectory(temp, "store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LifecycleStore open(Path dir) {
        return FileStore.builder(dir).durability(Durability.BATCHED).batchInterval(Duration.ofMillis(5)).open();
    }

    @Override
    protected StoreCapabilities capabilities() {
        return StoreCapabilities.durable();
    }

    @Override
    protected LifecycleStore reopen(LifecycleStore closed) {
        return open(((FileStore) closed).directory());
    }
}
