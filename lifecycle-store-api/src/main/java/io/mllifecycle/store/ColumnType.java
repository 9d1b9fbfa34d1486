package io.mllifecycle.store;

/** Kind of a dataset column, which decides the drift statistics applied to it. */
public enum ColumnType {
    NUMERIC, CATEGORICAL
}
