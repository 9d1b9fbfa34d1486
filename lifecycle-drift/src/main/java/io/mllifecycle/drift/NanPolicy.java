package io.mllifecycle.drift;

/**
 * What a low-level statistic does with {@code NaN} in a numeric sample.
 *
 * <p>Missing values are never dropped silently: with {@link #REJECT} (the default) a {@code NaN}
 * fails the call, and with {@link #OMIT} the result reports how many values were left out.
 */
public enum NanPolicy {
    /** A {@code NaN} fails the call with an {@link IllegalArgumentException} naming its index. */
    REJECT,
    /** {@code NaN}s are left out of the statistic and counted in the result. */
    OMIT
}
