package io.mllifecycle.benchmarks;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.store.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One monitoring window of 100 000 rows × 20 numeric features against fitted exact profiles (KS + PSI
 * per column, BH correction, metrics recorded in an in-memory store). {@code threads} = 1 is the
 * single-thread baseline beside the 2-core figure. Target: ≤ 100 ms on 2 cores with {@code segments} off; with
 * them on, the same window is also compared per value of a 10-valued column (10 segments × 20 features).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MonitorBenchmark {
    private static final int ROWS = 100_000;
    private static final int FEATURES = 20;

    @Param({"1", "2"})
    public int threads;

    /** "off": the population only (the target's case); "on": also per value of a 10-valued segment column. */
    @Param({"off", "on"})
    public String segments;

    private Monitor monitor;
    private ProductionBatch[] batches;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, double[]> reference = new LinkedHashMap<>();
        for (int f = 0; f < FEATURES; f++) {
            double[] v = new double[ROWS];
            for (int i = 0; i < ROWS; i++) {
                v[i] = gaussian(random) * (1 + f);
            }
            reference.put("f" + f, v);
        }
        Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(reference);
        InMemoryStore store = new InMemoryStore();
        Lifecycle lifecycle = Lifecycle.builder().store(store).actor("bench").build();
        try (Run run = lifecycle.experiment("bench").startRun()) {
            run.logArtifact("m.bin", "m".getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register("m", run.id(), "m.bin", s -> s.referenceProfiles(profiles));
        }
        var builder0 = lifecycle.monitor("m/1").windows(Chunker.byCount(ROWS))
                .detector(DriftDetector.builder().parallelism(threads).build());
        monitor = (segments.equals("on") ? builder0.segmentBy("country") : builder0).start();
        batches = new ProductionBatch[4];
        for (int b = 0; b < batches.length; b++) {
            Instant[] t = new Instant[ROWS];
            // one instant for every row: count windows ignore time, and equal times never go backwards
            java.util.Arrays.fill(t, Instant.parse("2026-01-01T00:00:00Z"));
            ProductionBatch.Builder builder = ProductionBatch.builder(t);
            for (int f = 0; f < FEATURES; f++) {
                double[] v = new double[ROWS];
                for (int i = 0; i < ROWS; i++) {
                    v[i] = gaussian(random) * (1 + f) + (b % 2) * 0.05;
                }
                builder.numeric("f" + f, v);
            }
            String[] country = new String[ROWS];
            for (int i = 0; i < ROWS; i++) {
                country[i] = "c" + random.nextInt(10);
            }
            batches[b] = builder.categorical("country", country).build();
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** Each call is exactly one complete window. */
    @Benchmark
    public int oneWindow() {
        monitor.observe(batches[next++ % batches.length]);
        return monitor.results().size();
    }
}
