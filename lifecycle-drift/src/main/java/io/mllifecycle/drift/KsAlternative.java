package io.mllifecycle.drift;

/**
 * The alternative hypothesis of the two-sample KS test, with SciPy's meaning. F is the empirical
 * CDF of the reference sample, G that of the current sample.
 */
public enum KsAlternative {
    /** The distributions differ; statistic {@code sup |F - G|}. */
    TWO_SIDED,
    /** The reference CDF lies below the current CDF somewhere; statistic {@code max(0, sup (G - F))}. */
    LESS,
    /** The reference CDF lies above the current CDF somewhere; statistic {@code sup (F - G)}. */
    GREATER
}
