package io.mllifecycle.drift;

/**
 * How bin shares are formed from counts before the PSI, so that an empty bin does not make
 * {@code ln(a/e)} infinite.
 */
public enum Smoothing {
    /**
     * Additive smoothing (the default): a bin's share is {@code (count + α) / (total + α·B′)}, so
     * every share is positive and the shares of each side still sum to one.
     */
    SMOOTHED,
    /**
     * The common industry convention: raw shares {@code count / total}, a zero share replaced by
     * {@code 1e-4}, no renormalisation. Use it to reproduce numbers from other tools.
     */
    EPSILON_FLOOR
}
