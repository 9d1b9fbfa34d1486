package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failing file systems, simulated through {@link FaultyFileIo} (the tests run as root, where permissions
 * do not bite): each failure is a typed error naming the file, and nothing readable before is lost.
 */
class FileStoreFailureTest {
    @TempDir
    Path dir;
    Seed seed;
    final FaultyFileIo io = new FaultyFileIo();

    @BeforeEach
    void seed() {
        try (FileStore s = FileStore.open(dir)) {
            seed = Seed.write(s);
        }
    }

    private FileStore open() {
        return FileStore.builder(dir).fileIo(io).open();
    }

    @Test
    void logParams_diskFullOnJournal_failsAndChangesNothing() throws Exception {
        try (FileStore s = open()) {
            io.failWrites = p -> p.endsWith("journal.log");
            assertThatThrownBy(() -> s.tracking().logParams(seed.runId(), Map.of("lr", "0.1")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("journal.log")
                    .hasMessageContaining("No space left");
            io.failWrites = p -> false;
            assertThat(s.tracking().getRun(seed.runId()).params()).doesNotContainKey("lr");
            s.tracking().logParams(seed.runId(), Map.of("lr", "0.2"));
        }
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
            assertThat(s.tracking().getRun(seed.runId()).params()).containsEntry("lr", "0.2");
        }
    }

    @Test
    void logMetrics_diskFullOnMetricLog_failsAndChangesNothing() {
        try (FileStore s = open()) {
            io.failWrites = p -> p.toString().endsWith(seed.runId() + ".log");
            assertThatThrownBy(() -> s.tracking().logMetrics(seed.runId(),
                    List.of(new MetricPoint("loss", 0.1, 9, Instant.EPOCH))))
                    .isInstanceOf(StoreException.class).hasMessageContaining(seed.runId() + ".log");
            io.failWrites = p -> false;
            seed.assertIntact(s);
        }
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
        }
    }

    @Test
    void put_diskFullWhileStreaming_storesNothingAndLeavesNoTemporaryFile() throws Exception {
        try (FileStore s = open()) {
            io.failWrites = p -> p.getFileName().toString().startsWith("blob.");
            assertThatThrownBy(() -> s.artifacts().put(new ByteArrayInputStream(new byte[100_000]), "x/y"))
                    .isInstanceOf(StoreException.class).hasMessageContaining("nothing was stored");
            try (var files = Files.list(dir.resolve("tmp"))) {
                assertThat(files).isEmpty();
            }
            seed.assertIntact(s);
        }
    }

    @Test
    void put_failingInputStream_storesNothing() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        try (FileStore s = open()) {
            assertThatThrownBy(() -> s.artifacts().put(broken, "x/y")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("connection reset");
            seed.assertIntact(s);
        }
    }

    @Test
    void logParams_failedFsync_isReportedNotRetriedAndWritesAreRefusedUntilReopen() {
        try (FileStore s = open()) {
            io.failForce = p -> p.endsWith("journal.log");
            assertThatThrownBy(() -> s.tracking().logParams(seed.runId(), Map.of("lr", "0.1")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("fsync").hasMessageContaining("journal.log")
                    .hasMessageContaining("not retried");
            io.failForce = p -> false;
            assertThatThrownBy(() -> s.tracking().setTags(seed.runId(), Map.of("a", "b")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("refuses writes");
            seed.assertIntact(s);
        }
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
            s.tracking().setTags(seed.runId(), Map.of("a", "b"));
        }
    }

    @Test
    void flush_failedFsyncInBatchedMode_isReported() {
        try (FileStore s = FileStore.builder(dir).fileIo(io).durability(Durability.BATCHED).open()) {
            io.failForce = p -> true;
            s.tracking().setTags(seed.runId(), Map.of("a", "b"));
            assertThatThrownBy(s::flush).isInstanceOf(StoreException.class).hasMessageContaining("fsync");
            io.failForce = p -> false;
        } catch (StoreException closeMayReportItToo) {
            assertThat(closeMayReportItToo).hasMessageContaining("fsync");
        }
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
        }
    }

    @Test
    void open_readOnlyDirectory_isAClearError() {
        io.readOnly = true;
        assertThatThrownBy(this::open).isInstanceOf(StoreException.class)
                .hasMessageContaining("store.lock").hasMessageContaining("Read-only");
        io.readOnly = false;
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
        }
    }

    @Test
    void open_newStoreInReadOnlyDirectory_isAClearError() {
        io.readOnly = true;
        Path fresh = dir.resolveSibling(dir.getFileName() + "-fresh");
        assertThatThrownBy(() -> FileStore.builder(fresh).fileIo(io).open()).isInstanceOf(StoreException.class)
                .hasMessageContaining(fresh.toString()).hasMessageContaining("Read-only");
    }

    @Test
    void write_lockNotAvailable_isRefusedWithReason() {
        try (FileStore s = open()) {
            io.noLocks = true;
            assertThatThrownBy(() -> s.tracking().setTags(seed.runId(), Map.of("a", "b")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("store.lock")
                    .hasMessageContaining("No locks available").hasMessageContaining("refuses to write");
            io.noLocks = false;
            assertThat(s.tracking().getRun(seed.runId()).tags()).doesNotContainKey("a");
        }
    }
}
