package io.mllifecycle.drift.abtest;

/**
 * A two-proportion z-test of treatment against control.
 *
 * @param difference    treatment rate − control rate
 * @param standardError the pooled standard error sqrt(p̄ (1 − p̄) (1/n_c + 1/n_t)), positive
 * @param z             difference / standardError
 * @param pValue        in [0, 1], for {@code alternative}
 * @param alternative   the alternative hypothesis
 */
public record ZTestResult(double difference, double standardError, double z, double pValue, Alternative alternative) {

    /** @throws IllegalArgumentException if a component is out of range */
    public ZTestResult {
        if (!Double.isFinite(difference) || !(standardError > 0.0) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("difference, standardError and z must be finite (standardError > 0), "
                    + "but were " + difference + ", " + standardError + " and " + z);
        }
        if (!(pValue >= 0.0 && pValue <= 1.0)) {
            throw new IllegalArgumentException("pValue must be in [0, 1], but was " + pValue);
        }
        if (alternative == null) {
            throw new IllegalArgumentException("alternative must not be null");
        }
    }
}
