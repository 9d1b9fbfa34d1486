package io.mllifecycle.benchmarks;

import io.mllifecycle.drift.PopulationStabilityIndex;
import io.mllifecycle.drift.ReferenceProfile;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PSI of 10^6 current values against a reference of 10^6 values (B = 10). Scores are current
 * values per second (one operation = one value).
 *
 * <ul>
 *   <li>{@code profile}: ours, against a fitted {@link ReferenceProfile} (edges precomputed,
 *       branch-free search, one pass) — the target is at least 1e8 values/s on one core.</li>
 *   <li>{@code rawArrays}: ours on two raw arrays (fits the bins each call: copies and sorts the
 *       reference).</li>
 *   <li>{@code baselineLinearScan}: the same fitted edges and reference counts (precomputed, like a
 *       profile), but each current value finds its bin by a linear scan with a branch per edge, as
 *       hand-written code usually does.</li>
 *   <li>{@code baselineCommonsMath}: what a JVM user would write with Commons Math 3.6.1:
 *       {@code Percentile} (R_7, NumPy's type 7) for the edges and {@code Arrays.binarySearch} per
 *       value.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PsiBenchmark {

    static final int N = 1_000_000;

    double[] reference;
    double[] current;
    ReferenceProfile profile;
    double[] edges;
    long[] referenceCounts;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        reference = new double[N];
        current = new double[N];
        for (int i = 0; i < N; i++) {
            reference[i] = gaussian(random);
            current[i] = gaussian(random) * 1.1 + 0.2;
        }
        profile = ReferenceProfile.of(reference);
        edges = PopulationStabilityIndex.of(profile, new double[] {0}).edges();
        referenceCounts = new long[edges.length + 1];
        for (double v : reference) {
            referenceCounts[linear(v)]++;
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public double profile() {
        return PopulationStabilityIndex.of(profile, current).value();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public double rawArrays() {
        return PopulationStabilityIndex.of(reference, current).value();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public double baselineLinearScan() {
        long[] cur = new long[edges.length + 1];
        for (double v : current) {
            cur[linear(v)]++;
        }
        return psi(referenceCounts, cur);
    }

    private int linear(double v) {
        int bin = 0;
        while (bin < edges.length && edges[bin] < v) {
            bin++;
        }
        return bin;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public double baselineCommonsMath() {
        Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
        percentile.setData(reference);
        double[] e = new double[9];
        for (int i = 1; i < 10; i++) {
            e[i - 1] = percentile.evaluate(i * 10.0);
        }
        double[] unique = Arrays.stream(e).distinct().toArray();
        long[] ref = new long[unique.length + 1];
        long[] cur = new long[unique.length + 1];
        for (double v : reference) {
            ref[bin(unique, v)]++;
        }
        for (double v : current) {
            cur[bin(unique, v)]++;
        }
        return psi(ref, cur);
    }

    private static int bin(double[] edges, double v) {
        int i = Arrays.binarySearch(edges, v);
        return i >= 0 ? i : -i - 1; // right-closed: a value equal to an edge stays in the lower bin
    }

    private static double psi(long[] ref, long[] cur) {
        double n = N;
        double sum = 0;
        int b = ref.length;
        for (int i = 0; i < b; i++) {
            double e = (ref[i] + 0.5) / (n + 0.5 * b);
            double a = (cur[i] + 0.5) / (n + 0.5 * b);
            sum += (a - e) * Math.log(a / e);
        }
        return sum;
    }
}
