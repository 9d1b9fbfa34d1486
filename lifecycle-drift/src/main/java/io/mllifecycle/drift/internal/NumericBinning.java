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
        // Pad to a power of two (at least 16) with +inf so the search has a fixed depth; 16 and 32
        // get fully unrolled searches (4 and 5 compare-and-add steps that the JIT turns into
        // conditional moves: no branch mispredictions on random data). Each step asks
        // !(edge >= v), which is "edge < v" for numbers and true for NaN: a NaN walks to the last
        // padded slot, which no number reaches because the size exceeds edges.length + 1. So NaN
        // are counted in the same pass at no extra cost.
        int size = Math.max(16, Integer.highestOneBit(edges.length + 1) << 1);
        double[] padded = new double[size];
        Arrays.fill(padded, Double.POSITIVE_INFINITY);
        System.arraycopy(edges, 0, padded, 0, edges.length);
        // Four histograms so that runs of one bin do not serialise on one counter's store→load.
        int[][] c = new int[4][size];
        long[] total = new long[size];
        int i = 0;
        while (i < values.length) {
            // a block of at most 2^30 values keeps each int counter below 2^30
            int end = (int) Math.min(values.length, i + (1L << 30));
            if (size == 16) {
                block16(padded, values, i, end, c);
            } else if (size == 32) {
                block32(padded, values, i, end, c);
            } else {
                blockAny(padded, values, i, end, c);
            }
            i = end;
            for (int b = 0; b < size; b++) {
                total[b] += (long) c[0][b] + c[1][b] + c[2][b] + c[3][b];
            }
            for (int[] h : c) {
                Arrays.fill(h, 0);
            }
        }
        long[] out = Arrays.copyOf(total, edges.length + 2);
        out[edges.length + 1] = total[size - 1];
        return out;
    }

    private static void block16(double[] p, double[] values, int from, int to, int[][] c) {
        int[] c0 = c[0];
        int[] c1 = c[1];
        int[] c2 = c[2];
        int[] c3 = c[3];
        int i = from;
        for (int end4 = from + ((to - from) & ~3); i < end4; i += 4) {
            c0[bin16(p, values[i])]++;
            c1[bin16(p, values[i + 1])]++;
            c2[bin16(p, values[i + 2])]++;
            c3[bin16(p, values[i + 3])]++;
        }
        for (; i < to; i++) {
            c0[bin16(p, values[i])]++;
        }
    }

    private static int bin16(double[] p, double v) {
        int i = !(p[7] >= v) ? 8 : 0;
        i += !(p[i + 3] >= v) ? 4 : 0;
        i += !(p[i + 1] >= v) ? 2 : 0;
        return i + (!(p[i] >= v) ? 1 : 0);
    }

    private static void block32(double[] p, double[] values, int from, int to, int[][] c) {
        int[] c0 = c[0];
        int[] c1 = c[1];
        int i = from;
        for (int end2 = from + ((to - from) & ~1); i < end2; i += 2) {
            c0[bin32(p, values[i])]++;
            c1[bin32(p, values[i + 1])]++;
        }
        for (; i < to; i++) {
            c0[bin32(p, values[i])]++;
        }
    }

    private static int bin32(double[] p, double v) {
        int i = !(p[15] >= v) ? 16 : 0;
        i += !(p[i + 7] >= v) ? 8 : 0;
        i += !(p[i + 3] >= v) ? 4 : 0;
        i += !(p[i + 1] >= v) ? 2 : 0;
        return i + (!(p[i] >= v) ? 1 : 0);
    }

    private static void blockAny(double[] p, double[] values, int from, int to, int[][] c) {
        int[] c0 = c[0];
        int half = p.length >>> 1;
        for (int i = from; i < to; i++) {
            double v = values[i];
            int index = 0;
            for (int step = half; step > 0; step >>>= 1) {
                index += !(p[index + step - 1] >= v) ? step : 0;
            }
            c0[index]++;
        }
    }
}
