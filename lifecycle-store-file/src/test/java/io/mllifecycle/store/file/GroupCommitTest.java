package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SYNC group commit: concurrent writers share journal fsyncs, each returns only once an fsync that covers its
 * own bytes succeeded, and a failed fsync fails exactly the writers it covered.
 */
class GroupCommitTest {
    @TempDir
    Path dir;
    final FaultyFileIo faulty = new FaultyFileIo();
    /** Per file name: the bytes the last successful fsync made durable (what the file held when it began). */
    final Map<String, byte[]> durable = new ConcurrentHashMap<>();
    final ExecutorService pool = Executors.newCachedThreadPool();

    /** Records what each successful fsync covered: the file's content when the fsync started. */
    final FileIo recording = new FileIo() {
        @Override
        public FileChannel open(Path path, OpenOption... options) throws IOException {
            return faulty.open(path, options);
        }

        @Override
        public int write(FileChannel channel, Path path, ByteBuffer buffer, long position) throws IOException {
            return faulty.write(channel, path, buffer, position);
        }

        @Override
        public void force(FileChannel channel, Path path) throws IOException {
            byte[] covered = Files.readAllBytes(path);
            faulty.force(channel, path);
            durable.merge(path.getFileName().toString(), covered, (a, b) -> a.length >= b.length ? a : b);
        }
    };

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private FileStore open() {
        return FileStore.builder(dir).fileIo(recording).open();
    }

    private String durableText(String fileName) {
        return new String(durable.getOrDefault(fileName, new byte[0]), StandardCharsets.UTF_8);
    }

    /** @return the metric points of the intact batches of a metric log's durable bytes */
    private java.util.List<io.mllifecycle.store.MetricPoint> durablePoints(String fileName) {
        java.util.List<io.mllifecycle.store.MetricPoint> points = new java.util.ArrayList<>();
        for (Frames.Frame f : Frames.scan(durable.getOrDefault(fileName, new byte[0]), 0).frames()) {
            points.addAll(MetricFrames.decode(f, Path.of(fileName)));
        }
        return points;
    }

    /** @return the points of the write-ahead batches of {@code runId} in the journal's durable bytes */
    private java.util.List<io.mllifecycle.store.MetricPoint> durableJournalPoints(String runId) {
        java.util.List<io.mllifecycle.store.MetricPoint> points = new java.util.ArrayList<>();
        for (Frames.Frame f : Frames.scan(durable.getOrDefault(Layout.JOURNAL, new byte[0]), 0).frames()) {
            for (Event e : Json.events(f, Path.of(Layout.JOURNAL))) {
                if (e instanceof Event.Metrics m && m.runId().equals(runId) && m.inline() != null) {
                    points.addAll(MetricFrames.decode(new Frames.Frame(0, m.inline(), 0, m.inline().length),
                            Path.of(runId)));
                }
            }
        }
        return points;
    }

    private static String newRun(FileStore s, String exp, String name) {
        return s.tracking().createRun(new NewRun(exp, null, name, Map.of(), Instant.EPOCH, RunSource.unknown())).id();
    }

    /** Holds the first journal fsync until {@code release} opens, after telling {@code entered}. */
    private void holdFirstJournalFsync(CountDownLatch entered, CountDownLatch release) {
        AtomicInteger n = new AtomicInteger();
        faulty.beforeForce = p -> {
            if (p.endsWith(Layout.JOURNAL) && n.incrementAndGet() == 1) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }

    private String journalText() {
        try {
            return Files.readString(dir.resolve(Layout.JOURNAL), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void logMetrics_eightWritersWhileAnFsyncIsInFlight_shareOneFsyncAndEachIsDurableOnReturn() throws Exception {
        try (FileStore s = open()) {
            String exp = s.tracking().createExperiment("e", "", Map.of(), Instant.EPOCH).id();
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(newRun(s, exp, "r" + i));
            }
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            holdFirstJournalFsync(entered, release);
            int before = faulty.forces(Layout.JOURNAL);
            // the leader's record goes first; its fsync is held until the seven others wrote theirs and wait
            Future<?> leader = pool.submit(() -> s.tracking().setTags(runs.get(0), Map.of("who", "leader-0")));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> followers = new ArrayList<>();
            for (int i = 1; i < 8; i++) {
                int w = i;
                followers.add(pool.submit(() -> s.tracking().logMetrics(runs.get(w),
                        List.of(new MetricPoint("loss", 1000 + w, w, Instant.EPOCH)))));
            }
            await(() -> {
                String j = journalText();
                return runs.subList(1, 8).stream().allMatch(r -> j.contains("\"runId\":\"" + r + "\",\"latest\""));
            }, "the seven followers appended their records");
            for (Future<?> f : followers) {
                assertThat(f.isDone()).as("a follower returned before any fsync covered it").isFalse();
            }
            release.countDown();
            leader.get(30, TimeUnit.SECONDS);
            for (int i = 1; i < 8; i++) {
                followers.get(i - 1).get(30, TimeUnit.SECONDS);
                // on return, its journal record, which carries the batch, was covered by a successful fsync
                assertThat(durableText(Layout.JOURNAL)).contains("\"runId\":\"" + runs.get(i) + "\",\"latest\"");
                assertThat(durableJournalPoints(runs.get(i))).extracting(io.mllifecycle.store.MetricPoint::value)
                        .containsExactly(1000.0 + i);
            }
            int journalFsyncs = faulty.forces(Layout.JOURNAL) - before;
            assertThat(journalFsyncs).as("journal fsyncs for 8 writers").isLessThanOrEqualTo(2);
            for (int i = 1; i < 8; i++) {
                assertThat(s.tracking().metricHistory(runs.get(i), "loss", 0, 10)).extracting(MetricPoint::value)
                        .containsExactly(1000.0 + i);
            }
        }
        try (FileStore s = FileStore.open(dir)) {
            assertThat(s.tracking().searchRuns(RunQuery.builder().countMatches().build()).count()).isEqualTo(8);
        }
    }

    @Test
    void write_manyThreads_fewerJournalFsyncsThanWritesAndAllStored() throws Exception {
        try (FileStore s = open()) {
            String exp = s.tracking().createExperiment("e", "", Map.of(), Instant.EPOCH).id();
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(newRun(s, exp, "r" + i));
            }
            faulty.beforeForce = p -> {
                if (p.endsWith(Layout.JOURNAL)) {
                    try {
                        Thread.sleep(2); // a slow disk: writers pile up behind each fsync
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            int before = faulty.forces(Layout.JOURNAL);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String run = runs.get(w);
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 25; i++) {
                        s.tracking().logMetrics(run, List.of(new MetricPoint("loss", i, i, Instant.EPOCH)));
                        assertThat(durableJournalPoints(run)).extracting(io.mllifecycle.store.MetricPoint::step)
                                .contains((long) i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(faulty.forces(Layout.JOURNAL) - before).isLessThan(200);
            for (String run : runs) {
                assertThat(s.tracking().metricHistory(run, "loss", 0, 100)).hasSize(25);
            }
        }
        try (FileStore s = FileStore.open(dir)) {
            for (var r : s.tracking().searchRuns(RunQuery.builder().build()).runs()) {
                assertThat(s.tracking().metricHistory(r.id(), "loss", 0, 100)).extracting(MetricPoint::step)
                        .containsExactly(java.util.stream.LongStream.range(0, 25).boxed().toArray(Long[]::new));
            }
        }
    }

    @Test
    void failedFsync_failsTheWritersItCoveredButNotThoseThatArrivedDuringIt() throws Exception {
        String run;
        try (FileStore s = open()) {
            String exp = s.tracking().createExperiment("e", "", Map.of(), Instant.EPOCH).id();
            run = newRun(s, exp, "r");
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            holdFirstJournalFsync(entered, release);
            AtomicInteger journalForces = new AtomicInteger();
            faulty.failForce = p -> p.endsWith(Layout.JOURNAL) && journalForces.incrementAndGet() == 1;
            Future<?> covered = pool.submit(() -> s.tracking().setTags(run, Map.of("a", "covered")));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> later1 = pool.submit(() -> s.tracking().setTags(run, Map.of("b", "later-1")));
            Future<?> later2 = pool.submit(() -> s.tracking().setTags(run, Map.of("c", "later-2")));
            await(() -> journalText().contains("later-1") && journalText().contains("later-2"),
                    "the later writers appended");
            release.countDown();
            assertThatThrownBy(() -> covered.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(FsyncFailedException.class)
                    .hasMessageContaining("journal.log");
            later1.get(30, TimeUnit.SECONDS); // their bytes came after the failed fsync began: a fsync of their own
            later2.get(30, TimeUnit.SECONDS);
            assertThat(durableText(Layout.JOURNAL)).contains("later-1").contains("later-2");
            assertThatThrownBy(() -> s.tracking().setTags(run, Map.of("d", "after")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("refuses writes");
        }
        try (FileStore s = FileStore.open(dir)) {
            assertThat(s.tracking().getRun(run).tags()).containsEntry("b", "later-1").containsEntry("c", "later-2")
                    .doesNotContainKey("d");
        }
    }

    @Test
    void failedFsync_failsEveryWriterWhoseRecordItCovered() throws Exception {
        try (FileStore s = open()) {
            String exp = s.tracking().createExperiment("e", "", Map.of(), Instant.EPOCH).id();
            String run = newRun(s, exp, "r");
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            holdFirstJournalFsync(entered, release);
            AtomicInteger journalForces = new AtomicInteger();
            // the first (held) fsync succeeds; the next one, covering the three that queued behind it, fails
            faulty.failForce = p -> p.endsWith(Layout.JOURNAL) && journalForces.incrementAndGet() == 2;
            Future<?> first = pool.submit(() -> s.tracking().setTags(run, Map.of("a", "first")));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String value = "queued-" + i;
                queued.add(pool.submit(() -> s.tracking().setTags(run, Map.of("k" + value, value))));
            }
            await(() -> {
                String j = journalText();
                return j.contains("queued-0") && j.contains("queued-1") && j.contains("queued-2");
            }, "three writers queued behind the held fsync");
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
            for (Future<?> f : queued) {
                assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(FsyncFailedException.class);
            }
            assertThat(journalForces.get()).isEqualTo(2);
        }
    }

    @Test
    void logMetrics_smallBatch_isDurableThroughItsJournalRecordAndTheLogIsNotForced() throws Exception {
        try (FileStore s = open()) {
            String exp = s.tracking().createExperiment("e", "", Map.of(), Instant.EPOCH).id();
            String run = newRun(s, exp, "r");
            s.tracking().logMetrics(run, List.of(new MetricPoint("loss", 0.5, 1, Instant.EPOCH)));
            assertThat(durableJournalPoints(run)).extracting(io.mllifecycle.store.MetricPoint::value).containsExactly(0.5);
            assertThat(faulty.forces(run + ".log")).isZero();
            assertThat(journalText()).contains("\"synced\":false").contains("\"inline\":");
        }
    }

    @Test
    void logMetrics_batchTooLargeToCopy_forcesItsLogBeforeCommittingAndSaysSo() throws Exception {
        try (FileStore s = open()) {
            String exp = s.tracking().createExperiment("e", "", Map.of(), Instant.EPOCH).id();
            String run = newRun(s, exp, "r");
            List<MetricPoint> batch = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                batch.add(new MetricPoint("loss", i, i, Instant.EPOCH));
            }
            assertThat(MetricFrames.encode(batch).length).isGreaterThan(StoreEngine.INLINE_LIMIT);
            s.tracking().logMetrics(run, batch);
            assertThat(durablePoints(run + ".log")).hasSize(3_000);
            assertThat(journalText()).contains("\"synced\":true").doesNotContain("\"inline\"");
        }
    }
}
