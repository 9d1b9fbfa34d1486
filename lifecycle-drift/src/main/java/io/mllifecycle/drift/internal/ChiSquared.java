package io.mllifecycle.drift.internal;

import org.apache.commons.math3.special.Gamma;

/** Upper tail of the chi-square distribution, accurate for tiny probabilities. */
public final class ChiSquared {

    private ChiSquared() {}

    /**
     * P(X ≥ x) for X ~ χ²(dof). Computed as the regularised upper incomplete gamma function
     * Q(dof/2, x/2) directly — not as {@code 1 - cdf}, which would round every p below about
     * 1e-16 to zero.
     */
    public static double survival(double dof, double x) {
        if (!(x > 0)) {
            return 1.0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 0.0;
        }
        double q = Gamma.regularizedGammaQ(dof / 2, x / 2, 1e-16, Integer.MAX_VALUE);
        return Math.min(1.0, Math.max(0.0, q));
    }
}
