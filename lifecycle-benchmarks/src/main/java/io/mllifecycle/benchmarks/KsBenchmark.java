package io.mllifecycle.benchmarks;

import io.mllifecycle.drift.KolmogorovSmirnov;
import io.mllifecycle.drift.KsResult;
import io.mllifecycle.drift.ReferenceProfile;
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
 * Two-sample KS on 10^6 vs 10^6 unsorted doubles (normal; current shifted by 0 or 0.01 sd): ours against
 * Apache Commons Statistics 1.1 and Commons Math 3.6.1, and ours against a fitted exact profile
 * (only the current sample is sorted) and against a KLL sketch profile (k = 200). Targets: ours / Commons Statistics &lt;= 0.4, ours / Commons
 * Math &lt;= 0.5, profile / Commons Statistics &lt;= 0.2.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class KsBenchmark {

    @Param("1000000")
    public int size;

    /** Shift of the current sample in standard deviations: 0 = no drift, 0.01 = slight drift (p ~ 1e-7). */
    @Param({"0.0", "0.01"})
    public double shift;

    private double[] reference;
    private double[] current;
    private ReferenceProfile profile;
    private ReferenceProfile sketch;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        reference = new double[size];
        current = new double[size];
        for (int i = 0; i < size; i++) {
            reference[i] = gaussian(random);
            current[i] = gaussian(random) + shift;
        }
        profile = ReferenceProfile.of(reference);
        sketch = ReferenceProfile.numericSketch("x", reference, 200);
    }

    static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    @Benchmark
    public KsResult ours() {
        return KolmogorovSmirnov.twoSample(reference, current);
    }

    @Benchmark
    public KsResult oursAgainstProfile() {
        return KolmogorovSmirnov.twoSample(profile, current);
    }

    @Benchmark
    public KsResult oursAgainstSketch() {
        return KolmogorovSmirnov.twoSample(sketch, current);
    }

    @Benchmark
    public Object commonsStatistics() {
        return org.apache.commons.statistics.inference.KolmogorovSmirnovTest.withDefaults()
                .test(reference, current);
    }

    @Benchmark
    public double commonsMath() {
        return new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest()
                .kolmogorovSmirnovTest(reference, current);
    }
}
