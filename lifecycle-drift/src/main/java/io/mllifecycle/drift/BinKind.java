package io.mllifecycle.drift;

/** What a bin of a binned statistic holds. */
public enum BinKind {
    /** A numeric range {@code (lower, upper]} fitted on the reference. */
    RANGE,
    /** One category seen in the reference. */
    CATEGORY,
    /** Current categories that the reference never had. */
    UNSEEN,
    /** Missing values ({@code NaN} or {@code null}), when they are binned. */
    MISSING
}
