package io.mllifecycle.drift;

/**
 * Pearson's chi-square test of homogeneity on the 2×K table of reference and current counts.
 *
 * @param statistic        Σ (observed − expected)² / expected, ≥ 0
 * @param pValue           P(χ²(dof) ≥ statistic), in [0, 1]; 1 when {@code degreesOfFreedom} is 0
 * @param degreesOfFreedom K − 1, ≥ 0
 * @param referenceSize    reference values counted, ≥ 1
 * @param currentSize      current values counted, ≥ 1
 * @param topCategory      the column that contributed most to the statistic
 */
public record ChiSquareResult(double statistic, double pValue, int degreesOfFreedom,
        long referenceSize, long currentSize, String topCategory) {

    /**
     * Rejects impossible values.
     *
     * @throws IllegalArgumentException if a value is out of its range or {@code topCategory} is null
     */
    public ChiSquareResult {
        if (!(statistic >= 0) || !(pValue >= 0 && pValue <= 1) || degreesOfFreedom < 0) {
            throw new IllegalArgumentException("statistic must be >= 0, pValue in [0, 1] and "
                    + "degreesOfFreedom >= 0, but were " + statistic + ", " + pValue + ", " + degreesOfFreedom);
        }
        if (referenceSize < 1 || currentSize < 1) {
            throw new IllegalArgumentException("sizes must be >= 1, but were " + referenceSize
                    + " and " + currentSize);
        }
        if (topCategory == null) {
            throw new IllegalArgumentException("topCategory must not be null");
        }
    }
}
