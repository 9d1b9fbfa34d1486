package io.mllifecycle.drift.internal;

import io.mllifecycle.drift.NanPolicy;
import java.util.Arrays;

/**
 * Sorted, cleaned copies of numeric samples: {@code -0.0} made {@code 0.0}, NaN handled as
 * {@link Samples#clean} does (same checks, same messages). Not public API.
 *
 * <p>Why not {@code Samples.clean} + {@link Arrays#sort(double[])}: the KS statistic is dominated
 * by sorting. For large arrays this does a least-significant-digit radix sort on order-preserving
 * 64-bit keys with 11-bit digits (six passes, 16 KiB histograms that stay in cache, a pass skipped
 * when every key shares the digit), with the cleaning fused into the pass that builds the keys and
 * the conversion back to doubles fused into the last scatter — about half the memory traffic of
 * copy, sort and convert done separately, and several times faster than {@code Arrays.sort}.
 */
public final class DoubleSort {

    static final int RADIX_THRESHOLD = 4096;
    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;
    private static final int PASSES = (64 + BITS - 1) / BITS;

    private DoubleSort() {}

    /**
     * Reusable working memory for sorting several samples one after the other (e.g. both KS
     * samples), so the large key arrays are allocated and zeroed once. Not thread-safe.
     */
    public static final class Scratch {
        private long[] keys = new long[0];
        private long[] buffer = new long[0];

        long[] keys(int n) {
            if (keys.length < n) {
                keys = new long[n];
            }
            return keys;
        }

        long[] buffer(int n) {
            if (buffer.length < n) {
                buffer = new long[n];
            }
            return buffer;
        }
    }

    /**
     * A sorted copy of {@code values} after the NaN policy, with the number of NaN omitted.
     *
     * @throws IllegalArgumentException as {@link Samples#clean}
     */
    public static Samples.Clean sortedClean(String name, double[] values, NanPolicy policy, int minimum) {
        return sortedClean(name, values, policy, minimum, new Scratch());
    }

    /** As {@link #sortedClean(String, double[], NanPolicy, int)}, with working memory from {@code scratch}. */
    public static Samples.Clean sortedClean(String name, double[] values, NanPolicy policy, int minimum,
            Scratch scratch) {
        if (values == null || values.length < RADIX_THRESHOLD) {
            Samples.Clean clean = Samples.clean(name, values, policy, minimum);
            Arrays.sort(clean.values());
            return clean;
        }
        int n = values.length;
        long[] keys = scratch.keys(n);
        int[][] counts = new int[PASSES][BUCKETS];
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (v != v) {
                Samples.Clean clean = Samples.clean(name, values, policy, minimum); // throws, or omits
                sortInPlace(clean.values());
                return clean;
            }
            long bits = Double.doubleToRawLongBits(v + 0.0);
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE); // unsigned order == double order
            keys[i] = key;
            for (int p = 0; p < PASSES; p++) {
                counts[p][(int) (key >>> (p * BITS)) & MASK]++;
            }
        }
        double[] out = new double[n];
        radix(keys, scratch.buffer(n), n, counts, out);
        return new Samples.Clean(out, 0);
    }

    /** Sorts the NaN-free {@code values} ascending in place. */
    public static void sortInPlace(double[] values) {
        int n = values.length;
        if (n < RADIX_THRESHOLD) {
            Arrays.sort(values);
            return;
        }
        long[] keys = new long[n];
        int[][] counts = new int[PASSES][BUCKETS];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i] + 0.0);
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            keys[i] = key;
            for (int p = 0; p < PASSES; p++) {
                counts[p][(int) (key >>> (p * BITS)) & MASK]++;
            }
        }
        radix(keys, new long[n], n, counts, values);
    }

    private static void radix(long[] keys, long[] buffer, int n, int[][] counts, double[] out) {
        int last = -1;
        for (int p = 0; p < PASSES; p++) {
            if (counts[p][(int) (keys[0] >>> (p * BITS)) & MASK] != n) {
                last = p;
            }
        }
        long[] src = keys;
        long[] dst = buffer;
        for (int p = 0; p < last; p++) {
            int[] c = counts[p];
            if (c[(int) (src[0] >>> (p * BITS)) & MASK] == n) {
                continue; // every key has this digit: the pass would not move anything
            }
            prefix(c);
            int shift = p * BITS;
            for (int i = 0; i < n; i++) {
                long key = src[i];
                dst[c[(int) (key >>> shift) & MASK]++] = key;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        if (last < 0) {
            for (int i = 0; i < n; i++) {
                out[i] = toDouble(src[i]);
            }
            return;
        }
        int[] c = counts[last];
        prefix(c);
        int shift = last * BITS;
        for (int i = 0; i < n; i++) {
            long key = src[i];
            out[c[(int) (key >>> shift) & MASK]++] = toDouble(key);
        }
    }

    private static void prefix(int[] c) {
        int sum = 0;
        for (int b = 0; b < BUCKETS; b++) {
            int t = c[b];
            c[b] = sum;
            sum += t;
        }
    }

    private static double toDouble(long key) {
        return Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
    }
}
