package io.mllifecycle.benchmarks;

import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.Table;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * {@link DriftDetector#compare(Table, Table)} on 50 numeric columns × 200 000 rows per side with
 * the default tests (KS + PSI per column, Benjamini–Hochberg). {@code threads = 1} is the
 * sequential baseline; {@code threads = 2} must be at least 1.6× faster on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class DriftDetectorBenchmark {

    static final int COLUMNS = 50;
    static final int ROWS = 200_000;

    @Param({"1", "2"})
    int threads;

    Table reference;
    Table current;
    DriftDetector detector;
    ExecutorService helpers;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        Table.Builder ref = Table.builder();
        Table.Builder cur = Table.builder();
        for (int c = 0; c < COLUMNS; c++) {
            double shift = c % 5 == 0 ? 0.05 : 0.0;
            ref.numeric("f" + c, column(random, 0.0));
            cur.numeric("f" + c, column(random, shift));
        }
        reference = ref.build();
        current = cur.build();
        helpers = Executors.newFixedThreadPool(Math.max(1, threads - 1));
        detector = DriftDetector.builder().parallelism(threads).executor(helpers).build();
    }

    private static double[] column(SplittableRandom random, double shift) {
        double[] values = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            values[i] = random.nextDouble() + random.nextDouble() + shift;
        }
        return values;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        helpers.shutdownNow();
    }

    @Benchmark
    public DriftReport compare() {
        return detector.compare(reference, current);
    }
}
