package io.mllifecycle.benchmarks;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
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
 * Issue 11: a promotion (DEVELOPMENT → STAGING, no gates) of a version that carries a 1.6 MB reference profile
 * (the size of 20 000 rows × 11 columns), on the file store in SYNC mode. Profiles are blobs the version refers
 * to by digest, so the promotion writes as little as that of a version without a profile — the baseline,
 * measured in the same run ({@code profile=none}). Before, the version record held the bundle inline and every
 * stage change rewrote it into the journal (about 10× slower). After the run, the journal's size is printed:
 * it grows by about a kilobyte per promotion either way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ProfilePromotionBenchmark {
    /** Size of the profile bundle: {@code none} (the baseline) or 1.6 MB. */
    @Param({"none", "1600000"})
    public String profile;

    private Path dir;
    private LifecycleStore store;
    private Lifecycle lifecycle;
    private String runId;
    private ProfileData bundle;
    private ModelVersion candidate;
    private int promotions;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("profile-promotion-bench");
        store = StoreProviders.open(dir.toUri().toString(), Map.of("durability", "SYNC"));
        lifecycle = Lifecycle.builder().store(store).actor("bench").build();
        try (Run run = lifecycle.experiment("bench").startRun()) {
            run.logArtifact("model.bin", "weights".getBytes(StandardCharsets.UTF_8));
            runId = run.id();
        }
        if (!profile.equals("none")) {
            byte[] bytes = new byte[Integer.parseInt(profile)];
            new Random(11).nextBytes(bytes);
            bundle = new ProfileData("application/x-bench-profile", bytes);
        }
    }

    @Setup(Level.Invocation)
    public void newCandidate() {
        candidate = lifecycle.models().register("churn", runId, "model.bin", s -> {
            if (bundle != null) {
                s.profile(bundle); // the same bytes each time: stored once, every version refers to them
            }
        });
    }

    @Benchmark
    public Stage promote() {
        promotions++;
        return candidate.promote(Stage.STAGING).stage();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        long journal = Files.size(dir.resolve("journal.log"));
        System.out.printf("profile=%s: %d promotions, journal %d bytes (%.1f KB per registration + promotion)%n",
                profile, promotions, journal, journal / 1024.0 / Math.max(1, promotions));
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
