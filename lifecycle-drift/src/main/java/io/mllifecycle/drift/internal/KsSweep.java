package io.mllifecycle.drift.internal;

/**
 * One merge pass over two ascending samples computing the extreme differences of their empirical
 * CDFs the way SciPy's {@code ks_2samp} does. Not public API.
 *
 * <p>The difference {@code F(v) - G(v)} is evaluated only after every value equal to {@code v} has
 * been passed in both samples, as {@code i / n - j / m} in double precision (the same operations as
 * SciPy's {@code searchsorted(..., side='right') / n}). Where several values reach the extreme, the
 * location is the smallest such value of the first sample, else the smallest of the second — the
 * element {@code numpy.argmax} picks from {@code concatenate([sorted1, sorted2])}.
 *
 * @param maxDiff     max of F - G over the pooled values (at least 0)
 * @param maxLocation where {@code maxDiff} is reached
 * @param minDiff     {@code max(0, -min(F - G))}
 * @param minLocation where the minimum of F - G is reached
 * @param ties        whether any value occurs more than once in the pooled sample
 */
public record KsSweep(double maxDiff, double maxLocation, double minDiff, double minLocation, boolean ties) {

    /** Sweeps the ascending, NaN-free, non-empty samples {@code x} and {@code y}. */
    public static KsSweep of(double[] x, double[] y) {
        return new Sweeper(x, x.length, y, y.length).run();
    }

    /** Sweeps {@code x[0, n)} and {@code y[0, m)}, both ascending, NaN-free and non-empty. */
    public static KsSweep of(double[] x, int n, double[] y, int m) {
        return new Sweeper(x, n, y, m).run();
    }

    /**
     * The pass itself. Why it looks unusual: a plain merge mispredicts a branch on almost every
     * element. Here each step advances one index without a data-dependent branch, evaluates an
     * approximate difference with reciprocals, and only when that is within 1e-9 of the running
     * extreme (rare) checks exactly — with SciPy's division, at the end of a tie group, with the
     * location rules — in {@link #candidate}.
     */
    private static final class Sweeper {
        private final double[] x;
        private final double[] y;
        private final int n;
        private final int m;
        private final double dn;
        private final double dm;
        private double max = Double.NEGATIVE_INFINITY;
        private double min = Double.POSITIVE_INFINITY;
        private double maxLocX = Double.NaN;
        private double maxLocY = Double.NaN;
        private double minLocX = Double.NaN;
        private double minLocY = Double.NaN;

        Sweeper(double[] x, int n, double[] y, int m) {
            this.x = x;
            this.y = y;
            this.n = n;
            this.m = m;
            this.dn = n;
            this.dm = m;
        }

        KsSweep run() {
            final double invN = 1.0 / dn;
            final double invM = 1.0 / dm;
            final double slack = 1e-9;
            int i = 0;
            int j = 0;
            double fi = 0.0;
            double fj = 0.0;
            boolean ties = false;
            double hi = Double.NEGATIVE_INFINITY;
            double lo = Double.POSITIVE_INFINITY;
            while (i < n && j < m) {
                double a = x[i];
                double b = y[j];
                ties |= a == b; // every value shared by both samples meets here (see hasAdjacentEqual)
                // 1 when a <= b, from the sign of b - a: no data-dependent branch. For a == b == ±inf
                // the NaN's sign is arbitrary, which is harmless: order inside a tie group is irrelevant.
                int takeX = 1 - (int) (Double.doubleToRawLongBits(b - a) >>> 63);
                i += takeX;
                j += 1 - takeX;
                fi += takeX;
                fj += 1 - takeX;
                double approx = fi * invN - fj * invM;
                if (approx >= hi || approx <= lo) {
                    candidate(i, j);
                    hi = max - slack;
                    lo = min + slack;
                }
            }
            while (i < n || j < m) {
                if (i < n) {
                    i++;
                } else {
                    j++;
                }
                candidate(i, j);
            }
            ties |= hasAdjacentEqual(x, n) || hasAdjacentEqual(y, m);
            double minDiff = Math.min(Math.max(-min, 0.0), 1.0);
            return new KsSweep(max, Double.isNaN(maxLocX) ? maxLocY : maxLocX,
                    minDiff, Double.isNaN(minLocX) ? minLocY : minLocX, ties);
        }

        private static boolean hasAdjacentEqual(double[] a, int length) {
            boolean equal = false;
            for (int k = 1; k < length; k++) {
                equal |= a[k] == a[k - 1];
            }
            return equal;
        }

        /** State after consuming x[0, i) and y[0, j) in ascending order (so the last value is the larger). */
        private void candidate(int i, int j) {
            double v = i == 0 ? y[j - 1] : (j == 0 ? x[i - 1] : Math.max(x[i - 1], y[j - 1]));
            if ((i < n && x[i] == v) || (j < m && y[j] == v)) {
                return; // inside a tie group: F - G is evaluated only after all values equal to v
            }
            boolean inX = i > 0 && x[i - 1] == v;
            boolean inY = j > 0 && y[j - 1] == v;
            double diff = i / dn - j / dm;
            if (diff > max) {
                max = diff;
                maxLocX = inX ? v : Double.NaN;
                maxLocY = inY ? v : Double.NaN;
            } else if (diff == max) {
                if (inX && Double.isNaN(maxLocX)) {
                    maxLocX = v;
                }
                if (inY && Double.isNaN(maxLocY)) {
                    maxLocY = v;
                }
            }
            if (diff < min) {
                min = diff;
                minLocX = inX ? v : Double.NaN;
                minLocY = inY ? v : Double.NaN;
            } else if (diff == min) {
                if (inX && Double.isNaN(minLocX)) {
                    minLocX = v;
                }
                if (inY && Double.isNaN(minLocY)) {
                    minLocY = v;
                }
            }
        }
    }
}
