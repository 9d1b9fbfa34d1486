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
     * Two-sided: the one-sample Kolmogorov distribution {@code kstwo.sf(d, round(n m / (n + m)))}
     * (round half to even, at least 1: SciPy returns NaN for n = m = 1 where this rounds to 0);
     * one-sided: Hodges' approximation {@code exp(-2 z^2 - 2 z (m + 2n) / sqrt(m n (m + n)) / 3)},
     * {@code z = d sqrt(n m / (n + m))}, m the larger size, as SciPy.
     */
    ASYMPTOTIC
}
