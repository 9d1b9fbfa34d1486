package io.mllifecycle.drift;

/**
 * Wasserstein-1 distance between a reference and a current sample.
 *
 * @param distance                   W1 = ∫ |F(x) - G(x)| dx, in the unit of the data, at least 0
 * @param referenceStandardDeviation population standard deviation (divisor n) of the reference, at least 0
 * @param standardized               whether {@link #value()} is divided by the reference standard deviation
 * @param n                          reference values used
 * @param m                          current values used
 * @param referenceNanOmitted        reference values left out as missing
 * @param currentNanOmitted          current values left out as missing
 */
public record WassersteinResult(double distance, double referenceStandardDeviation, boolean standardized,
        int n, int m, int referenceNanOmitted, int currentNanOmitted) {

    /** @throws IllegalArgumentException if a component is out of its range */
    public WassersteinResult {
        if (!(distance >= 0.0) || Double.isInfinite(distance)) {
            throw new IllegalArgumentException("distance must be finite and >= 0, but was " + distance);
        }
        if (!(referenceStandardDeviation >= 0.0) || Double.isInfinite(referenceStandardDeviation)) {
            throw new IllegalArgumentException("referenceStandardDeviation must be finite and >= 0, but was "
                    + referenceStandardDeviation);
        }
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException("n and m must be >= 1, but were " + n + " and " + m);
        }
        if (referenceNanOmitted < 0 || currentNanOmitted < 0) {
            throw new IllegalArgumentException("NaN counts must be >= 0");
        }
    }

    /**
     * The requested value: {@link #distance()}, or when {@link #standardized()} the distance divided
     * by the reference standard deviation (+∞ if that is 0 and the distance is not, 0 if both are 0).
     */
    public double value() {
        if (!standardized) {
            return distance;
        }
        if (referenceStandardDeviation == 0.0) {
            return distance == 0.0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return distance / referenceStandardDeviation;
    }
}
