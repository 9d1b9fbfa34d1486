package io.mllifecycle.benchmarks;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.internal.ResolveCache;
import io.mllifecycle.micrometer.LifecycleMetrics;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.registry.ModelRegistry;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.StoreProviders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serving hot path: {@code models().resolve("churn@champion")} with 8 threads, cached (Caffeine)
 * against the baseline of reading the store on every call ({@code resolveUncached}), on the in-memory
 * and the file store. Sample mode reports the median per call.
 *
 * <p>{@code meters}: {@code none} resolves with no resolve listener (the hook costs one volatile read);
 * {@code micrometer} with {@code LifecycleMetrics} bound to a Prometheus registry, so every resolve is timed into
 * a {@code mllifecycle.resolve} timer. {@code baselineBeforeHook} replicates the body {@code resolve} had before
 * the timing hook (argument check, model name cut, the shared cache's lookup), measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(8)
public class ResolveBenchmark {

    @Param({"mem", "file"})
    public String storeKind;

    @Param({"none", "micrometer"})
    public String meters;

    private Path dir;
    private ResolveCache cache;
    private final long ttlNanos = Duration.ofSeconds(ModelRegistry.DEFAULT_TTL_SECONDS).toNanos();
    private LifecycleStore store;
    private ModelRegistry models;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (storeKind.equals("file")) {
            dir = Files.createTempDirectory("resolve-bench");
            store = StoreProviders.open(dir.toUri().toString());
        } else {
            store = StoreProviders.open("mem:bench");
        }
        Lifecycle lifecycle = Lifecycle.builder().store(store).actor("bench").build();
        for (int i = 0; i < 20; i++) {
            try (Run run = lifecycle.experiment("bench").startRun()) {
                run.logMetric("auc", 0.8 + i / 1000.0, 1);
                run.logArtifact("model.bin", ("weights " + i).getBytes(StandardCharsets.UTF_8));
                lifecycle.models().register("churn", run, "model.bin");
            }
        }
        lifecycle.models().model("churn").setAlias("champion", 17);
        models = lifecycle.models();
        cache = ResolveCache.of(store);
        if (meters.equals("micrometer")) {
            LifecycleMetrics.bind(lifecycle, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public ModelVersionRecord cachedResolve() {
        return models.resolve("churn@champion");
    }

    /** What {@code resolve} did before the timing hook, line for line. */
    @Benchmark
    public ModelVersionRecord baselineBeforeHook() {
        String reference = "churn@champion";
        Checks.notNull("reference", reference);
        int cut = Math.max(reference.lastIndexOf('@'), reference.lastIndexOf('/'));
        String model = cut > 0 ? reference.substring(0, cut) : reference;
        return cache.get(reference, model, ttlNanos, () -> models.resolveUncached(reference));
    }

    @Benchmark
    public ModelVersionRecord baselineUncachedStoreRead() {
        return models.resolveUncached("churn@champion");
    }
}
