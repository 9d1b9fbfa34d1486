package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and odd directories, and damage that passes the checksum: nothing outside the store is read,
 * written or deleted, nothing is written before the directory is known to be a store, and every damaged
 * record or blob is a {@link CorruptStoreException}.
 */
class FileStoreHostileDirectoryTest {
    @TempDir
    Path dir;
    @TempDir
    Path outside;

    private Path store() {
        return dir.resolve("store");
    }

    @Test
    void open_symlinkedFormat_isRefusedWithoutLeakingTheTarget() throws Exception {
        FileStore.open(store()).close();
        Path secret = Files.writeString(outside.resolve("secret.json"), "{\"password\":\"hunter2\"}");
        Files.delete(store().resolve("FORMAT"));
        Files.createSymbolicLink(store().resolve("FORMAT"), secret);
        assertThatThrownBy(() -> FileStore.open(store())).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("symbolic link").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> FileStore.builder(store()).readOnly().open()).isInstanceOf(CorruptStoreException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void open_foreignFormatFile_isRefusedWithoutQuotingIt() throws Exception {
        FileStore.open(store()).close();
        Files.writeString(store().resolve("FORMAT"), "{\"token\":\"hunter2\"}");
        assertThatThrownBy(() -> FileStore.open(store())).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("does not describe").hasMessageNotContaining("hunter2");
    }

    @Test
    void open_danglingStoreLockLink_createsNothingElsewhere() throws Exception {
        FileStore.open(store()).close();
        Path target = outside.resolve("created-by-store");
        Files.delete(store().resolve("store.lock"));
        Files.createSymbolicLink(store().resolve("store.lock"), target);
        assertThatThrownBy(() -> FileStore.open(store())).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("store.lock").hasMessageContaining("symbolic link");
        assertThat(target).doesNotExist();
    }

    @Test
    void open_foreignDirectory_isRefusedAndLeftExactlyAsItWas() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(foreign.resolve("holiday.jpg"), "jpeg");
        assertThatThrownBy(() -> FileStore.open(foreign)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("nothing in it was changed");
        try (var files = Files.list(foreign)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("holiday.jpg");
        }
    }

    @Test
    void open_directoryWithAnotherProgramsSmallJournal_isRefusedAndTheFileKept() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("other"));
        Files.writeString(foreign.resolve("journal.log"), "2026-12-01 started\n");
        assertThatThrownBy(() -> FileStore.open(foreign)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("journal.log");
        assertThat(Files.readString(foreign.resolve("journal.log"))).isEqualTo("2026-12-01 started\n");
        assertThat(foreign.resolve("store.lock")).doesNotExist();
        assertThat(foreign.resolve("FORMAT")).doesNotExist();
    }

    @Test
    void open_strayOperatingSystemFiles_areToleratedAndLeftAlone() throws Exception {
        Files.createDirectories(store());
        Files.writeString(store().resolve(".DS_Store"), "finder");
        try (FileStore s = FileStore.open(store())) {
            Seed.write(s);
        }
        Files.writeString(store().resolve("Thumbs.db"), "explorer");
        try (FileStore s = FileStore.open(store())) {
            assertThat(s.tracking().listExperiments()).hasSize(1);
        }
        assertThat(Files.readString(store().resolve(".DS_Store"))).isEqualTo("finder");
        assertThat(Files.readString(store().resolve("Thumbs.db"))).isEqualTo("explorer");
    }

    @Test
    void put_symlinkedBlobDirectory_createsNothingOutside() throws Exception {
        FileStore.open(store()).close();
        Path sha = store().resolve("blobs/sha256");
        Files.delete(sha);
        Files.createSymbolicLink(sha, outside);
        assertThatThrownBy(() -> FileStore.open(store())).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("sha256").hasMessageContaining("symbolic link");
        try (var files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void put_blobDirectoryMadeALinkWhileOpen_createsNothingOutside() throws Exception {
        try (FileStore s = FileStore.open(store())) {
            Path sha = store().resolve("blobs/sha256");
            Files.delete(sha);
            Files.createSymbolicLink(sha, outside);
            assertThatThrownBy(() -> s.artifacts().put(new ByteArrayInputStream(new byte[] {1, 2, 3}), "x/y"))
                    .isInstanceOf(CorruptStoreException.class).hasMessageContaining("leads elsewhere");
            try (var files = Files.list(outside)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void open_otherProgramsTemporaryFiles_areKeptButOwnRemnantsOfAKilledCompactionGo() throws Exception {
        FileStore.open(store()).close();
        Path tmp = store().resolve("tmp");
        Path theirs = Files.writeString(tmp.resolve("upload.tmp"), "someone else's");
        Files.setLastModifiedTime(theirs, FileTime.from(Instant.now().minusSeconds(7 * 86_400)));
        // a compaction killed before its rename leaves a partial journal; it is removed at once, not after a day
        Path partialJournal = Files.writeString(tmp.resolve("journal." + UUID.randomUUID() + ".tmp"), "partial");
        Path youngBlob = Files.writeString(tmp.resolve("blob." + UUID.randomUUID() + ".tmp"), "streaming");
        Path oldBlob = Files.writeString(tmp.resolve("blob." + UUID.randomUUID() + ".tmp"), "crashed");
        Files.setLastModifiedTime(oldBlob, FileTime.from(Instant.now().minusSeconds(2 * 86_400)));
        FileStore.open(store()).close();
        assertThat(theirs).exists();
        assertThat(partialJournal).doesNotExist();
        assertThat(youngBlob).exists(); // may belong to a put another process is still streaming
        assertThat(oldBlob).doesNotExist();
    }

    @Test
    void open_metricCommitWithImpossibleLengths_isCorrupt() throws Exception {
        Seed seed;
        try (FileStore s = FileStore.open(store())) {
            seed = Seed.write(s);
        }
        byte[] good = Files.readAllBytes(store().resolve("journal.log"));
        for (long length : new long[] {-5, 0}) {
            String record = "[{\"type\":\"metrics\",\"runId\":\"" + seed.runId() + "\",\"latest\":{},\"length\":"
                    + length + ",\"synced\":true}]";
            Files.write(store().resolve("journal.log"), good);
            Files.write(store().resolve("journal.log"), Frames.encode(record.getBytes(StandardCharsets.UTF_8)),
                    StandardOpenOption.APPEND);
            assertThatThrownBy(() -> FileStore.open(store())).as("length %d", length)
                    .isInstanceOf(CorruptStoreException.class).hasMessageContaining("journal.log")
                    .hasMessageContaining("length");
        }
    }

    @Test
    void open_secondHeaderOrUnknownFormatInTheJournal_isCorrupt() throws Exception {
        FileStore.open(store()).close();
        byte[] good = Files.readAllBytes(store().resolve("journal.log"));
        for (String record : List.of("[{\"type\":\"header\",\"format\":2,\"generation\":5}]",
                "[{\"type\":\"experiment\",\"experiment\":null}]")) {
            Files.write(store().resolve("journal.log"), good);
            Files.write(store().resolve("journal.log"), Frames.encode(record.getBytes(StandardCharsets.UTF_8)),
                    StandardOpenOption.APPEND);
            assertThatThrownBy(() -> FileStore.open(store())).as(record).isInstanceOf(CorruptStoreException.class)
                    .hasMessageContaining("journal.log");
        }
        Files.write(store().resolve("journal.log"), Frames.encode(
                "[{\"type\":\"header\",\"format\":9,\"generation\":1}]".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> FileStore.open(store())).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("format 9");
    }

    @Test
    void open_replacedBlobFile_readerThatStopsAtTheRecordedSizeGetsAnError() throws Exception {
        String digest;
        byte[] bytes = "model bytes, the real ones".getBytes(StandardCharsets.UTF_8);
        try (FileStore s = FileStore.open(store())) {
            digest = s.artifacts().put(new ByteArrayInputStream(bytes), "x/y").digest();
        }
        Path file = Layout.blob(store(), digest);
        byte[] replaced = bytes.clone();
        replaced[3] ^= 1;
        Files.write(file, replaced);
        try (FileStore s = FileStore.open(store())) {
            // a reader that reads exactly the recorded size and never asks for the end
            try (InputStream in = s.artifacts().open(digest)) {
                byte[] buffer = new byte[bytes.length];
                assertThatThrownBy(() -> {
                    int off = 0;
                    while (off < buffer.length) {
                        off += in.read(buffer, off, buffer.length - off);
                    }
                }).isInstanceOf(CorruptStoreException.class).hasMessageContaining(file.toString());
            }
            // a reader that stops early hears of it on close()
            InputStream in = s.artifacts().open(digest);
            assertThat(in.read(new byte[4])).isEqualTo(4);
            assertThatThrownBy(in::close).isInstanceOf(CorruptStoreException.class).hasMessageContaining("damaged");
        }
        Files.write(file, bytes);
        try (FileStore s = FileStore.open(store()); InputStream in = s.artifacts().open(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void readOnly_onReadOnlyMedia_readsEverythingAndWritesNothing() throws Exception {
        Seed seed;
        try (FileStore s = FileStore.open(store())) {
            seed = Seed.write(s);
        }
        Files.delete(store().resolve("store.lock"));
        FaultyFileIo readOnlyMedia = new FaultyFileIo();
        readOnlyMedia.readOnly = true;
        assertThatThrownBy(() -> FileStore.builder(store()).fileIo(readOnlyMedia).open())
                .isInstanceOf(StoreException.class);
        Map<Path, FileTime> before = listing(store());
        try (FileStore s = FileStore.builder(store()).fileIo(readOnlyMedia).readOnly().open()) {
            seed.assertIntact(s);
            assertThat(s.tracking().metricHistory(seed.runId(), "loss", 0, 10)).hasSize(3);
            assertThatThrownBy(() -> s.tracking().logParams(seed.runId(), Map.of("x", "y")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("read-only");
            assertThatThrownBy(() -> s.artifacts().put(new ByteArrayInputStream(new byte[1]), "x/y"))
                    .isInstanceOf(StoreException.class).hasMessageContaining("read-only");
            assertThatThrownBy(() -> s.tracking().logMetrics(seed.runId(),
                    List.of(new MetricPoint("loss", 1, 9, Seed.T0)))).hasMessageContaining("read-only");
        }
        assertThat(listing(store())).isEqualTo(before);
        assertThat(store().resolve("store.lock")).doesNotExist();
        assertThatThrownBy(() -> FileStore.builder(dir.resolve("absent")).readOnly().open())
                .isInstanceOf(StoreException.class);
        assertThat(dir.resolve("absent")).doesNotExist();
    }

    private static Map<Path, FileTime> listing(Path root) throws Exception {
        Map<Path, FileTime> out = new java.util.TreeMap<>();
        try (var files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                out.put(p, Files.getLastModifiedTime(p));
            }
        }
        return out;
    }
}
