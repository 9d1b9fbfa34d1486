package io.mllifecycle.drift.internal;

import io.mllifecycle.drift.BinKind;

/**
 * Reference and current counts over one set of bins: what every binned statistic starts from.
 * Arrays are owned by this object and never handed to callers unchanged.
 *
 * @param edges            interior numeric edges (empty for categorical bins)
 * @param referenceOmitted missing reference values left out (not binned)
 * @param currentOmitted   missing current values left out (not binned)
 */
public record BinnedCounts(BinKind[] kinds, String[] labels, double[] lower, double[] upper,
        double[] edges, long[] reference, long[] current, long referenceOmitted,
        long currentOmitted) {

    /** Number of bins B′. */
    public int size() {
        return reference.length;
    }

    /** Total reference values binned, N. */
    public long referenceTotal() {
        return sum(reference);
    }

    /** Total current values binned, M. */
    public long currentTotal() {
        return sum(current);
    }

    /** Raw share of each bin on one side: count / total. */
    public static double[] rawShares(long[] counts) {
        double total = sum(counts);
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = counts[i] / total;
        }
        return shares;
    }

    private static long sum(long[] counts) {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }
}
