package io.mllifecycle.benchmarks;

import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.file.FileStore;
import io.mllifecycle.store.memory.InMemoryStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
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
 * The filter-string search of issue 12 at scale: {@value ScaleData#FILTER} ordered by
 * {@value ScaleData#ORDER}, first page of 100, not counted, over {@code runs} runs of {@link ScaleData}
 * (5 params, 5 latest metrics, 3 tags each; default 10^6, smaller with {@code -p runs=100000}), in
 * milliseconds per page.
 * <ul>
 *   <li>{@code fileStore}: the file store's in-memory index (the store is built once in BATCHED mode
 *       under {@code java.io.tmpdir}/mllifecycle-bench and reused; each trial opens it);</li>
 *   <li>{@code postgres} (and {@code postgresCounted}, the same page with {@code countMatches()}): the JDBC
 *       store on PostgreSQL, a schema of its own filled with set-based SQL per trial and dropped after;</li>
 *   <li>baseline {@code inMemoryReference}: the in-memory reference store holding the same runs, which
 *       evaluates the filter on every run and sorts the matches.</li>
 * </ul>
 * The store is built once per trial (outside the measured time). Run with a heap of about 6 GB for 10^6
 * runs (the reference store keeps full records): {@code -jvmArgs -Xmx6g}.
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScaleSearchBenchmark {

    /** The file store of {@code runs} runs, opened per trial. */
    @State(Scope.Benchmark)
    public static class File {
        @Param("1000000")
        int runs;
        FileStore store;
        RunQuery query;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            store = FileStore.open(ScaleData.fileStore(runs));
            query = ScaleData.query(ScaleData.experimentId(store));
            check(store.tracking().searchRuns(query));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.close();
        }
    }

    /** The same runs on PostgreSQL. */
    @State(Scope.Benchmark)
    public static class Postgres extends JdbcStoreBenchmark.Db {
        @Param("1000000")
        int runs;
        RunQuery query;
        RunQuery counted;

        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            open();
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(true);
                query = ScaleData.query(ScaleData.fillPostgres(c, store.tracking(), runs));
            }
            counted = query.withCountMatches(true);
            check(store.tracking().searchRuns(query));
        }
    }

    /** The same runs in the in-memory reference store. */
    @State(Scope.Benchmark)
    public static class Reference {
        @Param("1000000")
        int runs;
        InMemoryStore store;
        RunQuery query;

        @Setup(Level.Trial)
        public void setUp() {
            store = new InMemoryStore();
            query = ScaleData.query(ScaleData.fill(store.tracking(), runs));
            check(store.tracking().searchRuns(query));
        }
    }

    static void check(RunPage first) {
        if (first.runs().size() != 100 || !first.hasNext()
                || first.runs().get(0).latestMetrics().get("auc").value() < first.runs().get(99).latestMetrics()
                .get("auc").value()) {
            throw new IllegalStateException("fixture broken: first page has " + first.runs().size() + " runs");
        }
    }

    @Benchmark
    public RunPage fileStore(File s) {
        return s.store.tracking().searchRuns(s.query);
    }

    @Benchmark
    public RunPage postgres(Postgres s) {
        return s.store.tracking().searchRuns(s.query);
    }

    @Benchmark
    public RunPage postgresCounted(Postgres s) {
        return s.store.tracking().searchRuns(s.counted);
    }

    @Benchmark
    public RunPage inMemoryReference(Reference s) {
        return s.store.tracking().searchRuns(s.query);
    }
}
