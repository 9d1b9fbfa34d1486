package io.mllifecycle.benchmarks;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.server.LifecycleServer;
import io.mllifecycle.server.Role;
import io.mllifecycle.server.TokenFile;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.tracking.Run;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * lifecycle-server on loopback beside the same calls in-process (the baseline). Targets (issue 13):
 * a single {@code log-metric} p50 ≤ 2 ms ({@code logMetricHttp}, sample time, one client) and
 * {@code log-batch} ≥ 50 000 points/s ({@code logBatchHttp}, 100 points per request, 8 clients; JMH
 * reports operations — points — per second). {@code resolveHttp} is the serving path over HTTP.
 *
 * <p>Run: {@code java -jar lifecycle-benchmarks/target/benchmarks.jar ServerBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ServerBenchmark {
    private static final int BATCH = 100;

    @Param({"file-BATCHED", "mem"})
    public String store;

    private Path dir;
    private LifecycleStore lifecycleStore;
    private Lifecycle lifecycle;
    private LifecycleServer server;
    private HttpClient http;
    private String token;
    private String runId;
    private final AtomicLong step = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("server-bench");
        lifecycleStore = store.startsWith("file")
                ? StoreProviders.open(dir.resolve("store").toUri().toString(), Map.of("durability", store.substring(5)))
                : StoreProviders.open("mem:bench");
        lifecycle = Lifecycle.builder().store(lifecycleStore).actor("bench").build();
        Run run = lifecycle.experiment("bench").startRun();
        run.logArtifact("model.bin", "weights".getBytes(StandardCharsets.UTF_8));
        runId = run.id();
        lifecycle.models().register("churn", runId, "model.bin", s -> { });
        lifecycle.models().model("churn").setAlias("champion", 1);
        Path tokens = dir.resolve("tokens.json");
        token = "Bearer " + TokenFile.addToken(tokens, "bench", Role.WRITER);
        server = LifecycleServer.builder(lifecycle).port(0).auth(TokenFile.load(tokens)).start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        server.close();
        lifecycle.close();
        lifecycleStore.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private int post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        return r.statusCode();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int logMetricHttp() throws IOException, InterruptedException {
        long s = step.incrementAndGet();
        return post("/api/2.0/mlflow/runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"loss\",\"value\":0.5,"
                + "\"timestamp\":1700000000000,\"step\":" + s + "}");
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long logMetricInProcess() {
        long s = step.incrementAndGet();
        lifecycleStore.tracking().logMetrics(runId, List.of(new MetricPoint("loss", 0.5, s, Instant.now())));
        return s;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    @Threads(8)
    public int logBatchHttp() throws IOException, InterruptedException {
        StringBuilder b = new StringBuilder(8 * 1024).append("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
        for (int k = 0; k < BATCH; k++) {
            b.append(k == 0 ? "" : ",").append("{\"key\":\"batch\",\"value\":0.25,\"timestamp\":1700000000000,\"step\":")
                    .append(step.incrementAndGet()).append('}');
        }
        return post("/api/2.0/mlflow/runs/log-batch", b.append("]}").toString());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    @Threads(8)
    public int logBatchInProcess() {
        List<MetricPoint> points = new ArrayList<>(BATCH);
        Instant now = Instant.now();
        for (int k = 0; k < BATCH; k++) {
            points.add(new MetricPoint("batch", 0.25, step.incrementAndGet(), now));
        }
        lifecycleStore.tracking().logMetrics(runId, points);
        return points.size();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int resolveHttp() throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(server.url()
                + "/api/lifecycle/v1/resolve?ref=churn@champion")).header("Authorization", token).build(),
                HttpResponse.BodyHandlers.discarding());
        return r.statusCode();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int resolveInProcess() {
        return lifecycle.models().resolve("churn@champion").version();
    }
}
