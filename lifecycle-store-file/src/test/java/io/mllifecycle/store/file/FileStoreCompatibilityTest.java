package io.mllifecycle.store.file;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.tck.LifecycleStoreCompatibilityKit;
import io.mllifecycle.store.tck.StoreCapabilities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The whole TCK against a SYNC file store, reopen tests included. */
class FileStoreCompatibilityTest extends LifecycleStoreCompatibilityKit {
    @TempDir
    Path temp;

    @Override
    protected LifecycleStore newStore() {
        try {
            return FileStore.open(Files.createTempDirectory(temp, "store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected StoreCapabilities capabilities() {
        return StoreCapabilities.durable();
    }

    @Override
    protected LifecycleStore reopen(LifecycleStore closed) {
        return FileStore.open(((FileStore) closed).directory());
    }
}
