package io.mllifecycle.drift;

/** How {@link KolmogorovSmirnov} computes the p-value; SciPy's {@code method} of {@code ks_2samp}. */
public enum KsMethod {
    /** {@link #EXACT} when both samples have at most 10 000 values, else {@link #ASYMPTOTIC} (SciPy's rule). */
    AUTO,
    /**
     * The exact null distribution for continuous data, P(D &gt;= d). Falls back to
     * {@link #ASYMPTOTIC}, saying so in {@link KsResult#note()}, when it cannot be computed in
     * double precision.
     */
    EXACT,
    /**
     * Two-sided: the one-sample Kolmogorov distribution {@code kstwo.sf(d, round(n m / (n + m)))};
     * one-sided: Hodges' approximation, as SciPy.
     */
    ASYMPTOTIC
}
