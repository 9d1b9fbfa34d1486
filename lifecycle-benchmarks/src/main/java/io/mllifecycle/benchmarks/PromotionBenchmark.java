package io.mllifecycle.benchmarks;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.gate.Gate;
import io.mllifecycle.gate.GateContext;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.registry.VersionSpec;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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
 * A promotion DEVELOPMENT → STAGING through 3 gates (metric threshold, no regression against the champion,
 * required model-card fields) on the file store in SYNC (fsync per write) and BATCHED modes, on PostgreSQL
 * ({@code .ci/postgres.sh start}) and on the in-memory store as the floor. Target: ≤ 10 ms on the file store.
 *
 * <p>{@code promoteThroughThreeGates} is today's path: the gate report, the move and both audit events as one
 * store write. {@code fourWritesAsBefore} is the baseline, measured in the same run: the same gates, then the
 * report, its event, the move and its event as four separate writes — what promotions did before the registry
 * committed a change with its audit events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PromotionBenchmark {

    @Param({"file-SYNC", "file-BATCHED", "postgres", "mem"})
    public String store;

    private Path dir;
    private JdbcStoreBenchmark.Db db;
    private LifecycleStore lifecycleStore;
    private Lifecycle lifecycle;
    private String runId;
    private ModelVersion candidate;
    private final List<Gate> gates = List.of(Gates.metric("auc").atLeast(0.85),
            Gates.noRegressionVs("champion", "auc", 0.01),
            Gates.requireCard(VersionSpec.INTENDED_USE, VersionSpec.OWNERS));

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (store.startsWith("file")) {
            dir = Files.createTempDirectory("promotion-bench");
            lifecycleStore = StoreProviders.open(dir.toUri().toString(), Map.of("durability", store.substring(5)));
        } else if (store.equals("postgres")) {
            db = new JdbcStoreBenchmark.Db();
            db.open();
            lifecycleStore = db.store;
        } else {
            lifecycleStore = StoreProviders.open("mem:");
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
        if (db != null) {
            db.close();
        } else {
            lifecycleStore.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public ModelVersion promoteThroughThreeGates() {
        return candidate.promote(Stage.STAGING, gates.toArray(Gate[]::new));
    }

    @Benchmark
    public ModelVersionRecord fourWritesAsBefore() throws SQLException {
        var registry = lifecycleStore.registry();
        ModelVersionRecord current = registry.getVersion("churn", candidate.version());
        GateContext ctx = new GateContext(current, Stage.STAGING, registry, lifecycleStore.tracking());
        Instant now = Instant.now();
        GateReport report = new GateReport(Stage.STAGING, Gates.evaluate(gates, ctx), now, "bench", false);
        registry.addGateReport("churn", current.version(), report, List.of());
        registry.appendAudit(List.of(new AuditEntry(now, "bench", "gate.evaluate", current.reference(),
                Map.of("passed", Boolean.toString(report.passed())))));
        ModelVersionRecord moved = registry.transitionStage("churn", current.version(), Stage.DEVELOPMENT,
                new StageChange(Stage.DEVELOPMENT, Stage.STAGING, now, "bench", ""), null, List.of());
        registry.appendAudit(List.of(new AuditEntry(now, "bench", "model.version.transition", current.reference(),
                Map.of("from", "DEVELOPMENT", "to", "STAGING"))));
        return moved;
    }
}
