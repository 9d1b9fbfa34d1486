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
        final int n = x.length;
        final int m = y.length;
        final double dn = n;
        final double dm = m;
        int i = 0;
        int j = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double maxLocX = Double.NaN;
        double maxLocY = Double.NaN;
        double minLocX = Double.NaN;
        double minLocY = Double.NaN;
        boolean ties = false;
        while (i < n || j < m) {
            double v;
            boolean inX;
            boolean inY;
            if (j >= m || (i < n && x[i] < y[j])) {
                v = x[i++];
                inX = true;
                inY = false;
                while (i < n && x[i] == v) {
                    i++;
                    ties = true;
                }
            } else if (i >= n || y[j] < x[i]) {
                v = y[j++];
                inX = false;
                inY = true;
                while (j < m && y[j] == v) {
                    j++;
                    ties = true;
                }
            } else {
                v = x[i];
                inX = true;
                inY = true;
                ties = true;
                while (i < n && x[i] == v) {
                    i++;
                }
                while (j < m && y[j] == v) {
                    j++;
                }
            }
            double diff = i / dn - j / dm;
            if (diff >= max) {
                if (diff > max) {
                    max = diff;
                    maxLocX = inX ? v : Double.NaN;
                    maxLocY = inY ? v : Double.NaN;
                } else {
                    if (inX && Double.isNaN(maxLocX)) {
                        maxLocX = v;
                    }
                    if (inY && Double.isNaN(maxLocY)) {
                        maxLocY = v;
                    }
                }
            }
            if (diff <= min) {
                if (diff < min) {
                    min = diff;
                    minLocX = inX ? v : Double.NaN;
                    minLocY = inY ? v : Double.NaN;
                } else {
                    if (inX && Double.isNaN(minLocX)) {
                        minLocX = v;
                    }
                    if (inY && Double.isNaN(minLocY)) {
                        minLocY = v;
                    }
                }
            }
        }
        double minDiff = Math.min(Math.max(-min, 0.0), 1.0);
        return new KsSweep(max, Double.isNaN(maxLocX) ? maxLocY : maxLocX,
                minDiff, Double.isNaN(minLocX) ? minLocY : minLocX, ties);
    }
}
