package io.mllifecycle.benchmarks;

import io.mllifecycle.drift.KolmogorovSmirnov;
import io.mllifecycle.drift.KsResult;
import io.mllifecycle.drift.ProfileSketchBuilder;
import io.mllifecycle.drift.ReferenceProfile;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Sketch-size check: fits a KLL sketch profile (k = 200) to 10^8 values streamed in chunks of 10^6
 * from a seeded generator, prints its serialised size (target: at most 64 KiB) and checks that the
 * KS statistic of 10^6 current values against the sketch is within the reported error of the exact
 * statistic (computed by streaming the same 10^8 values again, never holding them in memory).
 *
 * <p>Run: {@code java -cp lifecycle-benchmarks/target/benchmarks.jar io.mllifecycle.benchmarks.SketchSizeCheck [total]}
 */
public final class SketchSizeCheck {

    private static final int CHUNK = 1_000_000;
    private static final long SEED = 2026;

    private SketchSizeCheck() {}

    public static void main(String[] args) {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 100_000_000L;
        long t0 = System.nanoTime();
        ProfileSketchBuilder builder = ReferenceProfile.sketchBuilder("x", 200);
        SplittableRandom random = new SplittableRandom(SEED);
        for (long done = 0; done < total; done += CHUNK) {
            builder.add(chunk(random));
        }
        ReferenceProfile sketch = builder.build();
        long t1 = System.nanoTime();
        byte[] bytes = sketch.toBytes();
        double[] current = new SplittableRandom(7).doubles(CHUNK).map(u -> logistic(u) + 0.01).toArray();
        KsResult approx = KolmogorovSmirnov.twoSample(sketch, current);
        long t2 = System.nanoTime();
        double exact = exactStatistic(current, total);
        double gap = Math.abs(approx.statistic() - exact);
        System.out.printf("values=%d fit=%.1fs serialised=%d bytes (%.1f KiB, limit 64 KiB: %s)%n", total,
                (t1 - t0) / 1e9, bytes.length, bytes.length / 1024.0, bytes.length <= 64 * 1024 ? "OK" : "TOO BIG");
        System.out.printf("KS vs sketch: D=%.6f p=%.3g (%.1f ms), exact D=%.6f, |gap|=%.2e, reported bound=%.2e: %s%n",
                approx.statistic(), approx.pValue(), (t2 - t1) / 1e6, exact, gap, approx.statisticError(),
                gap <= approx.statisticError() ? "WITHIN" : "OUTSIDE");
        if (bytes.length > 64 * 1024 || gap > approx.statisticError()) {
            System.exit(1);
        }
    }

    private static double[] chunk(SplittableRandom random) {
        double[] c = new double[CHUNK];
        for (int i = 0; i < CHUNK; i++) {
            c[i] = logistic(random.nextDouble());
        }
        return c;
    }

    private static double logistic(double u) {
        double v = Math.min(Math.max(u, 1e-12), 1 - 1e-12);
        return Math.log(v / (1 - v)) * 0.5513;
    }

    private static double exactStatistic(double[] current, long total) {
        double[] u = current.clone();
        Arrays.sort(u);
        double[] distinct = Arrays.stream(u).distinct().toArray();
        long[] less = new long[distinct.length + 1];
        long[] equal = new long[distinct.length];
        SplittableRandom random = new SplittableRandom(SEED);
        for (long done = 0; done < total; done += CHUNK) {
            for (double r : chunk(random)) {
                int i = Arrays.binarySearch(distinct, r);
                if (i >= 0) {
                    equal[i]++;
                } else {
                    less[-i - 1]++;
                }
            }
        }
        double n = total;
        double m = u.length;
        long f = 0;
        int g = 0;
        double d = 0;
        for (int i = 0; i < distinct.length; i++) {
            f += less[i];
            d = Math.max(d, Math.abs(f / n - g / m));
            f += equal[i];
            while (g < u.length && u[g] == distinct[i]) {
                g++;
            }
            d = Math.max(d, Math.abs(f / n - g / m));
        }
        return d;
    }
}
