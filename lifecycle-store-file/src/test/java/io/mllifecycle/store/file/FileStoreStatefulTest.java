package io.mllifecycle.store.file;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.tck.StoreStatefulKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.lifecycle.AfterContainer;

/** Random action chains on a file store give the same results as on the in-memory reference store. */
class FileStoreStatefulTest extends StoreStatefulKit {
    private static final List<Path> DIRECTORIES = new ArrayList<>();

    @Override
    protected LifecycleStore newStore() {
        try {
            Path dir = Files.createTempDirectory("file-store-stateful");
            synchronized (DIRECTORIES) {
                DIRECTORIES.add(dir);
            }
            return FileStore.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void deleteDirectories() throws IOException {
        synchronized (DIRECTORIES) {
            for (Path dir : DIRECTORIES) {
                try (var paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            DIRECTORIES.clear();
        }
    }
}
