package io.mllifecycle.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mllifecycle.store.MetricFilter;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.file.Durability;
import io.mllifecycle.store.file.FileStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The file store beside its baselines, in one run.
 *
 * <p>Metric logging (ops = one batch of {@value #BATCH} points, more is better): {@code logBatchSync} and
 * {@code logBatchBatched} against {@code baselineFsyncPerPoint} (append a line and fsync for every point,
 * as durable as SYNC) and {@code baselineJsonRewritePerPoint} (rewrite the run's metric JSON by temp file,
 * fsync and rename for every point, the MLflow file store's meta-file pattern made crash safe).
 *
 * <p>Search over {@value #RUNS} runs (ms per query, less is better): param equality + metric threshold +
 * order by metric, first page of 100. {@code openAndSearch} opens the store (replaying its journal)
 * and searches; {@code searchOpenStore} searches a store already open; {@code baselineReadEveryRunFile}
 * reads and parses every run's JSON file, as a store without an index must. The data sets are built
 * once under {@code java.io.tmpdir}/mllifecycle-bench and reused by later runs.
 */
public class FileStoreBenchmark {
    static final int BATCH = 100;
    static final int RUNS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A fresh store with one running run, per trial. */
    @State(Scope.Thread)
    public static class Logging {
        Path dir;
        FileStore sync;
        FileStore batched;
        String syncRun;
        String batchedRun;
        Path baselineLog;
        Path baselineJson;
        long step;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("mllifecycle-bench-log");
            sync = FileStore.open(dir.resolve("sync"));
            batched = FileStore.builder(dir.resolve("batched")).durability(Durability.BATCHED).open();
            syncRun = newRun(sync);
            batchedRun = newRun(batched);
            Files.createDirectories(dir.resolve("baseline"));
            baselineLog = dir.resolve("baseline/loss.log");
            baselineJson = dir.resolve("baseline/metrics.json");
        }

        private static String newRun(FileStore store) {
            String exp = store.tracking().createExperiment("bench", "", Map.of(), Instant.EPOCH).id();
            return store.tracking().createRun(new NewRun(exp, null, "r", Map.of(), Instant.EPOCH, RunSource.unknown())).id();
        }

        List<MetricPoint> nextBatch() {
            List<MetricPoint> points = new ArrayList<>(BATCH);
            Instant now = Instant.now();
            for (int i = 0; i < BATCH; i++) {
                points.add(new MetricPoint("loss", 1.0 / (step + 1), step++, now));
            }
            return points;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            sync.close();
            batched.close();
            deleteTree(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void logBatchSync(Logging s) {
        s.sync.tracking().logMetrics(s.syncRun, s.nextBatch());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void logBatchBatched(Logging s) {
        s.batched.tracking().logMetrics(s.batchedRun, s.nextBatch());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void baselineFsyncPerPoint(Logging s) throws IOException {
        try (FileChannel ch = FileChannel.open(s.baselineLog, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (MetricPoint p : s.nextBatch()) {
                String line = p.timestamp().toEpochMilli() + " " + p.value() + " " + p.step() + "\n";
                ch.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                ch.force(false);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void baselineJsonRewritePerPoint(Logging s) throws IOException {
        for (MetricPoint p : s.nextBatch()) {
            byte[] json = JSON.writeValueAsBytes(Map.of("key", p.key(), "value", p.value(), "step", p.step(),
                    "timestamp", p.timestamp().toString()));
            Path tmp = s.baselineJson.resolveSibling("metrics.json.tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(json));
                ch.force(false);
            }
            Files.move(tmp, s.baselineJson, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** A store and an index-less baseline directory with {@value #RUNS} runs each, built once. */
    @State(Scope.Benchmark)
    public static class Search {
        Path store;
        Path baseline;
        FileStore open;
        String experimentId;
        RunQuery query;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            Path root = Path.of(System.getProperty("java.io.tmpdir"), "mllifecycle-bench", "search-" + RUNS);
            store = root.resolve("store");
            baseline = root.resolve("baseline");
            if (!Files.exists(root.resolve("complete"))) {
                deleteTree(root);
                SearchData.build(store, baseline, RUNS);
                Files.writeString(root.resolve("complete"), "built " + Instant.now());
            }
            open = FileStore.open(store);
            experimentId = open.tracking().findExperiment(SearchData.EXPERIMENT).orElseThrow().id();
            query = query(experimentId);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            open.close();
        }
    }

    static RunQuery query(String experimentId) {
        return RunQuery.builder(experimentId).param("depth", "6")
                .metric("auc", MetricFilter.Comparison.AT_LEAST, 0.8).orderBy("auc", false).pageSize(100).build();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RunPage openAndSearch(Search s) {
        try (FileStore store = FileStore.open(s.store)) {
            return store.tracking().searchRuns(query(s.experimentId));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RunPage searchOpenStore(Search s) {
        return s.open.tracking().searchRuns(s.query);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<String> baselineReadEveryRunFile(Search s) throws IOException {
        List<JsonNode> matching = new ArrayList<>();
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(s.baseline)) {
            for (Path run : runs) {
                JsonNode r = JSON.readTree(run.resolve("run.json").toFile());
                JsonNode auc = r.path("metrics").path("auc");
                if ("6".equals(r.path("params").path("depth").asText()) && auc.isNumber() && auc.asDouble() >= 0.8) {
                    matching.add(r);
                }
            }
        }
        matching.sort(Comparator.comparingDouble((JsonNode r) -> -r.path("metrics").path("auc").asDouble())
                .thenComparing(r -> r.path("id").asText()));
        return matching.stream().limit(100).map(r -> r.path("id").asText()).toList();
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
