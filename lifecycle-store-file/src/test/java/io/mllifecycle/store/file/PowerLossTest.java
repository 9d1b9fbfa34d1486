package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SYNC metric writes after a power failure: the machine keeps of each file only what an fsync covered, so a
 * returned call's points must come back from what was forced. Small SYNC batches are forced through their
 * journal record alone (the write-ahead copy), and the logs are forced later; these tests take the store as a
 * power failure would leave it (each file as its last successful fsync found it; a file never forced is gone,
 * or, as some file systems leave it, zeros) and open that.
 */
class PowerLossTest {
    @TempDir
    Path dir;
    @TempDir
    Path image;
    final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicLong sequence = new AtomicLong();
    /** Per file: what the latest successful fsync (by start) covered, and when it started. */
    private final Map<Path, Durable> durable = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> logForces = new ConcurrentHashMap<>();

    private record Durable(long sequence, byte[] bytes) {}

    /** The real file system, recording what each fsync made durable; a rename carries it to the new name. */
    final FileIo recording = new FileIo() {
        @Override
        public void force(FileChannel channel, Path path) throws IOException {
            long seq = sequence.incrementAndGet();
            byte[] covered = Files.readAllBytes(path);
            FileIo.super.force(channel, path);
            durable.merge(key(path), new Durable(seq, covered), (a, b) -> a.sequence() > b.sequence() ? a : b);
            if (path.getFileName().toString().endsWith(".log") && !path.endsWith(Layout.JOURNAL)) {
                logForces.computeIfAbsent(path.getFileName().toString(), k -> new AtomicLong()).incrementAndGet();
            }
        }

        @Override
        public void moveAtomically(Path from, Path to) throws IOException {
            FileIo.super.moveAtomically(from, to);
            Durable moved = durable.remove(key(from));
            if (moved != null) {
                durable.put(key(to), moved);
            } else {
                durable.remove(key(to));
            }
        }
    };

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /**
     * Writes into {@link #image} the store as a power failure now would leave it: each file of the journal and
     * the metric logs as its last fsync found it; one never forced is absent, or with {@code zeros} (metric
     * logs only) as long as now but all zeros past what was forced. FORMAT, the lock file and blobs are copied:
     * they are written by rename after an fsync, which these tests do not exercise.
     */
    private void powerFailure(boolean zeros) throws IOException {
        Path root = dir.toRealPath();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = image.resolve(root.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                    continue;
                }
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith("tmp/")) {
                    continue;
                }
                if (!rel.equals(Layout.JOURNAL) && !rel.startsWith("metrics/")) {
                    Files.copy(p, to);
                    continue;
                }
                Durable d = durable.get(key(p));
                byte[] kept = d == null ? new byte[0] : d.bytes();
                if (zeros && rel.startsWith("metrics/")) {
                    kept = java.util.Arrays.copyOf(kept, (int) Math.max(kept.length, Files.size(p)));
                } else if (d == null) {
                    continue;
                }
                Files.write(to, kept);
            }
        }
    }

    private static String newRun(FileStore s, String exp, String name) {
        return s.tracking().createRun(new NewRun(exp, null, name, Map.of(), Instant.EPOCH, RunSource.unknown())).id();
    }

    private static MetricPoint point(int writer, int step) {
        return new MetricPoint("loss", writer * 1000 + step, step, Instant.EPOCH.plusMillis(step));
    }

    /** Eight threads log 40 points each, one per call, into their own runs; returns the run ids. */
    private List<String> eightSyncWriters(FileStore s) throws Exception {
        String exp = s.tracking().createExperiment("e", "", Map.of(), Instant.EPOCH).id();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            runs.add(newRun(s, exp, "r" + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                start.await();
                for (int step = 0; step < 40; step++) {
                    s.tracking().logMetrics(runs.get(writer), List.of(point(writer, step)));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : writers) {
            f.get(60, TimeUnit.SECONDS);
        }
        return runs;
    }

    private static void assertEveryPoint(FileStore s, List<String> runs) {
        for (int w = 0; w < runs.size(); w++) {
            List<MetricPoint> expected = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                expected.add(point(w, step));
            }
            assertThat(s.tracking().metricHistory(runs.get(w), "loss", 0, 100)).as("points of writer %d", w)
                    .isEqualTo(expected);
            assertThat(s.tracking().getRun(runs.get(w)).latestMetrics().get("loss")).isEqualTo(point(w, 39));
        }
    }

    @Test
    void syncWriters_powerFailureAfterTheyReturned_everyReturnedPointIsThereWhenReopened() throws Exception {
        List<String> runs;
        try (FileStore s = FileStore.builder(dir).durability(Durability.SYNC).fileIo(recording).open()) {
            runs = eightSyncWriters(s);
            assertThat(logForces).as("metric log fsyncs while logging one point per call").isEmpty();
            powerFailure(false);
        }
        for (String run : runs) {
            assertThat(image.resolve("metrics").resolve(run + ".log")).as("no log reached the disk").doesNotExist();
        }
        try (FileStore s = FileStore.open(image)) {
            assertEveryPoint(s, runs);
            s.tracking().logMetrics(runs.get(0), List.of(new MetricPoint("acc", 0.5, 40, Instant.EPOCH)));
        }
        try (FileStore s = FileStore.open(image)) {
            assertEveryPoint(s, runs);
            assertThat(s.tracking().metricHistory(runs.get(0), "acc", 0, 100)).hasSize(1);
        }
    }

    @Test
    void syncWriters_powerFailureLeavesZerosWhereTheLogsWere_everyReturnedPointIsThereWhenReopened() throws Exception {
        List<String> runs;
        try (FileStore s = FileStore.builder(dir).durability(Durability.SYNC).fileIo(recording).open()) {
            runs = eightSyncWriters(s);
            powerFailure(true);
        }
        assertThat(Files.size(image.resolve("metrics").resolve(runs.get(0) + ".log"))).isPositive();
        try (FileStore s = FileStore.open(image)) {
            assertEveryPoint(s, runs);
        }
    }

    @Test
    void readOnlyOpenAfterPowerFailure_readsThePointsFromTheJournalAndLeavesTheLogsAlone() throws Exception {
        List<String> runs;
        try (FileStore s = FileStore.builder(dir).durability(Durability.SYNC).fileIo(recording).open()) {
            runs = eightSyncWriters(s);
            powerFailure(true);
        }
        byte[] before = Files.readAllBytes(image.resolve("metrics").resolve(runs.get(3) + ".log"));
        try (FileStore s = FileStore.builder(image).readOnly().open()) {
            assertEveryPoint(s, runs);
        }
        assertThat(Files.readAllBytes(image.resolve("metrics").resolve(runs.get(3) + ".log"))).isEqualTo(before);
        try (FileStore s = FileStore.open(image)) {
            assertEveryPoint(s, runs);
        }
        assertThat(Files.readAllBytes(image.resolve("metrics").resolve(runs.get(3) + ".log"))).isNotEqualTo(before);
    }

    @Test
    void compaction_forcesTheLogsWhoseBatchesOnlyTheJournalHeld_beforeDroppingThoseCopies() throws Exception {
        String synced;
        try (FileStore s = FileStore.builder(dir).durability(Durability.SYNC).fileIo(recording).open()) {
            String exp = s.tracking().createExperiment("e", "", Map.of(), Instant.EPOCH).id();
            synced = newRun(s, exp, "sync");
            for (int step = 0; step < 3; step++) {
                s.tracking().logMetrics(synced, List.of(point(0, step)));
            }
        }
        assertThat(logForces).isEmpty();
        assertThat(Files.readString(dir.resolve(Layout.JOURNAL))).contains("\"inline\"");
        try (FileStore s = FileStore.builder(dir).durability(Durability.BATCHED).fileIo(recording).open()) {
            String exp = s.tracking().listExperiments().get(0).id();
            String other = newRun(s, exp, "tags");
            for (int i = 0; i < 10_050; i++) {
                s.tracking().setTags(other, Map.of("i", Integer.toString(i)));
            }
            s.flush();
            assertThat(Files.readString(dir.resolve(Layout.JOURNAL))).as("compacted").doesNotContain("\"inline\"");
            assertThat(logForces).containsKey(synced + ".log");
            powerFailure(false);
        }
        try (FileStore s = FileStore.open(image)) {
            assertThat(s.tracking().metricHistory(synced, "loss", 0, 10))
                    .containsExactly(point(0, 0), point(0, 1), point(0, 2));
        }
    }

    @Test
    void purgedRun_itsWriteAheadBatchesAreNotWrittenBackAfterPowerFailure() throws Exception {
        String purged;
        String kept;
        try (FileStore s = FileStore.builder(dir).durability(Durability.SYNC).fileIo(recording).open()) {
            String exp = s.tracking().createExperiment("e", "", Map.of(), Instant.EPOCH).id();
            purged = newRun(s, exp, "purged");
            kept = newRun(s, exp, "kept");
            s.tracking().logMetrics(purged, List.of(point(0, 0)));
            s.tracking().logMetrics(kept, List.of(point(1, 0)));
            s.tracking().endRun(purged, io.mllifecycle.store.RunStatus.FINISHED, Instant.EPOCH.plusSeconds(1), null);
            s.tracking().deleteRun(purged, Instant.EPOCH.plusSeconds(2), List.of());
            s.tracking().purgeRun(purged, List.of());
            powerFailure(false);
        }
        try (FileStore s = FileStore.open(image)) {
            assertThat(s.tracking().searchRuns(io.mllifecycle.store.RunQuery.builder().build()).runs()).extracting(io.mllifecycle.store.RunRecord::id).containsExactly(kept);
            assertThat(s.tracking().metricHistory(kept, "loss", 0, 10)).containsExactly(point(1, 0));
        }
        assertThat(image.resolve("metrics").resolve(purged + ".log")).doesNotExist();
    }
}
