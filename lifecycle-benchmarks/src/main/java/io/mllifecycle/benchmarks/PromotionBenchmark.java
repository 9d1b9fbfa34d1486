package io.mllifecycle.benchmarks;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.registry.VersionSpec;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StoreProviders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A promotion DEVELOPMENT → STAGING through 3 gates (metric threshold, no regression against the
 * champion, required model-card fields): read the version, evaluate, store the gate report, audit,
 * compare-and-set the stage, audit. On the file store in SYNC (fsync per write) and BATCHED modes, and
 * on the in-memory store as the floor. Target: ≤ 10 ms on the file store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PromotionBenchmark {

    @Param({"file-SYNC", "file-BATCHED", "mem"})
    public String store;

    private Path dir;
    private LifecycleStore lifecycleStore;
    private Lifecycle lifecycle;
    private String runId;
    private ModelVersion candidate;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (store.startsWith("file")) {
            dir = Files.createTempDirectory("promotion-bench");
            lifecycleStore = StoreProviders.open(dir.toUri().toString(), Map.of("durability", store.substring(5)));
        } else {
            lifecycleStore = StoreProviders.open("mem:bench");
        }
        lifecycle = Lifecycle.builder().store(lifecycleStore).actor("bench").build();
        try (Run run = lifecycle.experiment("bench").startRun()) {
            run.logMetric("auc", 0.9, 1);
            run.logArtifact("model.bin", "weights".getBytes(StandardCharsets.UTF_8));
            runId = run.id();
        }
        ModelVersion champion = register();
        lifecycle.models().model("churn").setAlias("champion", champion.version());
    }

    private ModelVersion register() {
        return lifecycle.models().register("churn", runId, "model.bin", s -> s
                .card(VersionSpec.INTENDED_USE, "churn scoring").card(VersionSpec.OWNERS, "risk"));
    }

    @Setup(Level.Invocation)
    public void newCandidate() {
        candidate = register();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        lifecycleStore.close();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public ModelVersion promoteThroughThreeGates() {
        return candidate.promote(Stage.STAGING, Gates.metric("auc").atLeast(0.85),
                Gates.noRegressionVs("champion", "auc", 0.01), Gates.requireCard(VersionSpec.INTENDED_USE, VersionSpec.OWNERS));
    }
}
