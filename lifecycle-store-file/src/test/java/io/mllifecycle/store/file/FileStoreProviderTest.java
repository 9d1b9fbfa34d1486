package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreProviderTest {
    @TempDir
    Path dir;

    @Test
    void open_absoluteFileUri_findsTheFileStore() {
        try (LifecycleStore store = StoreProviders.open("file:" + dir.toAbsolutePath())) {
            assertThat(store).isInstanceOf(FileStore.class);
            assertThat(((FileStore) store).durability()).isEqualTo(Durability.SYNC);
        }
        assertThat(dir.resolve("FORMAT")).isRegularFile();
    }

    @Test
    void open_hierarchicalFileUri_opensThePath() {
        try (LifecycleStore store = StoreProviders.open(dir.toUri().toString())) {
            assertThat(((FileStore) store).directory()).isEqualTo(realPath(dir));
        }
    }

    @Test
    void open_relativeFileUri_isRelativeToTheWorkingDirectory() throws Exception {
        String name = "target/provider-" + UUID.randomUUID();
        try (LifecycleStore store = StoreProviders.open("file:./" + name)) {
            assertThat(((FileStore) store).directory()).isEqualTo(Path.of(name).toRealPath());
        }
        assertThat(Files.exists(Path.of(name, "FORMAT"))).isTrue();
    }

    @Test
    void open_batchedOption_isApplied() {
        try (LifecycleStore store = StoreProviders.open("file:" + dir, Map.of("durability", "batched",
                "batchIntervalMs", "20"))) {
            assertThat(((FileStore) store).durability()).isEqualTo(Durability.BATCHED);
        }
    }

    @Test
    void open_unknownOption_namesIt() {
        assertThatThrownBy(() -> StoreProviders.open("file:" + dir, Map.of("durabilty", "SYNC")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durabilty");
    }

    @Test
    void open_badDurability_namesTheValue() {
        assertThatThrownBy(() -> StoreProviders.open("file:" + dir, Map.of("durability", "sometimes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sometimes");
    }

    @Test
    void open_remoteHost_isRefused() {
        assertThatThrownBy(() -> StoreProviders.open("file://server/share/ml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server");
    }

    @Test
    void batchInterval_outOfRange_namesTheValue() {
        assertThatThrownBy(() -> FileStore.builder(dir).batchInterval(java.time.Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT5M");
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void open_readOnlyOption_opensForReadingOnly() {
        StoreProviders.open("file:" + dir, Map.of()).close();
        try (LifecycleStore store = StoreProviders.open("file:" + dir, Map.of("readOnly", "true"))) {
            assertThat(store.tracking().listExperiments()).isEmpty();
            assertThatThrownBy(() -> store.tracking().createExperiment("e", "", Map.of(), java.time.Instant.EPOCH))
                    .hasMessageContaining("read-only");
        }
        assertThatThrownBy(() -> StoreProviders.open("file:" + dir, Map.of("readOnly", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'yes'");
    }
}
