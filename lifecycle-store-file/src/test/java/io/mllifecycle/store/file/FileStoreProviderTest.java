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
    void open_artifactsOption_keepsMetadataHereAndBytesInTheOtherStore() throws Exception {
        String digest;
        assertThatThrownBy(() -> StoreProviders.open("file:" + dir, Map.of("artifacts", "mem:blobs",
                "artifacts.colour", "blue"))).as("artifacts.* options reach the mem: provider, which has none")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        try (LifecycleStore store = StoreProviders.open("file:" + dir, Map.of("artifacts", "mem:blobs"))) {
            assertThat(store).isNotInstanceOf(FileStore.class);
            assertThat(store.artifacts()).isInstanceOf(io.mllifecycle.store.memory.InMemoryArtifactStore.class);
            store.tracking().createExperiment("churn", "", Map.of(), java.time.Instant.EPOCH);
            digest = store.artifacts().put(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), "x/y").digest();
            assertThat(store.artifacts().exists(digest)).isTrue();
            store.flush();
        }
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> p.toString().contains("sha256")))
                    .as("blob files").isEmpty();
        }
        try (LifecycleStore again = StoreProviders.open("file:" + dir + "?artifacts=mem%3Ablobs")) {
            assertThat(again.tracking().findExperiment("churn")).isPresent();
            assertThat(again.artifacts().exists(digest)).as("a fresh mem: store").isFalse();
        }
    }

    @Test
    void open_artifactsBadOrMissing_namesTheProblem() {
        assertThatThrownBy(() -> StoreProviders.open("file:" + dir, Map.of("artifacts.user", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("artifacts.");
        assertThatThrownBy(() -> StoreProviders.open("file:" + dir, Map.of("artifacts", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("artifacts");
        assertThatThrownBy(() -> StoreProviders.open("file:" + dir + "?colour=blue"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour=blue");
        assertThatThrownBy(() -> StoreProviders.open("file:" + dir, Map.of("artifacts", "nosuch:x")))
                .isInstanceOf(io.mllifecycle.store.StoreException.class).hasMessageContaining("nosuch:x");
        try (LifecycleStore store = StoreProviders.open("file:" + dir)) {
            assertThat(store).as("the directory was released after the failed open").isInstanceOf(FileStore.class);
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
