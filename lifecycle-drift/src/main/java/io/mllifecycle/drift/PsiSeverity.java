package io.mllifecycle.drift;

/** The usual PSI bands: below 0.1 none, from 0.1 to below 0.25 moderate, 0.25 and above significant. */
public enum PsiSeverity {
    /** PSI below 0.1. */
    NONE,
    /** PSI at least 0.1 and below 0.25. */
    MODERATE,
    /** PSI at least 0.25. */
    SIGNIFICANT;

    /**
     * Returns the band of a PSI value.
     *
     * @throws IllegalArgumentException if {@code psi} is negative or NaN
     */
    public static PsiSeverity of(double psi) {
        if (!(psi >= 0)) {
            throw new IllegalArgumentException("psi must be a non-negative number, but was " + psi);
        }
        return psi < 0.1 ? NONE : psi < 0.25 ? MODERATE : SIGNIFICANT;
    }
}
