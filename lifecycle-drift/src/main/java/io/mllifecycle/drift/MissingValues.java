package io.mllifecycle.drift;

/**
 * What a binned statistic does with missing values: {@code NaN} in a numeric column, {@code null}
 * in a categorical one. Missing values are never dropped silently.
 */
public enum MissingValues {
    /** A missing value fails the call with an {@link IllegalArgumentException} naming its index. */
    REJECT,
    /** Missing values are left out of the statistic and counted in the result. */
    OMIT,
    /**
     * Missing values get their own {@code MISSING} bin, present when either side has a missing
     * value, so a rise in missing values shows up as drift.
     */
    BIN
}
