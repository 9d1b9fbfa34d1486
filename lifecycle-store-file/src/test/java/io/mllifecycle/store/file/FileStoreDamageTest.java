package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.store.MetricPoint;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged stores: each damage is a typed error naming the file, and nothing readable before is lost. */
class FileStoreDamageTest {
    @TempDir
    Path dir;
    Seed seed;

    @BeforeEach
    void seed() {
        try (FileStore s = FileStore.open(dir)) {
            seed = Seed.write(s);
        }
    }

    private Path journal() {
        return dir.resolve("journal.log");
    }

    private Path metricLog() {
        return dir.resolve("metrics").resolve(seed.runId() + ".log");
    }

    @Test
    void open_tornJournalTail_isTruncatedAndEverythingBeforeKept() throws Exception {
        byte[] before = Files.readAllBytes(journal());
        byte[] torn = Frames.encode("[{\"type\":\"experiment\",\"experiment\":{}}]".getBytes(StandardCharsets.UTF_8));
        Files.write(journal(), Arrays.copyOf(torn, torn.length - 7), StandardOpenOption.APPEND);
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
        }
        assertThat(Files.readAllBytes(journal())).isEqualTo(before);
    }

    @Test
    void open_flippedByteInTheMiddleOfTheJournal_isCorruptAndFileUntouched() throws Exception {
        byte[] good = Files.readAllBytes(journal());
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x04;
        Files.write(journal(), bad);
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining(journal().toString()).hasMessageContaining("valid records follow");
        assertThat(Files.readAllBytes(journal())).isEqualTo(bad);
        Files.write(journal(), good); // repaired from a backup: everything is back
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
        }
    }

    @Test
    void open_emptiedJournal_isCorrupt() throws Exception {
        Files.write(journal(), new byte[0]);
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining(journal().toString()).hasMessageContaining("empty");
    }

    @Test
    void open_missingJournal_isCorrupt() throws Exception {
        Files.delete(journal());
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining(journal().toString()).hasMessageContaining("missing");
    }

    @Test
    void open_truncatedJsonWithValidChecksum_isCorrupt() throws Exception {
        byte[] record = Frames.encode("[{\"type\":\"run\",\"run\":{\"id\":".getBytes(StandardCharsets.UTF_8));
        Files.write(journal(), record, StandardOpenOption.APPEND);
        Files.write(journal(), Frames.encode("[]".getBytes(StandardCharsets.UTF_8)), StandardOpenOption.APPEND);
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining(journal().toString()).hasMessageContaining("not a record this store wrote");
    }

    /** A run whose log the journal holds no copy of: BATCHED batches, or SYNC batches too large to copy. */
    private String runWithLogOnly(Durability durability) {
        try (FileStore s = FileStore.builder(dir).durability(durability).open()) {
            String run = s.tracking().createRun(new io.mllifecycle.store.NewRun(seed.experimentId(), null, "big",
                    java.util.Map.of(), Seed.T0, io.mllifecycle.store.RunSource.unknown())).id();
            for (int batch = 0; batch < 2; batch++) {
                List<MetricPoint> points = new java.util.ArrayList<>();
                for (int i = batch * 3_000; i < (batch + 1) * 3_000; i++) { // 90 000 bytes: more than a record carries
                    points.add(new MetricPoint("loss", 1.0 / (i + 1), i, Seed.T0));
                }
                s.tracking().logMetrics(run, points);
            }
            return run;
        }
    }

    @Test
    void metricHistory_flippedByteInTheMiddleOfALog_isCorruptNamingTheLog() throws Exception {
        String run = runWithLogOnly(Durability.BATCHED);
        Path log = dir.resolve("metrics").resolve(run + ".log");
        byte[] bytes = Files.readAllBytes(log);
        bytes[bytes.length / 4] ^= 0x01; // in the first of its two batches
        Files.write(log, bytes);
        try (FileStore s = FileStore.open(dir)) {
            assertThatThrownBy(() -> s.tracking().metricHistory(run, "loss", 0, 10))
                    .isInstanceOf(CorruptStoreException.class).hasMessageContaining(log.toString());
            assertThat(s.tracking().latestMetrics(run).get("loss").value()).isEqualTo(1.0 / 6_000);
            seed.assertIntact(s);
        }
    }

    @Test
    void metricHistory_syncedLogCutShort_isCorrupt() throws Exception {
        String run = runWithLogOnly(Durability.SYNC);
        Path log = dir.resolve("metrics").resolve(run + ".log");
        assertThat(Files.readString(journal())).contains("\"synced\":true");
        byte[] bytes = Files.readAllBytes(log);
        Files.write(log, Arrays.copyOf(bytes, bytes.length - 3));
        try (FileStore s = FileStore.open(dir)) {
            assertThatThrownBy(() -> s.tracking().metricHistory(run, "loss", 0, 10))
                    .isInstanceOf(CorruptStoreException.class).hasMessageContaining(log.toString())
                    .hasMessageContaining("synced");
        }
    }

    @Test
    void open_flippedByteInABatchTheJournalHoldsACopyOf_rewritesTheBatchFromTheJournal() throws Exception {
        byte[] good = Files.readAllBytes(metricLog());
        byte[] bytes = good.clone();
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(metricLog(), bytes);
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
            assertThat(s.tracking().metricHistory(seed.runId(), "loss", 0, 10)).extracting(MetricPoint::value)
                    .containsExactly(0.5, 0.4, 0.3);
        }
        assertThat(Files.readAllBytes(metricLog())).isEqualTo(good);
    }

    @Test
    void open_logCutShortWithinTheJournalsCopies_isWrittenBackFromTheJournal() throws Exception {
        byte[] good = Files.readAllBytes(metricLog());
        Files.write(metricLog(), Arrays.copyOf(good, 5));
        try (FileStore s = FileStore.open(dir)) {
            assertThat(s.tracking().metricHistory(seed.runId(), "loss", 0, 10)).extracting(MetricPoint::value)
                    .containsExactly(0.5, 0.4, 0.3);
        }
        assertThat(Files.readAllBytes(metricLog())).isEqualTo(good);
    }

    @Test
    void logMetrics_uncommittedTailOfACrashedWriter_isDiscarded() throws Exception {
        Files.write(metricLog(), Frames.encode("[{\"key\":\"loss\",\"value\":9.0,\"step\":9,\"timestamp\":\"2026-01-01T00:00:00Z\"}]"
                .getBytes(StandardCharsets.UTF_8)), StandardOpenOption.APPEND);
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
            s.tracking().logMetrics(seed.runId(), List.of(new MetricPoint("loss", 0.2, 4, Seed.T0)));
            assertThat(s.tracking().metricHistory(seed.runId(), "loss", 0, 10)).extracting(MetricPoint::value)
                    .containsExactly(0.5, 0.4, 0.3, 0.2);
        }
    }

    @Test
    void open_deletedBlob_isCorruptNamingTheFile() throws Exception {
        Path blob = Layout.blob(dir.toRealPath(), seed.blob().digest());
        Files.delete(blob);
        try (FileStore s = FileStore.open(dir)) {
            assertThatThrownBy(() -> s.artifacts().open(seed.blob().digest())).isInstanceOf(CorruptStoreException.class)
                    .hasMessageContaining(blob.toString()).hasMessageContaining("missing");
            assertThatThrownBy(() -> s.artifacts().info(seed.blob().digest())).isInstanceOf(CorruptStoreException.class);
            s.artifacts().put(new ByteArrayInputStream("model bytes".getBytes(StandardCharsets.UTF_8)), "text/plain");
            seed.assertIntact(s); // the same bytes put again restore the file, with the original info
        }
    }

    @Test
    void open_changedBlobBytes_failWhenStreamed() throws Exception {
        Path blob = Layout.blob(dir.toRealPath(), seed.blob().digest());
        Files.writeString(blob, "model bytez");
        try (FileStore s = FileStore.open(dir); InputStream in = s.artifacts().open(seed.blob().digest())) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(CorruptStoreException.class)
                    .hasMessageContaining(blob.toString()).hasMessageContaining(seed.blob().digest());
        }
    }

    @Test
    void open_blobDirectoryLinkedOutOfTheStore_isRefused() throws Exception {
        Path blob = Layout.blob(dir.toRealPath(), seed.blob().digest());
        Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
        Files.copy(blob, outside.resolve(blob.getFileName()));
        Files.delete(blob);
        Files.delete(blob.getParent());
        Files.createSymbolicLink(blob.getParent(), outside);
        try (FileStore s = FileStore.open(dir)) {
            assertThatThrownBy(() -> s.artifacts().open(seed.blob().digest())).isInstanceOf(CorruptStoreException.class)
                    .hasMessageContaining("no links");
        }
    }

    @Test
    void put_existingBytes_storesNothingNew() throws Exception {
        try (FileStore s = FileStore.open(dir)) {
            long blobs;
            try (var files = Files.walk(dir.resolve("blobs"))) {
                blobs = files.filter(Files::isRegularFile).count();
            }
            var again = s.artifacts().put(new ByteArrayInputStream("model bytes".getBytes(StandardCharsets.UTF_8)),
                    "text/plain");
            assertThat(again).isEqualTo(seed.blob());
            assertThat(again.digest()).isEqualTo(Digests.of("model bytes".getBytes(StandardCharsets.UTF_8)));
            try (var files = Files.walk(dir.resolve("blobs"))) {
                assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(blobs);
            }
            try (var files = Files.list(dir.resolve("tmp"))) {
                assertThat(files).isEmpty();
            }
        }
    }
}
