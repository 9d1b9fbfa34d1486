package io.mllifecycle.benchmarks;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.MetricFilter.Comparison;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.jdbc.JdbcConnectionPool;
import io.mllifecycle.store.jdbc.JdbcStore;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import io.mllifecycle.store.memory.InMemoryStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDBC store against a real PostgreSQL server (default: the cluster of {@code .ci/postgres.sh start};
 * else {@code LIFECYCLE_TEST_JDBC_URL} / {@code LIFECYCLE_TEST_JDBC_USER}), each trial in a schema of its
 * own, dropped afterwards.
 * <ul>
 *   <li>{@code logMetricsBatched}: {@code logMetrics} with batches of 1000 points, in points per second;
 *       baseline {@code logMetricsOneInsertPerPoint}: one {@code INSERT} per point with auto-commit into the
 *       same table, the pattern of trackers before batching.</li>
 *   <li>{@code searchRuns}: over 100 000 runs, param equality + metric threshold + order by that metric,
 *       a page of 100, in milliseconds; baseline {@code searchRunsInMemoryReference}: the same query on the
 *       in-memory reference store holding the same runs (filter and sort in memory).</li>
 *   <li>{@code promotionOneWrite}: a promotion as the registry writes it now — stage transition, its gate
 *       report (two gate results) and two audit events in one {@code transitionStage} call, one transaction
 *       — in milliseconds per promotion; baseline {@code promotionFourWrites}: the same records as the
 *       registry wrote them before audited writes, four calls and four transactions ({@code addGateReport},
 *       {@code transitionStage}, {@code appendAudit} twice). Each invocation promotes a version registered
 *       (outside the measured time) just before it.</li>
 * </ul>
 */
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class JdbcStoreBenchmark {
    static final int BATCH = 1000;
    static final int SINGLE = 200;
    static final int RUNS = 100_000;

    static String url() {
        String url = System.getenv("LIFECYCLE_TEST_JDBC_URL");
        return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:54329/postgres" : url;
    }

    static Properties properties(String schema) {
        Properties p = new Properties();
        String user = System.getenv("LIFECYCLE_TEST_JDBC_USER");
        p.setProperty("user", user == null || user.isBlank() ? "postgres" : user);
        String password = System.getenv("LIFECYCLE_TEST_JDBC_PASSWORD");
        if (password != null) {
            p.setProperty("password", password);
        }
        if (schema != null) {
            p.setProperty("currentSchema", schema);
        }
        return p;
    }

    static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), properties(null)); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A store on a fresh schema. */
    @State(Scope.Benchmark)
    public static class Db {
        String schema;
        JdbcConnectionPool pool;
        JdbcStore store;

        void open() throws SQLException {
            schema = "lc_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            admin("CREATE SCHEMA " + schema);
            pool = new JdbcConnectionPool(url(), properties(schema), 4);
            store = JdbcStore.builder(pool).artifacts(new InMemoryArtifactStore()).onClose(pool).open();
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            store.close();
            admin("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** A model to register versions in; each invocation gets a fresh version in DEVELOPMENT to promote. */
    @State(Scope.Benchmark)
    public static class Promotion extends Db {
        static final String DIGEST = "sha256:" + "ab".repeat(32);
        int version;

        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            open();
            store.registry().createModel("churn", "", Map.of(), Instant.now(), List.of());
        }

        @Setup(Level.Invocation)
        public void register() {
            version = store.registry().createVersion(new NewModelVersion("churn", null, DIGEST, "", Map.of(),
                    Map.of(), null, Instant.now(), "bench"), v -> List.of()).version();
        }

        GateReport report(Instant now) {
            return new GateReport(Stage.STAGING, List.of(new GateResult("metric auc", true, "0.91", ">= 0.85", "ok"),
                    new GateResult("documentation", true, "present", "present", "ok")), now, "bench", false);
        }

        StageChange change(Instant now) {
            return new StageChange(Stage.DEVELOPMENT, Stage.STAGING, now, "bench", "gates passed");
        }

        AuditEntry gateEvent(Instant now) {
            return new AuditEntry(now, "bench", "gate.evaluate", "churn/" + version, Map.of("passed", "true"));
        }

        AuditEntry stageEvent(Instant now) {
            return new AuditEntry(now, "bench", "model.version.stage", "churn/" + version,
                    Map.of("from", "DEVELOPMENT", "to", "STAGING"));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ModelVersionRecord promotionOneWrite(Promotion s) {
        Instant now = Instant.now();
        return s.store.registry().transitionStage("churn", s.version, Stage.DEVELOPMENT, s.change(now), s.report(now),
                List.of(s.gateEvent(now), s.stageEvent(now)));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ModelVersionRecord promotionFourWrites(Promotion s) {
        Instant now = Instant.now();
        RegistryStore registry = s.store.registry();
        registry.addGateReport("churn", s.version, s.report(now), List.of());
        ModelVersionRecord moved = registry.transitionStage("churn", s.version, Stage.DEVELOPMENT, s.change(now), null,
                List.of());
        registry.appendAudit(List.of(s.gateEvent(now)));
        registry.appendAudit(List.of(s.stageEvent(now)));
        return moved;
    }

    /** One RUNNING run to log into, and a raw auto-commit connection for the baseline. */
    @State(Scope.Benchmark)
    public static class Logging extends Db {
        String runId;
        Connection raw;
        PreparedStatement single;
        long seq = 1_000_000_000L;
        long step;

        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            open();
            String exp = store.tracking().createExperiment("bench", "", Map.of(), Instant.now()).id();
            runId = store.tracking().createRun(new NewRun(exp, null, "log", Map.of(), Instant.now(),
                    RunSource.unknown())).id();
            raw = DriverManager.getConnection(url(), properties(schema));
            raw.setAutoCommit(true);
            single = raw.prepareStatement("INSERT INTO metric_points (run_id, seq, key, step, value, ts_s, ts_ns)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)");
        }

        @TearDown(Level.Trial)
        public void closeRaw() throws SQLException {
            single.close();
            raw.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void logMetricsBatched(Logging s) {
        List<MetricPoint> batch = new ArrayList<>(BATCH);
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            batch.add(new MetricPoint(i % 2 == 0 ? "loss" : "auc", i / (double) BATCH, s.step++, now));
        }
        s.store.tracking().logMetrics(s.runId, batch);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SINGLE)
    public void logMetricsOneInsertPerPoint(Logging s) throws SQLException {
        Instant now = Instant.now();
        for (int i = 0; i < SINGLE; i++) {
            s.single.setString(1, s.runId);
            s.single.setLong(2, s.seq++);
            s.single.setString(3, i % 2 == 0 ? "loss" : "auc");
            s.single.setLong(4, s.step++);
            s.single.setDouble(5, i / (double) SINGLE);
            s.single.setLong(6, now.getEpochSecond());
            s.single.setInt(7, now.getNano());
            s.single.executeUpdate();
        }
    }

    /** 100 000 runs with params depth (10 values) and lr, metrics auc and loss, loaded with set-based SQL. */
    @State(Scope.Benchmark)
    public static class Search extends Db {
        RunQuery query;
        RunQuery secondPage;

        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            open();
            String exp = store.tracking().createExperiment("bench", "", Map.of(), Instant.now()).id();
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO runs (id, experiment_id, name, status, start_s, start_ns, code_version, host, jvm)"
                        + " SELECT lpad(g::text, 26, '0'), '" + exp + "', 'run-' || g, 'RUNNING', 1700000000 + g, 0, '', '', ''"
                        + " FROM generate_series(1, " + RUNS + ") g");
                st.execute("INSERT INTO run_params (run_id, key, value) SELECT lpad(g::text, 26, '0'), 'depth',"
                        + " (g % 10)::text FROM generate_series(1, " + RUNS + ") g");
                st.execute("INSERT INTO run_params (run_id, key, value) SELECT lpad(g::text, 26, '0'), 'lr',"
                        + " (g % 7)::text FROM generate_series(1, " + RUNS + ") g");
                st.execute("INSERT INTO latest_metrics (run_id, experiment_id, key, step, value, ts_s, ts_ns)"
                        + " SELECT lpad(g::text, 26, '0'), '" + exp + "', k, 10, abs(sin(g * 12.9898 + length(k))),"
                        + " 1700000000, 0"
                        + " FROM generate_series(1, " + RUNS + ") g, unnest(ARRAY['auc', 'loss']) k");
                st.execute("ANALYZE");
            }
            query = RunQuery.builder(exp).param("depth", "6").metric("auc", Comparison.AT_LEAST, 0.5)
                    .orderBy("auc", false).pageSize(100).build();
            RunPage first = store.tracking().searchRuns(query);
            if (first.runs().size() != 100 || !first.hasNext()) {
                throw new IllegalStateException("fixture broken: first page has " + first.runs().size() + " runs");
            }
            secondPage = query.withPageToken(first.nextPageToken());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RunPage searchRuns(Search s) {
        return s.store.tracking().searchRuns(s.query);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RunPage searchRunsSecondPage(Search s) {
        return s.store.tracking().searchRuns(s.secondPage);
    }

    /** The same 100 000 runs in the in-memory reference store, which filters and sorts in memory. */
    @State(Scope.Benchmark)
    public static class Reference {
        InMemoryStore store;
        RunQuery query;

        @Setup(Level.Trial)
        public void setUp() {
            store = new InMemoryStore();
            String exp = store.tracking().createExperiment("bench", "", Map.of(), Instant.EPOCH).id();
            for (int g = 1; g <= RUNS; g++) {
                String id = store.tracking().createRun(new NewRun(exp, null, "run-" + g, Map.of(), Instant.EPOCH,
                        RunSource.unknown())).id();
                store.tracking().logParams(id, Map.of("depth", Integer.toString(g % 10), "lr", Integer.toString(g % 7)));
                store.tracking().logMetrics(id, List.of(
                        new MetricPoint("auc", Math.abs(Math.sin(g * 12.9898 + 3)), 10, Instant.EPOCH),
                        new MetricPoint("loss", Math.abs(Math.sin(g * 12.9898 + 4)), 10, Instant.EPOCH)));
            }
            query = RunQuery.builder(exp).param("depth", "6").metric("auc", Comparison.AT_LEAST, 0.5)
                    .orderBy("auc", false).pageSize(100).build();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RunPage searchRunsInMemoryReference(Reference s) {
        return s.store.tracking().searchRuns(s.query);
    }
}
