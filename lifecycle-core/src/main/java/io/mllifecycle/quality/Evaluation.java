package io.mllifecycle.quality;

import io.mllifecycle.drift.ColumnType;
import io.mllifecycle.drift.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a suite in one pass over the rows: each expectation becomes a {@link Check} that sees every row once
 * and keeps counters and at most the example limit of rows (only {@link Expectation.Unique} keeps a set).
 */
final class Evaluation {
    private Evaluation() {}

    static DataQualityReport run(DataQualitySuite suite, Table data) {
        int rows = rows(data);
        TableRow row = new TableRow(data);
        List<Check> checks = new ArrayList<>();
        for (Expectation e : suite.expectations()) {
            checks.add(check(e, data, rows, suite.maxExamples()));
        }
        List<Check> perRow = checks.stream().filter(Check::scans).toList();
        for (int i = 0; i < rows; i++) {
            row.index = i;
            for (Check c : perRow) {
                c.row(i, row);
            }
        }
        List<ExpectationResult> results = new ArrayList<>(checks.size());
        checks.forEach(c -> results.add(c.finish()));
        return new DataQualityReport(suite.name(), rows, results);
    }

    /** Columns of a table may differ in length; data to check must be rectangular. */
    private static int rows(Table data) {
        int rows = -1;
        String first = null;
        for (String c : data.names()) {
            int n = length(data, c);
            if (rows < 0) {
                rows = n;
                first = c;
            } else if (n != rows) {
                throw new IllegalArgumentException("data must have columns of equal length, but column '" + c
                        + "' has " + n + " values and '" + first + "' has " + rows);
            }
        }
        return Math.max(rows, 0);
    }

    private static int length(Table data, String column) {
        return data.type(column) == ColumnType.NUMERIC ? data.numeric(column).length : data.categorical(column).length;
    }

    private static Check check(Expectation e, Table data, int rows, int max) {
        if (e instanceof Expectation.Schema s) {
            return schemaCheck(s, data);
        }
        if (e instanceof Expectation.RowCount r) {
            boolean ok = rows >= r.min() && rows <= r.max();
            return Check.fixed(new ExpectationResult(r.name(), r.kind(), ok, rows + " rows", r.expected(), rows,
                    ok ? 0 : 1, List.of()));
        }
        if (e instanceof Expectation.Custom c) {
            return new CustomCheck(c, data, max);
        }
        List<String> columns = e instanceof Expectation.Unique u ? u.keyColumns()
                : List.of(e instanceof Expectation.Completeness c ? c.column()
                        : e instanceof Expectation.Range r ? r.column() : ((Expectation.Categories) e).column());
        for (String column : columns) {
            if (!data.has(column)) {
                return Check.fixed(new ExpectationResult(e.name(), e.kind(), false, "column '" + column
                        + "' does not exist in the data (its columns are " + data.names() + ")", e.expected(), 0, 0,
                        List.of()));
            }
        }
        if (e instanceof Expectation.Completeness c) {
            return new CompletenessCheck(c, data, rows, max);
        }
        if (e instanceof Expectation.Range r) {
            return data.type(r.column()) == ColumnType.NUMERIC ? new RangeCheck(r, data, max)
                    : wrongType(e, r.column(), ColumnType.CATEGORICAL, ColumnType.NUMERIC);
        }
        if (e instanceof Expectation.Categories c) {
            return data.type(c.column()) == ColumnType.CATEGORICAL ? new CategoriesCheck(c, data, max)
                    : wrongType(e, c.column(), ColumnType.NUMERIC, ColumnType.CATEGORICAL);
        }
        return new UniqueCheck((Expectation.Unique) e, data, max);
    }

    private static Check wrongType(Expectation e, String column, ColumnType actual, ColumnType needed) {
        return Check.fixed(new ExpectationResult(e.name(), e.kind(), false, "column '" + column + "' is " + actual,
                e.expected() + " (a " + needed + " column)", 0, 0, List.of()));
    }

    /** Passes the checked share test of {@code mostly}; nothing checked passes. */
    static boolean meets(long checked, long unexpected, double mostly) {
        return unexpected == 0 || (checked > 0 && (double) (checked - unexpected) / checked >= mostly);
    }

    static @Nullable Object value(Table data, String column, int row) {
        if (data.type(column) == ColumnType.NUMERIC) {
            return data.numeric(column)[row];
        }
        return data.categorical(column)[row];
    }

    /** One expectation's state during the pass. */
    abstract static class Check {
        final int max;
        final List<OffendingRow> examples = new ArrayList<>();

        Check(int max) {
            this.max = max;
        }

        boolean scans() {
            return true;
        }

        abstract void row(int i, DataRow row);

        abstract ExpectationResult finish();

        void example(int i, Map<String, @Nullable Object> values, String note) {
            if (examples.size() < max) {
                examples.add(new OffendingRow(i, values, note));
            }
        }

        void example(int i, String column, @Nullable Object value) {
            if (examples.size() < max) {
                Map<String, @Nullable Object> m = new LinkedHashMap<>();
                m.put(column, value);
                examples.add(new OffendingRow(i, m, ""));
            }
        }

        static Check fixed(ExpectationResult result) {
            return new Check(0) {
                @Override
                boolean scans() {
                    return false;
                }

                @Override
                void row(int i, DataRow row) {}

                @Override
                ExpectationResult finish() {
                    return result;
                }
            };
        }
    }

    /** A schema is checked against the column names and types alone: its result is known before any row. */
    private static Check schemaCheck(Expectation.Schema s, Table data) {
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        s.types().forEach((c, t) -> {
            if (!data.has(c)) {
                missing.add(c);
            } else if (data.type(c) != t) {
                problems.add("'" + c + "' is " + data.type(c) + ", not " + t);
            }
        });
        if (!missing.isEmpty()) {
            problems.add(0, "missing columns " + missing);
        }
        if (s.exact()) {
            List<String> extra = data.names().stream().filter(c -> !s.types().containsKey(c)).toList();
            if (!extra.isEmpty()) {
                problems.add("unexpected columns " + extra);
            }
        }
        return Check.fixed(new ExpectationResult(s.name(), s.kind(), problems.isEmpty(), problems.isEmpty()
                ? "columns and types as expected" : String.join("; ", problems), s.expected(), s.types().size(),
                problems.size(), List.of()));
    }

    private static final class CompletenessCheck extends Check {
        private final Expectation.Completeness e;
        private final double[] numbers;
        private final String[] categories;
        private final int rows;
        private long missing;

        CompletenessCheck(Expectation.Completeness e, Table data, int rows, int max) {
            super(max);
            this.e = e;
            this.rows = rows;
            boolean numeric = data.type(e.column()) == ColumnType.NUMERIC;
            this.numbers = numeric ? data.numeric(e.column()) : null;
            this.categories = numeric ? null : data.categorical(e.column());
        }

        @Override
        void row(int i, DataRow row) {
            if (numbers != null ? Double.isNaN(numbers[i]) : categories[i] == null) {
                missing++;
                example(i, e.column(), numbers != null ? (Object) numbers[i] : null);
            }
        }

        @Override
        ExpectationResult finish() {
            double share = rows == 0 ? 1 : (double) (rows - missing) / rows;
            boolean ok = share >= e.atLeast();
            String observed = rows == 0 ? "no rows" : Text.fmt(share) + " (" + (rows - missing) + " of " + rows
                    + " present, " + missing + " missing)";
            return new ExpectationResult(e.name(), e.kind(), ok, observed, e.expected(), rows, missing,
                    missing == 0 ? List.of() : examples);
        }
    }

    private static final class RangeCheck extends Check {
        private final Expectation.Range e;
        private final double[] values;
        private long checked;
        private long outside;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        RangeCheck(Expectation.Range e, Table data, int limit) {
            super(limit);
            this.e = e;
            this.values = data.numeric(e.column());
        }

        @Override
        void row(int i, DataRow row) {
            double v = values[i];
            if (Double.isNaN(v)) {
                return;
            }
            checked++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (v < e.min() || v > e.max()) {
                outside++;
                example(i, e.column(), v);
            }
        }

        @Override
        ExpectationResult finish() {
            boolean ok = meets(checked, outside, e.mostly());
            String observed = checked == 0 ? "no non-missing values"
                    : outside + " of " + checked + " values outside " + e.bounds().replace("in ", "") + " (min "
                            + Text.fmt(min) + ", max " + Text.fmt(max) + ")";
            return new ExpectationResult(e.name(), e.kind(), ok, observed, e.expected(), checked, outside,
                    outside == 0 ? List.of() : examples);
        }
    }

    private static final class CategoriesCheck extends Check {
        private static final int DISTINCT_SHOWN = 10;
        private final Expectation.Categories e;
        private final String[] values;
        private final Map<String, Long> unexpectedValues = new LinkedHashMap<>();
        private long checked;
        private long unexpected;

        CategoriesCheck(Expectation.Categories e, Table data, int max) {
            super(max);
            this.e = e;
            this.values = data.categorical(e.column());
        }

        @Override
        void row(int i, DataRow row) {
            String v = values[i];
            if (v == null) {
                return;
            }
            checked++;
            if (!e.allowed().contains(v)) {
                unexpected++;
                example(i, e.column(), v);
                // bounded: only the first few distinct unexpected values are counted by value
                if (unexpectedValues.containsKey(v) || unexpectedValues.size() < DISTINCT_SHOWN) {
                    unexpectedValues.merge(v, 1L, Long::sum);
                }
            }
        }

        @Override
        ExpectationResult finish() {
            boolean ok = meets(checked, unexpected, e.mostly());
            StringBuilder observed = new StringBuilder(checked == 0 ? "no non-missing values"
                    : unexpected + " of " + checked + " values not allowed");
            if (unexpected > 0) {
                List<String> shown = new ArrayList<>();
                unexpectedValues.forEach((v, n) -> shown.add("'" + v + "' ×" + n));
                observed.append(": ").append(String.join(", ", shown));
                long counted = unexpectedValues.values().stream().mapToLong(Long::longValue).sum();
                if (counted < unexpected) {
                    observed.append(", … (").append(unexpected - counted).append(" more)");
                }
            }
            return new ExpectationResult(e.name(), e.kind(), ok, observed.toString(), e.expected(), checked,
                    unexpected, unexpected == 0 ? List.of() : examples);
        }
    }

    private static final class UniqueCheck extends Check {
        private final Expectation.Unique e;
        private final Object[] columns;
        private final Map<Object, Integer> firstRow = new HashMap<>();
        private long checked;
        private long duplicates;

        UniqueCheck(Expectation.Unique e, Table data, int max) {
            super(max);
            this.e = e;
            this.columns = new Object[e.keyColumns().size()];
            for (int k = 0; k < columns.length; k++) {
                String c = e.keyColumns().get(k);
                columns[k] = data.type(c) == ColumnType.NUMERIC ? data.numeric(c) : data.categorical(c);
            }
        }

        private @Nullable Object part(int k, int i) {
            if (columns[k] instanceof double[] d) {
                // -0.0 and 0.0 are one key; NaN is missing
                return Double.isNaN(d[i]) ? null : (Object) (d[i] == 0 ? 0.0 : d[i]);
            }
            return ((String[]) columns[k])[i];
        }

        @Override
        void row(int i, DataRow row) {
            Object key;
            if (columns.length == 1) {
                key = part(0, i);
                if (key == null) {
                    return;
                }
            } else {
                List<Object> parts = new ArrayList<>(columns.length);
                for (int k = 0; k < columns.length; k++) {
                    Object p = part(k, i);
                    if (p == null) {
                        return;
                    }
                    parts.add(p);
                }
                key = parts;
            }
            checked++;
            Integer first = firstRow.putIfAbsent(key, i);
            if (first != null) {
                duplicates++;
                if (examples.size() < max) {
                    Map<String, @Nullable Object> values = new LinkedHashMap<>();
                    for (int k = 0; k < columns.length; k++) {
                        values.put(e.keyColumns().get(k), columns[k] instanceof double[] d ? (Object) d[i]
                                : ((String[]) columns[k])[i]);
                    }
                    example(i, values, "same key as row " + first);
                }
            }
        }

        @Override
        ExpectationResult finish() {
            boolean ok = duplicates == 0;
            String observed = checked == 0 ? "no rows with a complete key" : duplicates + " duplicate(s) among "
                    + checked + " keyed rows (" + firstRow.size() + " distinct keys)";
            return new ExpectationResult(e.name(), e.kind(), ok, observed, e.expected(), checked, duplicates,
                    examples);
        }
    }

    private static final class CustomCheck extends Check {
        private final Expectation.Custom e;
        private final Table data;
        private long checked;
        private long failing;
        private String firstError;

        CustomCheck(Expectation.Custom e, Table data, int max) {
            super(max);
            this.e = e;
            this.data = data;
        }

        @Override
        void row(int i, DataRow row) {
            checked++;
            String error = null;
            boolean ok;
            try {
                ok = e.test().test(row);
            } catch (RuntimeException ex) {
                ok = false;
                error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                if (firstError == null) {
                    firstError = "row " + i + " threw " + error;
                }
            }
            if (!ok) {
                failing++;
                if (examples.size() < max) {
                    Map<String, @Nullable Object> values = new LinkedHashMap<>();
                    for (String c : data.names()) {
                        values.put(c, value(data, c, i));
                    }
                    example(i, values, error == null ? "" : "threw " + error);
                }
            }
        }

        @Override
        ExpectationResult finish() {
            boolean ok = meets(checked, failing, e.mostly());
            String observed = checked == 0 ? "no rows" : failing + " of " + checked + " rows fail"
                    + (firstError == null ? "" : " (" + firstError + ")");
            return new ExpectationResult(e.name(), e.kind(), ok, observed, e.expected(), checked, failing,
                    failing == 0 ? List.of() : examples);
        }
    }

    /** The {@link DataRow} a predicate sees; moved from row to row, never copied. */
    private static final class TableRow implements DataRow {
        private final Table data;
        int index;

        TableRow(Table data) {
            this.data = data;
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public Set<String> columns() {
            return data.names();
        }

        @Override
        public double number(String column) {
            return data.numeric(column)[index];
        }

        @Override
        public @Nullable String category(String column) {
            return data.categorical(column)[index];
        }

        @Override
        public boolean missing(String column) {
            Object v = value(data, column, index);
            return v == null || (v instanceof Double d && d.isNaN());
        }
    }
}
