package io.mllifecycle.quality;

import io.mllifecycle.drift.ColumnType;
import io.mllifecycle.drift.Table;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.spi.Checks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An ordered list of named {@link Expectation}s about a data set, evaluated into a {@link DataQualityReport}:
 *
 * <pre>{@code
 * DataQualitySuite suite = DataQualitySuite.builder("churn-training")
 *         .schema("schema", Map.of("age", ColumnType.NUMERIC, "country", ColumnType.CATEGORICAL))
 *         .completeness("age present", "age", 0.95)
 *         .range("age range", "age", 0, 120)
 *         .categories("known country", "country", Set.of("DE", "FR", "NL"))
 *         .unique("one row per customer", "customer_id")
 *         .rowCount("enough rows", 1_000, Long.MAX_VALUE)
 *         .predicate("income positive", row -> row.missing("income") || row.number("income") > 0)
 *         .build();
 * DataQualityReport report = suite.evaluate(table);
 * }</pre>
 *
 * <p>Evaluation is one pass over the rows with memory bounded by the number of expectations and the example
 * limit, except {@link Expectation.Unique}, which keeps a set of the distinct keys. Immutable and thread-safe
 * (as far as the custom predicates are).
 *
 * <p>The JSON form ({@link #toJson()}, {@link #fromJson}) is
 * {@code {"suite":"churn-training","examples":5,"expectations":[{"name":"age range","kind":"range",
 * "column":"age","min":0,"max":120}, …]}} with kinds {@code schema} ({@code columns}: column → {@code NUMERIC}
 * or {@code CATEGORICAL}, {@code exact}), {@code completeness} ({@code column}, {@code atLeast}), {@code range}
 * ({@code column}, {@code min} and/or {@code max}, {@code mostly}), {@code categories} ({@code column},
 * {@code allowed}, {@code mostly}), {@code unique} ({@code columns}), {@code row_count} ({@code min},
 * {@code max}) and {@code predicate} ({@code predicate}: a key the loader resolves, {@code mostly}).
 */
public final class DataQualitySuite {
    /** Default number of example rows a failing expectation reports. */
    public static final int DEFAULT_EXAMPLES = 5;
    /** Largest number of example rows an expectation may report. */
    public static final int MAX_EXAMPLES = 1_000;
    /** Media type of {@link #toJson()}. */
    public static final String MEDIA_TYPE = "application/vnd.mllifecycle.data-quality-suite.v1+json";

    private final String name;
    private final List<Expectation> expectations;
    private final int maxExamples;

    private DataQualitySuite(String name, List<Expectation> expectations, int maxExamples) {
        this.name = name;
        this.expectations = List.copyOf(expectations);
        this.maxExamples = maxExamples;
    }

    /** @return a builder of a suite called {@code name} */
    public static Builder builder(String name) {
        return new Builder(Checks.name("suite name", name));
    }

    /** @return the suite's name */
    public String name() {
        return name;
    }

    /** @return the expectations, in order */
    public List<Expectation> expectations() {
        return expectations;
    }

    /** @return the expectation called {@code name}, if any */
    public Optional<Expectation> expectation(String name) {
        return expectations.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** @return how many example rows a failing expectation reports at most */
    public int maxExamples() {
        return maxExamples;
    }

    /**
     * Evaluates every expectation over {@code data} in one pass.
     *
     * @return a result per expectation, in order
     * @throws IllegalArgumentException if {@code data} is null or its columns differ in length
     */
    public DataQualityReport evaluate(Table data) {
        return Evaluation.run(this, Checks.notNull("data", data));
    }

    /**
     * As {@link #evaluate(Table)} over column → {@code double[]} ({@code NaN} missing) or {@code String[]}
     * ({@code null} missing).
     *
     * @throws IllegalArgumentException if a column is neither, or the columns differ in length
     */
    public DataQualityReport evaluate(Map<String, ?> columns) {
        return evaluate(Table.of(Checks.notNull("columns", columns)));
    }

    /** @return the JSON form (see the class comment); the same suite always gives the same text */
    public String toJson() {
        return SuiteJson.write(this);
    }

    /**
     * Reads a suite without custom predicates.
     *
     * @throws DataQualitySuiteException listing every error in the document
     */
    public static DataQualitySuite fromJson(String json) {
        return fromJson("data quality suite", json, Map.of());
    }

    /**
     * Reads a suite's JSON form, reporting every problem at once.
     *
     * @param source     names the document in errors, e.g. a file name
     * @param predicates the tests {@code predicate} expectations name, by key
     * @throws DataQualitySuiteException listing every error (path and value), e.g. an unknown kind, a missing or
     *         mistyped field, an unknown field, bounds out of order, a duplicate name or an unknown predicate
     */
    public static DataQualitySuite fromJson(String source, String json, Map<String, Predicate<DataRow>> predicates) {
        Checks.name("source", source);
        Checks.notNull("json", json);
        Checks.notNull("predicates", predicates);
        return SuiteJson.read(source, json, predicates);
    }

    /**
     * Reads a suite from a JSON file (UTF-8).
     *
     * @throws DataQualitySuiteException listing every error in the document
     * @throws StoreException if the file cannot be read
     */
    public static DataQualitySuite fromFile(Path file, Map<String, Predicate<DataRow>> predicates) {
        Checks.notNull("file", file);
        try {
            return fromJson(file.toString(), Files.readString(file), predicates);
        } catch (IOException e) {
            throw new StoreException("reading data quality suite " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataQualitySuite s && s.name.equals(name) && s.maxExamples == maxExamples
                && s.expectations.equals(expectations);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + expectations.hashCode();
    }

    @Override
    public String toString() {
        return "DataQualitySuite[" + name + ", " + expectations.size() + " expectations]";
    }

    /** Collects expectations in order; each name once. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Map<String, Expectation> expectations = new LinkedHashMap<>();
        private int maxExamples = DEFAULT_EXAMPLES;

        private Builder(String name) {
            this.name = name;
        }

        /** Adds an expectation. @throws IllegalArgumentException if its name is taken */
        public Builder expect(Expectation expectation) {
            Checks.notNull("expectation", expectation);
            if (expectations.containsKey(expectation.name())) {
                throw new IllegalArgumentException("suite '" + name + "' already has an expectation named '"
                        + expectation.name() + "'; names must be unique");
            }
            expectations.put(expectation.name(), expectation);
            return this;
        }

        /** The data has these columns with these types (other columns allowed). */
        public Builder schema(String name, Map<String, ColumnType> types) {
            return expect(new Expectation.Schema(name, types, false));
        }

        /** The data has exactly these columns with these types. */
        public Builder schemaExactly(String name, Map<String, ColumnType> types) {
            return expect(new Expectation.Schema(name, types, true));
        }

        /** At least {@code atLeast} (in [0, 1]) of the rows have a value in {@code column}. */
        public Builder completeness(String name, String column, double atLeast) {
            return expect(new Expectation.Completeness(name, column, atLeast));
        }

        /** Every non-missing value of numeric {@code column} is in {@code [min, max]}. */
        public Builder range(String name, String column, double min, double max) {
            return range(name, column, min, max, 1);
        }

        /** At least {@code mostly} of the non-missing values of {@code column} are in {@code [min, max]}. */
        public Builder range(String name, String column, double min, double max, double mostly) {
            return expect(new Expectation.Range(name, column, min, max, mostly));
        }

        /** Every non-missing value of categorical {@code column} is one of {@code allowed}. */
        public Builder categories(String name, String column, Set<String> allowed) {
            return categories(name, column, allowed, 1);
        }

        /** At least {@code mostly} of the non-missing values of {@code column} are in {@code allowed}. */
        public Builder categories(String name, String column, Set<String> allowed, double mostly) {
            return expect(new Expectation.Categories(name, column, allowed, mostly));
        }

        /** No two rows share a value of the key columns (rows with a missing key part are not compared). */
        public Builder unique(String name, String... keyColumns) {
            return expect(new Expectation.Unique(name, List.of(Checks.notNull("keyColumns", keyColumns))));
        }

        /** The data has between {@code min} and {@code max} rows, inclusive. */
        public Builder rowCount(String name, long min, long max) {
            return expect(new Expectation.RowCount(name, min, max));
        }

        /** {@code test} holds for every row; its JSON form names it by {@code name}. */
        public Builder predicate(String name, Predicate<DataRow> test) {
            return predicate(name, name, test, 1);
        }

        /** {@code test} holds for at least {@code mostly} of the rows; its JSON form names it by {@code key}. */
        public Builder predicate(String name, String key, Predicate<DataRow> test, double mostly) {
            return expect(new Expectation.Custom(name, key, test, mostly));
        }

        /** How many example rows a failing expectation reports, in [0, {@value #MAX_EXAMPLES}]; default 5. */
        public Builder examples(int max) {
            if (max < 0 || max > MAX_EXAMPLES) {
                throw new IllegalArgumentException("examples must be in [0, " + MAX_EXAMPLES + "], but was " + max);
            }
            this.maxExamples = max;
            return this;
        }

        /** @return the suite @throws IllegalStateException if it has no expectation */
        public DataQualitySuite build() {
            if (expectations.isEmpty()) {
                throw new IllegalStateException("suite '" + name + "' must have at least one expectation");
            }
            return new DataQualitySuite(name, new ArrayList<>(expectations.values()), maxExamples);
        }
    }
}
