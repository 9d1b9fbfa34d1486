package io.mllifecycle.store.file;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.tck.StoreStatefulKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Random action chains on a file store give the same results as on the in-memory reference store. */
class FileStoreStatefulTest extends StoreStatefulKit {
    @Override
    protected LifecycleStore newStore() {
        try {
            return FileStore.open(Files.createTempDirectory("file-store-stateful"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
