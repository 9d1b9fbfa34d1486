package io.mllifecycle.drift;

import java.util.List;

/**
 * The Population Stability Index of a current sample against a reference, with every bin so a
 * reader can see where the shift is.
 *
 * @param value            PSI = Σ (a_i − e_i)·ln(a_i / e_i), natural log, ≥ 0
 * @param binCount         B′, the bins actually used (numeric: after merging duplicate edges,
 *                         plus {@code MISSING} when binned)
 * @param edges            interior numeric edges e_1 … e_{B′−1} fitted on the reference (the outer
 *                         edges are ±∞); empty for categorical data. A copy is returned.
 * @param bins             every bin in order, B′ of them
 * @param referenceSize    N, reference values binned (≥ 1)
 * @param currentSize      M, current values binned (≥ 1)
 * @param referenceOmitted missing reference values left out under {@link MissingValues#OMIT}
 * @param currentOmitted   missing current values left out under {@link MissingValues#OMIT}
 * @param smoothing        how shares were formed
 * @param alpha            the smoothing constant (meaningful for {@link Smoothing#SMOOTHED})
 * @param severity         the band of {@code value}
 * @param pValue           1 − F_{χ²(B′−1)}(PSI / (1/N + 1/M)), in [0, 1]
 * @param note             a sentence when the band and the p-value disagree at 5 %, else empty
 * @param referenceRankError 0 when the reference counts are exact; for a sketch
 *                         {@link ReferenceProfile} its normalized rank error, so each reference
 *                         count may be off by about this fraction of N and the value and p-value are
 *                         approximate
 */
public record PsiResult(double value, int binCount, double[] edges, List<PsiBin> bins,
        long referenceSize, long currentSize, long referenceOmitted, long currentOmitted,
        Smoothing smoothing, double alpha, PsiSeverity severity, double pValue, String note,
        double referenceRankError) {

    /**
     * Copies the arrays and rejects impossible values.
     *
     * @throws IllegalArgumentException if {@code value} is negative or NaN, {@code bins} does not
     *         have {@code binCount} ≥ 2 entries, a size is below 1, {@code pValue} is outside
     *         [0, 1], {@code referenceRankError} is outside [0, 1], or {@code severity} is not the band of {@code value}
     */
    public PsiResult {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("value must be >= 0, but was " + value);
        }
        if (bins == null || binCount < 2 || bins.size() != binCount) {
            throw new IllegalArgumentException("bins must hold binCount >= 2 bins, but binCount was "
                    + binCount + " and bins " + (bins == null ? null : bins.size()));
        }
        if (edges == null || edges.length >= binCount) {
            throw new IllegalArgumentException("edges must have fewer than binCount entries, but had "
                    + (edges == null ? null : edges.length));
        }
        if (referenceSize < 1 || currentSize < 1 || referenceOmitted < 0 || currentOmitted < 0) {
            throw new IllegalArgumentException("sizes must be >= 1 and omitted counts >= 0, but were "
                    + referenceSize + ", " + currentSize + ", " + referenceOmitted + ", " + currentOmitted);
        }
        if (!(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("pValue must be in [0, 1], but was " + pValue);
        }
        if (smoothing == null || severity != PsiSeverity.of(value) || note == null) {
            throw new IllegalArgumentException("smoothing and note must not be null and severity must be "
                    + PsiSeverity.of(value) + ", but were " + smoothing + ", " + note + ", " + severity);
        }
        if (!(referenceRankError >= 0 && referenceRankError <= 1)) {
            throw new IllegalArgumentException("referenceRankError must be in [0, 1], but was "
                    + referenceRankError);
        }
        edges = edges.clone();
        bins = List.copyOf(bins);
    }

    /** The interior edges, a fresh copy. */
    @Override
    public double[] edges() {
        return edges.clone();
    }

    /** Equal when every component is equal, the edges compared element by element. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PsiResult r && Double.compare(value, r.value) == 0 && binCount == r.binCount
                && java.util.Arrays.equals(edges, r.edges) && bins.equals(r.bins)
                && referenceSize == r.referenceSize && currentSize == r.currentSize
                && referenceOmitted == r.referenceOmitted && currentOmitted == r.currentOmitted
                && smoothing == r.smoothing && Double.compare(alpha, r.alpha) == 0 && severity == r.severity
                && Double.compare(pValue, r.pValue) == 0 && note.equals(r.note)
                && Double.compare(referenceRankError, r.referenceRankError) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(value, binCount, bins, referenceSize, currentSize, pValue)
                + java.util.Arrays.hashCode(edges);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "PsiResult[value=%s, severity=%s, pValue=%s, bins=%d, "
                + "N=%d, M=%d, top=%s%s]", value, severity, pValue, binCount, referenceSize, currentSize,
                topBin().label(), note.isEmpty() ? "" : ", note=" + note);
    }

    /** Whether the value is exact (the reference was not a sketch). */
    public boolean isExact() {
        return referenceRankError == 0;
    }

    /** The bin with the largest contribution to the PSI (the first such bin on a tie). */
    public PsiBin topBin() {
        PsiBin top = bins.get(0);
        for (PsiBin bin : bins) {
            if (bin.contribution() > top.contribution()) {
                top = bin;
            }
        }
        return top;
    }
}
