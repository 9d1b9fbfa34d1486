package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreFormatTest {
    @TempDir
    Path dir;

    @Test
    void open_absentDirectory_isInitialised() throws Exception {
        Path store = dir.resolve("a/b/mlruns");
        try (FileStore s = FileStore.open(store)) {
            assertThat(s.tracking().listExperiments()).isEmpty();
        }
        assertThat(Files.readString(store.resolve("FORMAT")))
                .isEqualTo("{\"format\":\"mllifecycle-file-store\",\"version\":1}\n");
        assertThat(store.resolve("journal.log")).isRegularFile();
        assertThat(store.resolve("metrics")).isDirectory();
        assertThat(store.resolve("blobs/sha256")).isDirectory();
    }

    @Test
    void open_emptyDirectory_isInitialisedAndReopens() {
        Seed seed;
        try (FileStore s = FileStore.open(dir)) {
            seed = Seed.write(s);
        }
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
        }
    }

    @Test
    void open_newerFormat_isRefusedWithVersions() throws Exception {
        FileStore.open(dir).close();
        Files.writeString(dir.resolve("FORMAT"), "{\"format\":\"mllifecycle-file-store\",\"version\":2}\n");
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("format version 2").hasMessageContaining("newer").hasMessageContaining("1");
    }

    @Test
    void open_olderFormat_isRefusedNotMisread() throws Exception {
        FileStore.open(dir).close();
        Files.writeString(dir.resolve("FORMAT"), "{\"format\":\"mllifecycle-file-store\",\"version\":0}\n");
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("format version 0").hasMessageContaining("neither read nor migrate");
    }

    @Test
    void open_missingFormatInNonEmptyDirectory_isCorrupt() throws Exception {
        try (FileStore s = FileStore.open(dir)) {
            Seed.write(s);
        }
        Files.delete(dir.resolve("FORMAT"));
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("FORMAT").hasMessageContaining(dir.toString());
    }

    @Test
    void open_directoryOfOtherFiles_isRefused() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("notes.txt").hasMessageContaining("no FORMAT");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void open_unreadableFormat_isCorrupt() throws Exception {
        FileStore.open(dir).close();
        Files.write(dir.resolve("FORMAT"), "{\"format\":".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining(dir.resolve("FORMAT").toString());
    }

    @Test
    void open_foreignFileInTheTree_isCorruptNamingIt() throws Exception {
        FileStore.open(dir).close();
        Files.writeString(dir.resolve("meta.yaml"), "x");
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining(dir.resolve("meta.yaml").toString());
    }

    @Test
    void open_linkInPlaceOfADirectory_isRefused() throws Exception {
        FileStore.open(dir).close();
        Path elsewhere = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-elsewhere"));
        Files.delete(dir.resolve("metrics"));
        Files.createSymbolicLink(dir.resolve("metrics"), elsewhere);
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void open_interruptedInitialisation_isCompleted() throws Exception {
        FileStore.open(dir).close();
        Files.delete(dir.resolve("FORMAT")); // the last step of initialisation did not happen
        try (FileStore s = FileStore.open(dir)) {
            assertThat(s.tracking().listExperiments()).isEmpty();
        }
        assertThat(dir.resolve("FORMAT")).isRegularFile();
    }
}
