package io.mllifecycle.quality;

import io.mllifecycle.drift.ColumnType;
import io.mllifecycle.store.spi.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One named check on a table of data, built by {@link DataQualitySuite.Builder}. Every constructor checks its
 * arguments at once and throws an {@link IllegalArgumentException} naming the argument, the value and what was
 * expected.
 *
 * <p>Missing values ({@code NaN} in a numeric column, {@code null} in a categorical one) are handled as in Great
 * Expectations' column map expectations: {@link Completeness} counts them; {@link Range}, {@link Categories} and
 * {@link Unique} skip them (a row whose key has a missing part is not compared, as SQL's {@code UNIQUE}), so pair
 * those with a completeness expectation where a value must be present. {@code mostly} (in (0, 1], default 1) is
 * the share of the checked values that must satisfy the expectation, as Great Expectations' {@code mostly}
 * argument; an expectation with nothing to check passes. An expectation on a column the data does not have, or
 * of the wrong type, fails with an observed value that says so (it is never an exception at evaluation, so one
 * report shows everything that is wrong with the data).
 */
public sealed interface Expectation permits Expectation.Schema, Expectation.Completeness, Expectation.Range,
        Expectation.Categories, Expectation.Unique, Expectation.RowCount, Expectation.Custom {

    /** @return the name the report uses, unique within a suite */
    String name();

    /** @return the kind as in the suite's JSON: {@code schema}, {@code completeness}, {@code range} … */
    String kind();

    /** @return what the data must satisfy, as a person reads it */
    String expected();

    /**
     * The data has these columns with these types; with {@code exact}, no other columns.
     *
     * @param types column → type, at least one (kept sorted by column; the data's column order is not checked)
     */
    record Schema(String name, Map<String, ColumnType> types, boolean exact) implements Expectation {
        public Schema {
            Checks.name("name", name);
            Checks.notNull("types of '" + name + "'", types);
            if (types.isEmpty()) {
                throw new IllegalArgumentException("types of '" + name + "' must name at least one column, but was"
                        + " empty");
            }
            // sorted, so that reports and the JSON form do not depend on the order of the caller's map
            Map<String, ColumnType> copy = new TreeMap<>();
            types.forEach((c, t) -> copy.put(Checks.key("column of '" + name + "'", c),
                    Checks.notNull("type of column '" + c + "' in '" + name + "'", t)));
            types = Collections.unmodifiableMap(copy);
        }

        @Override
        public String kind() {
            return "schema";
        }

        @Override
        public String expected() {
            List<String> parts = new ArrayList<>();
            types.forEach((c, t) -> parts.add("'" + c + "' " + t));
            return "columns " + String.join(", ", parts) + (exact ? " and no others" : "");
        }
    }

    /**
     * At least {@code atLeast} of the rows have a value in {@code column} (Deequ's {@code hasCompleteness}).
     *
     * @param atLeast share in [0, 1]
     */
    record Completeness(String name, String column, double atLeast) implements Expectation {
        public Completeness {
            Checks.name("name", name);
            Checks.key("column of '" + name + "'", column);
            share("atLeast of '" + name + "'", atLeast, true);
        }

        @Override
        public String kind() {
            return "completeness";
        }

        @Override
        public String expected() {
            return "share of non-missing values of '" + column + "' ≥ " + Text.fmt(atLeast);
        }
    }

    /**
     * The values of a numeric column lie in {@code [min, max]}, both inclusive; an infinite bound leaves that
     * side open. Missing values are skipped; ±∞ are values like any other.
     */
    record Range(String name, String column, double min, double max, double mostly) implements Expectation {
        public Range {
            Checks.name("name", name);
            Checks.key("column of '" + name + "'", column);
            if (Double.isNaN(min) || Double.isNaN(max) || min > max || min == Double.POSITIVE_INFINITY
                    || max == Double.NEGATIVE_INFINITY
                    || (min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("bounds of '" + name + "' must be ordered (min ≤ max), not NaN,"
                        + " min < ∞, max > -∞ and not both infinite, but were [" + min + ", " + max + "]");
            }
            share("mostly of '" + name + "'", mostly, false);
        }

        @Override
        public String kind() {
            return "range";
        }

        @Override
        public String expected() {
            return Text.mostly(mostly) + " values of '" + column + "' " + bounds();
        }

        String bounds() {
            return min == Double.NEGATIVE_INFINITY ? "≤ " + Text.fmt(max)
                    : max == Double.POSITIVE_INFINITY ? "≥ " + Text.fmt(min)
                    : "in [" + Text.fmt(min) + ", " + Text.fmt(max) + "]";
        }
    }

    /**
     * The values of a categorical column are among {@code allowed} (kept sorted); missing values are skipped.
     */
    record Categories(String name, String column, Set<String> allowed, double mostly) implements Expectation {
        public Categories {
            Checks.name("name", name);
            Checks.key("column of '" + name + "'", column);
            Checks.notNull("allowed of '" + name + "'", allowed);
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("allowed of '" + name + "' must hold at least one value, but was"
                        + " empty");
            }
            // sorted, so that the report and the JSON form do not depend on the caller's set's order
            Set<String> copy = new TreeSet<>();
            for (String v : allowed) {
                copy.add(Checks.notNull("each allowed value of '" + name + "'", v));
            }
            allowed = Collections.unmodifiableSet(copy);
            share("mostly of '" + name + "'", mostly, false);
        }

        @Override
        public String kind() {
            return "categories";
        }

        @Override
        public String expected() {
            return Text.mostly(mostly) + " values of '" + column + "' in " + Text.values(allowed, 20);
        }
    }

    /**
     * No two rows have the same key ({@code keyColumns}, one or more columns; Deequ's {@code isPrimaryKey}).
     * Rows with a missing key part are not compared. Evaluating it keeps every distinct key in a hash set: about
     * 100 bytes per distinct row plus the key's strings, so it is the one expectation whose memory grows with the
     * data.
     */
    record Unique(String name, List<String> keyColumns) implements Expectation {
        public Unique {
            Checks.name("name", name);
            Checks.notNull("keyColumns of '" + name + "'", keyColumns);
            if (keyColumns.isEmpty()) {
                throw new IllegalArgumentException("keyColumns of '" + name + "' must name at least one column, but"
                        + " was empty");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (String c : keyColumns) {
                if (!seen.add(Checks.key("key column of '" + name + "'", c))) {
                    throw new IllegalArgumentException("keyColumns of '" + name + "' must name each column once, but"
                            + " named '" + c + "' twice");
                }
            }
            keyColumns = List.copyOf(seen);
        }

        @Override
        public String kind() {
            return "unique";
        }

        @Override
        public String expected() {
            return "each " + (keyColumns.size() == 1 ? "value of '" + keyColumns.get(0) + "'"
                    : "combination of " + Text.values(keyColumns, 20)) + " at most once";
        }
    }

    /** The data has between {@code min} and {@code max} rows, both inclusive. */
    record RowCount(String name, long min, long max) implements Expectation {
        public RowCount {
            Checks.name("name", name);
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("row count bounds of '" + name + "' must satisfy 0 ≤ min ≤ max,"
                        + " but were [" + min + ", " + max + "]");
            }
        }

        @Override
        public String kind() {
            return "row_count";
        }

        @Override
        public String expected() {
            return max == Long.MAX_VALUE ? "≥ " + min + " rows" : "between " + min + " and " + max + " rows";
        }
    }

    /**
     * A condition on each row (Deequ's {@code satisfies}). A row for which {@code test} throws counts as failing,
     * with the exception in the observed value. Missing values are the predicate's to handle.
     *
     * @param predicate the key of {@code test} in a suite's JSON form, resolved on loading
     */
    record Custom(String name, String predicate, Predicate<DataRow> test, double mostly) implements Expectation {
        public Custom {
            Checks.name("name", name);
            Checks.key("predicate of '" + name + "'", predicate);
            Checks.notNull("test of '" + name + "'", test);
            share("mostly of '" + name + "'", mostly, false);
        }

        @Override
        public String kind() {
            return "predicate";
        }

        @Override
        public String expected() {
            return "predicate '" + predicate + "' holds for " + Text.mostly(mostly) + " rows";
        }
    }

    private static void share(String argument, double value, boolean zeroAllowed) {
        if (!(value <= 1 && (zeroAllowed ? value >= 0 : value > 0))) {
            throw new IllegalArgumentException(argument + " must be in " + (zeroAllowed ? "[0, 1]" : "(0, 1]")
                    + ", but was " + value);
        }
    }
}
