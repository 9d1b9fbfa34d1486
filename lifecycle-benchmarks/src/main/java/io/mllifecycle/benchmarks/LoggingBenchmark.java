package io.mllifecycle.benchmarks;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.file.Durability;
import io.mllifecycle.store.file.FileStore;
import io.mllifecycle.tracking.Experiment;
import io.mllifecycle.tracking.MetricLogging;
import io.mllifecycle.tracking.Run;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A training loop's pattern — {@code run.logMetric(key, value, step)}, one point per call — on the file store,
 * from one thread and from 8 threads each logging into its own run, beside two baselines measured in the same
 * run (ops = points per second, more is better):
 * <ul>
 *   <li>{@code sync*}: {@link MetricLogging#DIRECT} into a {@link Durability#SYNC} store (every call durable on
 *       return; concurrent calls share fsyncs by group commit);</li>
 *   <li>{@code batched*}: DIRECT into a {@link Durability#BATCHED} store (every call in the page cache on return,
 *       forced every 100 ms);</li>
 *   <li>{@code buffered*}: {@link MetricLogging#BUFFERED} (default buffer and interval) over a SYNC store;</li>
 *   <li>{@code baselineMlflowPattern*}: MLflow's file store per point: open the metric's file for append, write
 *       one {@code timestamp value step} line, close, no fsync;</li>
 *   <li>{@code baselineFsyncPerPoint*}: append one line to an open file and fsync it, per point;</li>
 *   <li>{@code baselineGroupCommit*}: the least any group commit of one log file costs on this disk — each
 *       point a 300-byte record (about a SYNC journal record) put into a shared buffer; a leader writes what
 *       the buffer holds with one write and fsyncs, the others wait for the fsync that covers them. No store
 *       logic, so {@code baselineGroupCommit8Threads / baselineGroupCommit1Thread} is what this disk allows for
 *       the SYNC ratio.</li>
 * </ul>
 * Targets (issue 12): buffered one-point-per-call ≥ 10× the MLflow pattern from one thread; SYNC from 8 threads
 * ≥ 4× SYNC from one thread.
 *
 * <p>Run: {@code java -jar lifecycle-benchmarks/target/benchmarks.jar LoggingBenchmark -f 1 -wi 2 -i 3}
 */
@Fork(1)
@Warmup(iterations = 2, time = 5) // 5 s: the JIT needs a while for the writer's path on a loaded machine
@Measurement(iterations = 3, time = 5)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LoggingBenchmark {

    /** One store and lifecycle per trial, shared by the benchmark's threads. */
    abstract static class Store {
        Path dir;
        FileStore store;
        Lifecycle lifecycle;
        Experiment experiment;
        /** The runs the threads started, ended here: JMH may tear this state down before a thread's own. */
        final java.util.List<Run> runs = new java.util.concurrent.CopyOnWriteArrayList<>();

        Run startRun() {
            Run run = experiment.startRun();
            runs.add(run);
            return run;
        }

        void open(Durability durability, MetricLogging logging) throws IOException {
            dir = Files.createTempDirectory("mllifecycle-bench-logging");
            store = FileStore.builder(dir.resolve("store")).durability(durability).open();
            lifecycle = Lifecycle.builder().store(store).metricLogging(logging).build();
            experiment = lifecycle.experiment("bench");
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            runs.forEach(Run::close); // writes what a buffered run still holds (not measured)
            lifecycle.close();
            store.close();
            deleteTree(dir);
        }
    }

    /** SYNC file store, direct logging. */
    @State(Scope.Benchmark)
    public static class SyncStore extends Store {
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open(Durability.SYNC, MetricLogging.DIRECT);
        }
    }

    /** BATCHED file store, direct logging. */
    @State(Scope.Benchmark)
    public static class BatchedStore extends Store {
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open(Durability.BATCHED, MetricLogging.DIRECT);
        }
    }

    /** SYNC file store, buffered logging. */
    @State(Scope.Benchmark)
    public static class BufferedStore extends Store {
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open(Durability.SYNC, MetricLogging.BUFFERED);
        }
    }

    /** Each benchmark thread's own run (so 8 threads log into 8 runs) and step counter. */
    public static class Worker {
        Run run;
        long step;

        void start(Store s) {
            run = s.startRun();
        }
    }

    @State(Scope.Thread)
    public static class SyncWorker extends Worker {
        @Setup(Level.Trial)
        public void setUp(SyncStore s) {
            start(s);
        }
    }

    @State(Scope.Thread)
    public static class BatchedWorker extends Worker {
        @Setup(Level.Trial)
        public void setUp(BatchedStore s) {
            start(s);
        }
    }

    @State(Scope.Thread)
    public static class BufferedWorker extends Worker {
        @Setup(Level.Trial)
        public void setUp(BufferedStore s) {
            start(s);
        }
    }

    /** A directory shared by the baseline threads; each thread writes its own run's files. */
    @State(Scope.Benchmark)
    public static class BaselineDir {
        Path dir;
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("mllifecycle-bench-logging-baseline");
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            deleteTree(dir);
        }
    }

    /** A baseline thread's files: MLflow's {@code metrics/<key>} file, and an open file to fsync. */
    @State(Scope.Thread)
    public static class BaselineWorker {
        Path mlflowFile;
        FileChannel fsyncFile;
        long step;

        @Setup(Level.Trial)
        public void setUp(BaselineDir d) throws IOException {
            Path run = Files.createDirectories(d.dir.resolve("run-" + d.threads.incrementAndGet()).resolve("metrics"));
            mlflowFile = run.resolve("loss");
            fsyncFile = FileChannel.open(run.resolve("loss.fsync"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            fsyncFile.close();
        }
    }

    /**
     * The ideal group commit for {@code baselineGroupCommit*}: written here rather than taken from the store so
     * that it has nothing but the buffer, the write and the fsync.
     */
    @State(Scope.Benchmark)
    public static class GroupLog {
        private final Object monitor = new Object();
        private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        private long issued;
        private long durable;
        private boolean leading;
        private long position;
        private Path dir;
        private FileChannel file;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("mllifecycle-bench-logging-group");
            file = FileChannel.open(dir.resolve("journal"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            file.close();
            deleteTree(dir);
        }

        long commit(long step) throws IOException, InterruptedException {
            byte[] record = new byte[300];
            record[0] = (byte) step;
            long ticket;
            synchronized (monitor) {
                buffer.write(record, 0, record.length);
                ticket = ++issued;
            }
            while (true) {
                byte[] pending;
                long target;
                synchronized (monitor) {
                    while (leading && ticket > durable) {
                        monitor.wait();
                    }
                    if (ticket <= durable) {
                        return ticket;
                    }
                    leading = true;
                    pending = buffer.toByteArray();
                    buffer.reset();
                    target = issued;
                }
                try {
                    ByteBuffer b = ByteBuffer.wrap(pending);
                    while (b.hasRemaining()) {
                        position += file.write(b, position);
                    }
                    file.force(false);
                } finally {
                    synchronized (monitor) {
                        durable = Math.max(durable, target);
                        leading = false;
                        monitor.notifyAll();
                    }
                }
            }
        }
    }

    /** A group-commit baseline thread's step counter. */
    @State(Scope.Thread)
    public static class GroupWorker {
        long step;
    }

    private static long log(Worker w) {
        long s = w.step++;
        w.run.logMetric("loss", 1.0 / (s + 1), s);
        return s;
    }

    /** MLflow's line: {@code <timestamp ms> <value> <step>}. */
    private static byte[] line(long step) {
        return (System.currentTimeMillis() + " " + (1.0 / (step + 1)) + " " + step + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long mlflowPattern(BaselineWorker w) throws IOException {
        long s = w.step++;
        try (OutputStream out = new FileOutputStream(w.mlflowFile.toFile(), true)) {
            out.write(line(s));
        }
        return s;
    }

    private static long fsyncPerPoint(BaselineWorker w) throws IOException {
        long s = w.step++;
        ByteBuffer b = ByteBuffer.wrap(line(s));
        while (b.hasRemaining()) {
            w.fsyncFile.write(b);
        }
        w.fsyncFile.force(false);
        return s;
    }

    @Benchmark
    @Threads(1)
    public long sync1Thread(SyncWorker w) {
        return log(w);
    }

    @Benchmark
    @Threads(8)
    public long sync8Threads(SyncWorker w) {
        return log(w);
    }

    @Benchmark
    @Threads(1)
    public long batched1Thread(BatchedWorker w) {
        return log(w);
    }

    @Benchmark
    @Threads(8)
    public long batched8Threads(BatchedWorker w) {
        return log(w);
    }

    @Benchmark
    @Threads(1)
    public long buffered1Thread(BufferedWorker w) {
        return log(w);
    }

    @Benchmark
    @Threads(8)
    public long buffered8Threads(BufferedWorker w) {
        return log(w);
    }

    @Benchmark
    @Threads(1)
    public long baselineMlflowPattern1Thread(BaselineWorker w) throws IOException {
        return mlflowPattern(w);
    }

    @Benchmark
    @Threads(8)
    public long baselineMlflowPattern8Threads(BaselineWorker w) throws IOException {
        return mlflowPattern(w);
    }

    @Benchmark
    @Threads(1)
    public long baselineFsyncPerPoint1Thread(BaselineWorker w) throws IOException {
        return fsyncPerPoint(w);
    }

    @Benchmark
    @Threads(8)
    public long baselineFsyncPerPoint8Threads(BaselineWorker w) throws IOException {
        return fsyncPerPoint(w);
    }

    @Benchmark
    @Threads(1)
    public long baselineGroupCommit1Thread(GroupLog log, GroupWorker w) throws Exception {
        return log.commit(w.step++);
    }

    @Benchmark
    @Threads(8)
    public long baselineGroupCommit8Threads(GroupLog log, GroupWorker w) throws Exception {
        return log.commit(w.step++);
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
