package io.mllifecycle.drift.internal;

import java.util.Arrays;

/**
 * Quantile bin edges fitted on a reference sample and a fast counter of values per bin.
 *
 * <p>Edges follow NumPy's {@code np.unique(np.quantile(ref, np.arange(1, B) / B))} bit for bit
 * (Hyndman–Fan type 7 with NumPy's two-sided {@code _lerp}). Where NumPy returns NaN because a
 * neighbour is infinite, the limit of the interpolation is used instead: the infinite neighbour
 * (or the common value of two equal neighbours), so ±∞ sort at the ends as documented.
 *
 * <p>A value {@code v} falls in bin {@code i} = the number of edges strictly below {@code v}
 * (NumPy's {@code searchsorted(side='left')}), that is bins are right-closed {@code (e[i-1], e[i]]}.
 */
public final class NumericBinning {

    private NumericBinning() {}

    /**
     * Returns the distinct interior edges for {@code bins} quantile bins of a sorted sample.
     *
     * @param sorted ascending, no NaN, at least one value; {@code -0.0} already normalised
     */
    public static double[] edges(double[] sorted, int bins) {
        double[] edges = new double[bins - 1];
        int n = sorted.length;
        for (int i = 1; i < bins; i++) {
            double q = (double) i / bins;
            edges[i - 1] = quantile(sorted, n, q);
        }
        // np.unique: sort, then drop repeats; quantiles are already non-decreasing but sort anyway
        Arrays.sort(edges);
        int distinct = 0;
        for (int i = 0; i < edges.length; i++) {
            if (distinct == 0 || edges[i] != edges[distinct - 1]) {
                edges[distinct++] = edges[i] + 0.0;
            }
        }
        return Arrays.copyOf(edges, distinct);
    }

    /** Type-7 quantile of a sorted sample, reproducing NumPy's arithmetic exactly. */
    static double quantile(double[] sorted, int n, double q) {
        double virtual = (n - 1) * q;
        int previous;
        int next;
        if (virtual >= n - 1) {
            previous = n - 1;
            next = n - 1;
        } else if (virtual < 0) {
            previous = 0;
            next = 0;
        } else {
            previous = (int) Math.floor(virtual);
            next = previous + 1;
        }
        double gamma = virtual - previous;
        double a = sorted[previous];
        double b = sorted[next];
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return infiniteLimit(a, b, gamma);
        }
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    private static double infiniteLimit(double a, double b, double gamma) {
        if (a == b || gamma == 0) {
            return a;
        }
        if (gamma == 1) {
            return b;
        }
        return a == Double.NEGATIVE_INFINITY ? a : b; // a = -inf wins; else b must be +inf
    }

    /**
     * Returns per-bin counts of {@code values} for the given edges ({@code edges.length + 1} bins).
     * NaN must have been removed by the caller.
     */
    public static long[] count(double[] edges, double[] values) {
        long[] counts = countWithNaN(edges, values);
        return Arrays.copyOf(counts, edges.length + 1);
    }

    /**
     * Returns per-bin counts of {@code values} ({@code edges.length + 1} bins) followed by the number
     * of NaN, in one pass over the array. {@code -0.0} and {@code 0.0} land in the same bin.
     */
    public static long[] countWithNaN(double[] edges, double[] values) {
        int size = edges.length == 0 ? 1 : Integer.highestOneBit(edges.length) << 1; // 2^k > edges
        double[] padded = new double[size];
        Arrays.fill(padded, Double.POSITIVE_INFINITY); // +inf is never < v: padding adds nothing
        System.arraycopy(edges, 0, padded, 0, edges.length);
        // Four histograms so that runs of one bin do not serialise on one counter's store→load.
        int[] c0 = new int[size];
        int[] c1 = new int[size];
        int[] c2 = new int[size];
        int[] c3 = new int[size];
        long[] total = new long[size];
        long nan = 0;
        int half = size >>> 1;
        int i = 0;
        int to = values.length;
        while (i < to) {
            // a block of at most 2^30 values keeps each int counter below 2^30
            int end = (int) Math.min(to, i + (1L << 30));
            int end4 = i + ((end - i) & ~3);
            int nanInBlock = 0;
            for (; i < end4; i += 4) {
                double v0 = values[i];
                double v1 = values[i + 1];
                double v2 = values[i + 2];
                double v3 = values[i + 3];
                c0[bin(padded, half, v0)]++;
                c1[bin(padded, half, v1)]++;
                c2[bin(padded, half, v2)]++;
                c3[bin(padded, half, v3)]++;
                nanInBlock += (v0 != v0 ? 1 : 0) + (v1 != v1 ? 1 : 0) + (v2 != v2 ? 1 : 0) + (v3 != v3 ? 1 : 0);
            }
            for (; i < end; i++) {
                double v = values[i];
                c0[bin(padded, half, v)]++;
                nanInBlock += v != v ? 1 : 0;
            }
            for (int b = 0; b < size; b++) {
                total[b] += (long) c0[b] + c1[b] + c2[b] + c3[b];
                c0[b] = 0;
                c1[b] = 0;
                c2[b] = 0;
                c3[b] = 0;
            }
            nan += nanInBlock;
        }
        total[0] -= nan; // every comparison with NaN is false, so each NaN was counted in bin 0
        long[] out = Arrays.copyOf(total, edges.length + 2);
        out[edges.length + 1] = nan;
        return out;
    }

    /** Branch-free lower bound: the number of padded edges strictly below {@code v}. */
    private static int bin(double[] padded, int half, double v) {
        int index = 0;
        for (int step = half; step > 0; step >>>= 1) {
            index += padded[index + step - 1] < v ? step : 0;
        }
        return index;
    }
}
