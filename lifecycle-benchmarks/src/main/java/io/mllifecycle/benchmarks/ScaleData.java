package io.mllifecycle.benchmarks;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.file.Durability;
import io.mllifecycle.store.file.FileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scale data set of issue 12: runs with 5 params, 5 latest metrics and 3 tags each, every value a
 * function of the run's number {@code g} (1 … n) so that the file store, the in-memory reference and
 * PostgreSQL (filled with set-based SQL computing the same functions) hold the same values.
 *
 * <p>Metric {@code k} of run {@code g} is {@code ((g * M[k] + k) mod 1000003) / 1000003}, exact integer
 * arithmetic then one IEEE division in both Java and SQL; param {@code depth} is {@code 2 + g mod 8}, so
 * the search {@link #FILTER} matches about 1/8 × 1/5 of the runs.
 */
final class ScaleData {
    static final String EXPERIMENT = "scale";
    static final String FILTER = "metrics.auc > 0.8 and params.depth = '6'";
    static final String ORDER = "metrics.auc DESC";
    static final String[] METRICS = {"auc", "loss", "acc", "f1", "recall"};
    private static final long[] MULTIPLIERS = {7919L, 104729L, 1299709L, 15485863L, 179424673L};
    private static final long MODULUS = 1_000_003L;
    private static final String[] LR = {"0.1", "0.01", "0.001", "0.0001"};
    private static final String[] OPTIMIZERS = {"adam", "sgd", "rmsprop"};
    private static final String[] TEAMS = {"risk", "growth", "ops"};
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private ScaleData() {}

    /** @return the query of the figures: the filter, ordered by auc descending, first page of 100, no count */
    static RunQuery query(String experimentId) {
        return RunQuery.builder(experimentId).filter(FILTER).order(ORDER).pageSize(100).build();
    }

    static double metric(int k, long g) {
        return ((g * MULTIPLIERS[k] + k) % MODULUS) / (double) MODULUS;
    }

    static Map<String, String> params(long g) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("depth", Long.toString(2 + g % 8));
        p.put("lr", LR[(int) (g % 4)]);
        p.put("batch", Long.toString(16 * (1 + g % 4)));
        p.put("optimizer", OPTIMIZERS[(int) (g % 3)]);
        p.put("seed", Long.toString(g % 1000));
        return p;
    }

    static Map<String, String> tags(long g) {
        return Map.of("team", TEAMS[(int) (g % 3)], "sweep", "s" + g % 50, "owner", "user" + g % 20);
    }

    static List<MetricPoint> metrics(long g) {
        List<MetricPoint> points = new ArrayList<>(METRICS.length);
        for (int k = 0; k < METRICS.length; k++) {
            points.add(new MetricPoint(METRICS[k], metric(k, g), 10, START.plusSeconds(g)));
        }
        return points;
    }

    /** Writes runs 1 … n through the tracking SPI: create (with tags), one params batch, one metrics batch. */
    static String fill(TrackingStore tracking, int runs) {
        String exp = tracking.createExperiment(EXPERIMENT, "", Map.of(), START).id();
        for (long g = 1; g <= runs; g++) {
            String id = tracking.createRun(new NewRun(exp, null, "run-" + g, tags(g), START.plusMillis(g),
                    RunSource.unknown())).id();
            tracking.logParams(id, params(g));
            tracking.logMetrics(id, metrics(g));
        }
        return exp;
    }

    /**
     * @return the directory of a file store holding {@code runs} runs, built in BATCHED mode on first use
     *     under {@code java.io.tmpdir}/mllifecycle-bench and reused by later runs (a marker file says it
     *     is complete)
     */
    static Path fileStore(int runs) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mllifecycle-bench", "scale-" + runs);
        Path done = dir.resolve("complete");
        if (!Files.exists(done)) {
            FileStoreBenchmark.deleteTree(dir);
            long t0 = System.nanoTime();
            try (FileStore store = FileStore.builder(dir.resolve("store")).durability(Durability.BATCHED).open()) {
                fill(store.tracking(), runs);
            }
            Files.writeString(done, "built in " + (System.nanoTime() - t0) / 1_000_000 + " ms\n");
        }
        return dir.resolve("store");
    }

    /** @return the experiment id of the data set in {@code store} */
    static String experimentId(LifecycleStore store) {
        return store.tracking().findExperiment(EXPERIMENT).orElseThrow().id();
    }

    /** Fills a fresh JDBC schema with the same runs in a few set-based statements (ids: g padded to 26). */
    static String fillPostgres(Connection c, TrackingStore tracking, int runs) throws SQLException {
        String exp = tracking.createExperiment(EXPERIMENT, "", Map.of(), START).id();
        String id = "lpad(g::text, 26, '0')";
        String series = " FROM generate_series(1::bigint, " + runs + "::bigint) g";
        try (Statement st = c.createStatement()) {
            // the heartbeat is the start time, as for a run nothing was written to since it started
            st.execute("INSERT INTO runs (id, experiment_id, name, status, start_s, start_ns, heartbeat_s, heartbeat_ns,"
                    + " code_version, host, jvm) SELECT " + id + ", '" + exp + "', 'run-' || g, 'RUNNING', "
                    + START.getEpochSecond() + " + g / 1000, (g % 1000) * 1000000, " + START.getEpochSecond()
                    + " + g / 1000, (g % 1000) * 1000000, '', '', ''" + series);
            st.execute("INSERT INTO run_params (run_id, key, value) SELECT " + id + ", k, CASE k"
                    + " WHEN 'depth' THEN (2 + g % 8)::text"
                    + " WHEN 'lr' THEN (ARRAY['0.1', '0.01', '0.001', '0.0001'])[g % 4 + 1]"
                    + " WHEN 'batch' THEN (16 * (1 + g % 4))::text"
                    + " WHEN 'optimizer' THEN (ARRAY['adam', 'sgd', 'rmsprop'])[g % 3 + 1]"
                    + " ELSE (g % 1000)::text END"
                    + series + ", unnest(ARRAY['depth', 'lr', 'batch', 'optimizer', 'seed']) k");
            st.execute("INSERT INTO run_tags (run_id, key, value) SELECT " + id + ", k, CASE k"
                    + " WHEN 'team' THEN (ARRAY['risk', 'growth', 'ops'])[g % 3 + 1]"
                    + " WHEN 'sweep' THEN 's' || (g % 50)"
                    + " ELSE 'user' || (g % 20) END"
                    + series + ", unnest(ARRAY['team', 'sweep', 'owner']) k");
            StringBuilder metrics = new StringBuilder();
            for (int k = 0; k < METRICS.length; k++) {
                metrics.append(k == 0 ? "" : ", ").append("('").append(METRICS[k]).append("', ")
                        .append(MULTIPLIERS[k]).append("::bigint, ").append(k).append(')');
            }
            st.execute("INSERT INTO latest_metrics (run_id, experiment_id, key, step, value, ts_s, ts_ns)"
                    + " SELECT " + id + ", '" + exp + "', m.k, 10, ((g * m.mul + m.i) % " + MODULUS + ")::float8 / "
                    + MODULUS + ", " + START.getEpochSecond() + " + g, 0"
                    + series + ", (VALUES " + metrics + ") AS m(k, mul, i)");
            st.execute("ANALYZE");
        }
        return exp;
    }
}
