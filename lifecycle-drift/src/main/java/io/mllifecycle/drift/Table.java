package io.mllifecycle.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named columns for {@link DriftDetector}: numeric ({@code double[]}, {@code NaN} missing) or
 * categorical ({@code String[]}, {@code null} missing). Columns keep their insertion order and may
 * have different lengths. The arrays are not copied: do not modify them while a comparison runs.
 */
public final class Table {

    private final Map<String, Object> columns;

    private Table(Map<String, Object> columns) {
        this.columns = Collections.unmodifiableMap(columns);
    }

    /** A builder of a table. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A table from a map of column name to {@code double[]} or {@code String[]}.
     *
     * @throws IllegalArgumentException if the map, a name or an array is null, or a value is of
     *         another type (the column and the type are named)
     */
    public static Table of(Map<String, ?> columns) {
        if (columns == null) {
            throw new IllegalArgumentException("columns must not be null");
        }
        Builder builder = builder();
        for (Map.Entry<String, ?> e : columns.entrySet()) {
            Object v = e.getValue();
            if (v instanceof double[] d) {
                builder.numeric(e.getKey(), d);
            } else if (v instanceof String[] s) {
                builder.categorical(e.getKey(), s);
            } else {
                throw new IllegalArgumentException("column '" + e.getKey() + "' must be a double[] or a String[], but was "
                        + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
        return builder.build();
    }

    /** The column names in insertion order. */
    public Set<String> names() {
        return columns.keySet();
    }

    /** Whether the table has a column of that name. */
    public boolean has(String name) {
        return columns.containsKey(name);
    }

    /**
     * The type of a column.
     *
     * @throws IllegalArgumentException if there is no such column
     */
    public ColumnType type(String name) {
        return column(name) instanceof double[] ? ColumnType.NUMERIC : ColumnType.CATEGORICAL;
    }

    /** The values of a numeric column (not a copy). @throws IllegalArgumentException if absent or categorical */
    public double[] numeric(String name) {
        if (column(name) instanceof double[] d) {
            return d;
        }
        throw new IllegalArgumentException("column '" + name + "' is categorical, not numeric");
    }

    /** The values of a categorical column (not a copy). @throws IllegalArgumentException if absent or numeric */
    public String[] categorical(String name) {
        if (column(name) instanceof String[] s) {
            return s;
        }
        throw new IllegalArgumentException("column '" + name + "' is numeric, not categorical");
    }

    private Object column(String name) {
        Object v = columns.get(name);
        if (v == null) {
            throw new IllegalArgumentException("column '" + name + "' does not exist; columns are " + names());
        }
        return v;
    }

    /** Collects columns; each name once. */
    public static final class Builder {
        private final Map<String, Object> columns = new LinkedHashMap<>();

        private Builder() {}

        /** Adds a numeric column. @throws IllegalArgumentException if an argument is null or the name is taken */
        public Builder numeric(String name, double[] values) {
            return add(name, values);
        }

        /** Adds a categorical column. @throws IllegalArgumentException if an argument is null or the name is taken */
        public Builder categorical(String name, String[] values) {
            return add(name, values);
        }

        private Builder add(String name, Object values) {
            if (name == null) {
                throw new IllegalArgumentException("column name must not be null");
            }
            if (values == null) {
                throw new IllegalArgumentException("values of column '" + name + "' must not be null");
            }
            if (columns.putIfAbsent(name, values) != null) {
                throw new IllegalArgumentException("column '" + name + "' was already added");
            }
            return this;
        }

        /** The table. */
        public Table build() {
            return new Table(new LinkedHashMap<>(columns));
        }
    }
}
