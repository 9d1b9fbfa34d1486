package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A sketch profile of 10^7 values (fed in chunks from a seeded generator, never held in memory)
 * stays small and its KS statistic is within its reported error of the exact statistic, which is
 * computed by streaming the same values a second time. 10^8 values: see SketchSizeCheck in
 * lifecycle-benchmarks.
 */
class SketchProfileTest {

    private static final int TOTAL = 10_000_000;
    private static final int CHUNK = 1_000_000;
    private static final long SEED = 99;

    /**
     * KLL compaction draws from DataSketches' package-private static {@code Random}; seeding it makes
     * this test reproducible (unseeded, the observed gap varied between 0.3 and 0.5 of the bound).
     */
    private static void seedSketchRandomness() throws ReflectiveOperationException {
        java.lang.reflect.Field field = org.apache.datasketches.kll.KllSketch.class.getDeclaredField("random");
        field.setAccessible(true);
        ((java.util.Random) field.get(null)).setSeed(12345);
    }

    @Test
    void numericSketch_tenMillionValuesSmallAndWithinErrorBound() throws ReflectiveOperationException {
        seedSketchRandomness();
        ProfileSketchBuilder builder = ReferenceProfile.sketchBuilder("latency", 200);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int done = 0; done < TOTAL; done += CHUNK) {
            builder.add(chunk(random));
        }
        ReferenceProfile sketch = builder.build();
        double[] current = new SplittableRandom(5).doubles(100_000).map(u -> logistic(u) + 0.02).toArray();

        KsResult approx = KolmogorovSmirnov.twoSample(sketch, current);
        double exact = exactStatistic(current);

        assertThat(sketch.count()).isEqualTo(TOTAL);
        assertThat(sketch.toBytes().length).isLessThanOrEqualTo(64 * 1024);
        assertThat(approx.approximate()).isTrue();
        assertThat(approx.note()).contains("approximate");
        assertThat(approx.statisticError()).isPositive();
        assertThat(Math.abs(approx.statistic() - exact)).isLessThanOrEqualTo(approx.statisticError());
        assertThat(sketch.mean()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(0.01));
        assertThat(sketch.standardDeviation()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.01));
    }

    private static double[] chunk(SplittableRandom random) {
        double[] c = new double[CHUNK];
        for (int i = 0; i < CHUNK; i++) {
            c[i] = logistic(random.nextDouble());
        }
        return c;
    }

    /** Logistic variate scaled to unit variance (0.5513 = sqrt(3) / pi): one uniform per value. */
    private static double logistic(double u) {
        double v = Math.min(Math.max(u, 1e-12), 1 - 1e-12);
        return Math.log(v / (1 - v)) * 0.5513;
    }

    /** Exact two-sided D of the streamed reference against {@code current}, without storing the reference. */
    private static double exactStatistic(double[] current) {
        double[] u = current.clone();
        Arrays.sort(u);
        double[] distinct = Arrays.stream(u).distinct().toArray();
        long[] less = new long[distinct.length + 1]; // reference values strictly inside gap i (before distinct[i])
        long[] equal = new long[distinct.length];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int done = 0; done < TOTAL; done += CHUNK) {
            for (double r : chunk(random)) {
                int i = Arrays.binarySearch(distinct, r);
                if (i >= 0) {
                    equal[i]++;
                } else {
                    less[-i - 1]++;
                }
            }
        }
        double n = TOTAL;
        double m = u.length;
        long f = 0;
        int g = 0;
        double d = 0;
        for (int i = 0; i < distinct.length; i++) {
            f += less[i];
            d = Math.max(d, Math.abs(f / n - g / m)); // just before distinct[i]
            f += equal[i];
            while (g < u.length && u[g] == distinct[i]) {
                g++;
            }
            d = Math.max(d, Math.abs(f / n - g / m));
        }
        return d;
    }
}
