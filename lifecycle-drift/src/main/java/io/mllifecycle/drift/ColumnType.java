package io.mllifecycle.drift;

/** The kind of a column: it decides which statistics apply. */
public enum ColumnType {
    /** {@code double[]} values; {@code NaN} is missing. */
    NUMERIC,
    /** {@code String[]} values; {@code null} is missing. */
    CATEGORICAL
}
