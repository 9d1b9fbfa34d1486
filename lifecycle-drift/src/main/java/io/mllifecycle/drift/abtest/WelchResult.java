package io.mllifecycle.drift.abtest;

/**
 * Welch's unequal-variance t-test of treatment against control.
 *
 * @param difference       treatment mean − control mean
 * @param standardError    sqrt(s_c²/n_c + s_t²/n_t), positive
 * @param t                difference / standardError
 * @param degreesOfFreedom Welch–Satterthwaite degrees of freedom, at least 1
 * @param pValue           in [0, 1], for {@code alternative}
 * @param alternative      the alternative hypothesis
 */
public record WelchResult(double difference, double standardError, double t, double degreesOfFreedom,
        double pValue, Alternative alternative) {

    /** @throws IllegalArgumentException if a component is out of range */
    public WelchResult {
        if (!Double.isFinite(difference) || !(standardError > 0.0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException("difference, standardError and t must be finite (standardError > 0), "
                    + "but were " + difference + ", " + standardError + " and " + t);
        }
        if (!(degreesOfFreedom >= 1.0) || Double.isInfinite(degreesOfFreedom)) {
            throw new IllegalArgumentException("degreesOfFreedom must be finite and >= 1, but was " + degreesOfFreedom);
        }
        if (!(pValue >= 0.0 && pValue <= 1.0)) {
            throw new IllegalArgumentException("pValue must be in [0, 1], but was " + pValue);
        }
        if (alternative == null) {
            throw new IllegalArgumentException("alternative must not be null");
        }
    }
}
