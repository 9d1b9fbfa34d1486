package io.mllifecycle.drift.internal;

import io.mllifecycle.drift.NanPolicy;
import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * Sorted, cleaned copies of numeric samples: {@code -0.0} made {@code 0.0}, NaN handled as
 * {@link Samples#clean} does (same checks, same messages). Not public API.
 *
 * <p>Why not {@code Samples.clean} + {@link Arrays#sort(double[])}: the KS statistic is dominated
 * by sorting, and sorting 10^6 doubles is bound by memory traffic. For large arrays this is a
 * radix sort on order-preserving 64-bit keys: one most-significant-digit pass on the top 16 bits
 * (sign, exponent, 4 mantissa bits; histogram built while the keys are made and NaN checked),
 * then each bucket — for real data typically a few thousand values that fit in cache — is
 * finished by least-significant-digit passes with 12-bit digits over the remaining 48 bits (a
 * pass skipped when the bucket shares the digit), or by {@code Arrays.sort} when small, and
 * written back as doubles. Only two passes touch main memory; measured 2-3x faster than
 * {@code Arrays.sort} and about 25% faster than a plain six-pass LSD radix sort.
 */
public final class DoubleSort {

    static final int RADIX_THRESHOLD = 4096;
    /** Leading key bits (sign, exponent, 4 mantissa bits) of the first, most-significant-digit pass. */
    private static final int TOP_BITS = 16;
    private static final int TOP_BUCKETS = 1 << TOP_BITS;
    /** Digit width of the least-significant-digit passes over the remaining 48 bits of a bucket. */
    private static final int BITS = 12;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;
    private static final int LOW_BITS = 64 - TOP_BITS;
    /** Buckets up to this size are finished with {@code Arrays.sort}, cheaper than four digit passes. */
    private static final int SMALL_BUCKET = 1024;

    private DoubleSort() {}

    /**
     * Reusable working memory: key arrays and two output slots, grown to the largest sample seen.
     * {@link #forCurrentThread()} keeps one per thread behind a soft reference, so repeated large
     * tests (a monitor comparing window after window) do not allocate and zero tens of megabytes
     * each time, and the memory is returned when the heap runs short. Not thread-safe.
     */
    public static final class Scratch {
        private static final ThreadLocal<SoftReference<Scratch>> CACHE = new ThreadLocal<>();

        private long[] keys = new long[0];
        private long[] buffer = new long[0];
        private final double[][] outputs = {new double[0], new double[0]};

        /** This thread's cached scratch, created when absent or reclaimed. */
        public static Scratch forCurrentThread() {
            SoftReference<Scratch> ref = CACHE.get();
            Scratch scratch = ref == null ? null : ref.get();
            if (scratch == null) {
                scratch = new Scratch();
                CACHE.set(new SoftReference<>(scratch));
            }
            return scratch;
        }

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

        double[] output(int slot, int n) {
            if (outputs[slot].length < n) {
                outputs[slot] = new double[n];
            }
            return outputs[slot];
        }
    }

    /**
     * The first {@code length} elements of {@code values} are the sorted sample; the array may be
     * longer (scratch memory) and must not be kept beyond the caller's computation.
     */
    public record Sorted(double[] values, int length, int nanCount) {}

    /**
     * A sorted copy of {@code values} after the NaN policy, with the number of NaN omitted.
     *
     * @throws IllegalArgumentException as {@link Samples#clean}
     */
    public static Samples.Clean sortedClean(String name, double[] values, NanPolicy policy, int minimum) {
        Sorted sorted = sorted(name, values, policy, minimum, new Scratch(), 0);
        return new Samples.Clean(sorted.values(), sorted.nanCount());
    }

    /**
     * As {@link #sortedClean}, writing large results into output {@code slot} (0 or 1) of
     * {@code scratch}. Small samples and samples with NaN get fresh arrays.
     */
    public static Sorted sorted(String name, double[] values, NanPolicy policy, int minimum,
            Scratch scratch, int slot) {
        if (values == null || values.length < RADIX_THRESHOLD) {
            Samples.Clean clean = Samples.clean(name, values, policy, minimum);
            Arrays.sort(clean.values());
            return new Sorted(clean.values(), clean.values().length, clean.nanCount());
        }
        int n = values.length;
        long[] keys = scratch.keys(n);
        int[] top = new int[TOP_BUCKETS + 1];
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (v != v) {
                Samples.Clean clean = Samples.clean(name, values, policy, minimum); // throws, or omits
                sortInPlace(clean.values());
                return new Sorted(clean.values(), clean.values().length, clean.nanCount());
            }
            long bits = Double.doubleToRawLongBits(v + 0.0);
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE); // unsigned order == double order
            keys[i] = key;
            top[(int) (key >>> LOW_BITS) + 1]++;
        }
        double[] out = scratch.output(slot, n);
        radix(keys, scratch.buffer(n), n, top, out);
        return new Sorted(out, n, 0);
    }

    /** Sorts the NaN-free {@code values} ascending in place. */
    public static void sortInPlace(double[] values) {
        int n = values.length;
        if (n < RADIX_THRESHOLD) {
            Arrays.sort(values);
            return;
        }
        long[] keys = new long[n];
        int[] top = new int[TOP_BUCKETS + 1];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i] + 0.0);
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            keys[i] = key;
            top[(int) (key >>> LOW_BITS) + 1]++;
        }
        radix(keys, new long[n], n, top, values);
    }

    /**
     * Sorts {@code keys[0, n)} into {@code out} as doubles; {@code top[b + 1]} holds the count of
     * keys whose top digit is b. {@code buffer} is working memory of at least n.
     */
    private static void radix(long[] keys, long[] buffer, int n, int[] top, double[] out) {
        for (int b = 0; b < TOP_BUCKETS; b++) {
            top[b + 1] += top[b];
        }
        int[] next = Arrays.copyOf(top, TOP_BUCKETS);
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            buffer[next[(int) (key >>> LOW_BITS)]++] = key;
        }
        int[] counts = new int[BUCKETS];
        for (int b = 0; b < TOP_BUCKETS; b++) {
            int from = top[b];
            int to = top[b + 1];
            if (to - from <= SMALL_BUCKET) {
                if (to - from > 1) {
                    Arrays.sort(buffer, from, to); // same top digit, so signed order == unsigned order
                }
                write(buffer, from, to, out);
            } else {
                write(lowDigits(buffer, keys, from, to, counts), from, to, out);
            }
        }
    }

    /** LSD passes over the low 48 bits of {@code a[from, to)}; returns the array holding the result. */
    private static long[] lowDigits(long[] a, long[] b, int from, int to, int[] counts) {
        long[] src = a;
        long[] dst = b;
        int len = to - from;
        for (int shift = 0; shift < LOW_BITS; shift += BITS) {
            Arrays.fill(counts, 0);
            for (int i = from; i < to; i++) {
                counts[(int) (src[i] >>> shift) & MASK]++;
            }
            if (counts[(int) (src[from] >>> shift) & MASK] == len) {
                continue; // every key in the bucket has this digit
            }
            int sum = from;
            for (int d = 0; d < BUCKETS; d++) {
                int t = counts[d];
                counts[d] = sum;
                sum += t;
            }
            for (int i = from; i < to; i++) {
                long key = src[i];
                dst[counts[(int) (key >>> shift) & MASK]++] = key;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }

    private static void write(long[] keys, int from, int to, double[] out) {
        for (int i = from; i < to; i++) {
            out[i] = toDouble(keys[i]);
        }
    }

    private static double toDouble(long key) {
        return Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
    }
}
