package io.mllifecycle.drift.estimation;

/**
 * One estimated metric of one window.
 *
 * @param metric        the metric
 * @param value         the estimate, in [0, 1]
 * @param standardError the standard deviation of the realised metric around the estimate when labels
 *                      are drawn from the calibrated probabilities, at least 0
 * @param lower         lower end of the band, value − k · standardError, clipped to [0, 1]
 * @param upper         upper end of the band, value + k · standardError, clipped to [0, 1]
 */
public record MetricEstimate(Metric metric, double value, double standardError, double lower, double upper) {

    /** @throws IllegalArgumentException if a component is out of range */
    public MetricEstimate {
        if (metric == null) {
            throw new IllegalArgumentException("metric must not be null");
        }
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(metric + " estimate must be in [0, 1], but was " + value);
        }
        if (!(standardError >= 0.0) || Double.isInfinite(standardError)) {
            throw new IllegalArgumentException("standardError must be finite and >= 0, but was " + standardError);
        }
        if (!(lower >= 0.0 && lower <= value && value <= upper && upper <= 1.0)) {
            throw new IllegalArgumentException("the band must satisfy 0 <= lower <= value <= upper <= 1, but was ["
                    + lower + ", " + upper + "] around " + value);
        }
    }

    /** Whether {@code realised} lies in [lower, upper]. */
    public boolean covers(double realised) {
        return realised >= lower && realised <= upper;
    }
}
