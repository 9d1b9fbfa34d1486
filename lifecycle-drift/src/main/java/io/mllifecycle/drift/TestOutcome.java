package io.mllifecycle.drift;

import org.jspecify.annotations.Nullable;

/**
 * One statistic computed on one column by {@link DriftDetector}.
 *
 * @param test           which statistic
 * @param statistic      its value (KS D, PSI, chi-square, distance, or for
 *                       {@link DriftTest#MISSING_RATE} the current minus the reference missing rate)
 * @param pValue         its p-value in [0, 1], or NaN when the statistic has none
 * @param adjustedPValue the p-value after the correction across columns when it took part in the
 *                       decision, else NaN
 * @param topBin         the bin or category that contributed most, when the statistic has bins
 */
public record TestOutcome(DriftTest test, double statistic, double pValue, double adjustedPValue,
        @Nullable String topBin) {

    /**
     * Rejects impossible values.
     *
     * @throws IllegalArgumentException if {@code test} is null, {@code statistic} is NaN, or a
     *         p-value is neither NaN nor in [0, 1]
     */
    public TestOutcome {
        if (test == null) {
            throw new IllegalArgumentException("test must not be null");
        }
        if (Double.isNaN(statistic)) {
            throw new IllegalArgumentException("statistic of " + test + " must not be NaN");
        }
        if (!Double.isNaN(pValue) && !(pValue >= 0 && pValue <= 1)
                || !Double.isNaN(adjustedPValue) && !(adjustedPValue >= 0 && adjustedPValue <= 1)) {
            throw new IllegalArgumentException("p-values of " + test + " must be NaN or in [0, 1], but were "
                    + pValue + " and " + adjustedPValue);
        }
    }

    /** Returns a copy with the adjusted p-value set. */
    TestOutcome withAdjusted(double adjusted) {
        return new TestOutcome(test, statistic, pValue, adjusted, topBin);
    }
}
