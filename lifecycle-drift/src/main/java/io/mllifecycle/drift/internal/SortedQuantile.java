package io.mllifecycle.drift.internal;

/**
 * Quantiles and ranks on an ascending {@code double[]}. Not part of the public API.
 *
 * <p>{@link #linear} reproduces NumPy's default {@code np.quantile(a, p)} (method {@code 'linear'},
 * Hyndman–Fan type 7) operation for operation, so bin edges agree bit for bit: virtual index
 * {@code h = (n - 1) p}, {@code lo = floor(h)}, {@code t = h - lo}, and NumPy's two-sided lerp
 * ({@code a + (b - a) t} below {@code t = 0.5}, {@code b - (b - a)(1 - t)} from it on).
 */
public final class SortedQuantile {

    private SortedQuantile() {}

    /** Type 7 quantile of the non-empty ascending {@code sorted}, {@code p} in [0, 1]. */
    public static double linear(double[] sorted, double p) {
        int n = sorted.length;
        double h = (n - 1) * p;
        double floor = Math.floor(h);
        if (floor >= n - 1) {
            return sorted[n - 1];
        }
        int lo = (int) floor;
        double t = h - floor;
        double a = sorted[lo];
        double b = sorted[lo + 1];
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /** Number of elements {@code <= x} in the ascending {@code sorted} (an upper-bound search). */
    public static int countAtMost(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
