package io.mllifecycle.spark;

import io.mllifecycle.drift.ProfileSketchBuilder;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.spark.DataFrameColumns.Kind;
import io.mllifecycle.spark.internal.ProfilesAggregator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits {@link ReferenceProfile}s of DataFrame columns on Spark in one pass over the data.
 *
 * <pre>{@code
 * Map<String, ReferenceProfile> profiles = SparkProfiles.of(dataframe)
 *         .numeric("amount", "age").categorical("country").k(200).collect();
 * }</pre>
 *
 * <p>All columns are fitted by one Spark aggregate (an {@code Aggregator}) in one job, so each row
 * is read and converted once. Each task builds partial profiles of its rows and the partials are merged on the executors with
 * {@link ReferenceProfile#merge}, so the driver receives only the finished profiles, in exactly the
 * {@link ReferenceProfile#toBytes()} form that {@code lifecycle-drift} reads. The result does not
 * depend on the partitioning: exact and categorical profiles are bit-identical to the profiles of
 * the same values fitted in one JVM ({@link ReferenceProfile#numeric}, {@link ReferenceProfile#categorical}),
 * sketch profiles agree with them within the sketch's rank error.
 *
 * <ul>
 *   <li>numeric columns may be of any Spark numeric type; values are cast to {@code double} (a
 *       {@code bigint} beyond 2<sup>53</sup> or a decimal loses precision as in Spark's cast).
 *       {@code null} and {@code NaN} are counted as missing, as {@code DRIFT.md} says; {@code -0.0}
 *       is stored as {@code 0.0}. Without {@link #k(int)} profiles are exact (every value is kept,
 *       so the column must fit in an executor's memory and in a profile); with it they are KLL
 *       sketches of bounded size.</li>
 *   <li>categorical columns must be strings; {@code null} is missing. A column with more than
 *       {@link #maxCategories(int)} distinct values keeps the most frequent ones and folds the rest
 *       into the category {@value #OTHER} with their count (ties by name, so the result is
 *       deterministic). Counts stay exact until the end: memory grows with the distinct values.</li>
 * </ul>
 * Column names are matched exactly (dots are not parsed). Every setter checks its argument at once
 * against the DataFrame's schema. Not thread-safe; a builder may be collected more than once.
 */
public final class SparkProfiles {

    /** The default cap on categories per categorical column. */
    public static final int DEFAULT_MAX_CATEGORIES = 1000;
    /** The category that holds the counts of the categories folded beyond the cap. */
    public static final String OTHER = "other";

    private static final Logger LOG = LoggerFactory.getLogger(SparkProfiles.class);
    /** The name of the aggregate's struct column inside the query plan. */
    private static final String PROFILES = "__lifecycle_profiles";

    private final Dataset<Row> dataframe;
    private final Map<String, Kind> columns = new LinkedHashMap<>();
    private int k;                                  // 0: exact numeric profiles
    private int maxCategories = DEFAULT_MAX_CATEGORIES;

    private SparkProfiles(Dataset<Row> dataframe) {
        this.dataframe = dataframe;
    }

    /**
     * Starts profiling {@code dataframe}; name its columns with {@link #numeric} and {@link #categorical}.
     *
     * @throws IllegalArgumentException if {@code dataframe} is null
     */
    public static SparkProfiles of(Dataset<Row> dataframe) {
        DataFrameColumns.requireDataFrame(dataframe, "dataframe");
        return new SparkProfiles(dataframe);
    }

    /**
     * Adds numeric columns.
     *
     * @throws IllegalArgumentException if no column is named, a name is null, the DataFrame has no
     *         such column, it is not of a numeric type, or it was already added
     */
    public SparkProfiles numeric(String... names) {
        return add(Kind.NUMERIC, names);
    }

    /**
     * Adds categorical columns.
     *
     * @throws IllegalArgumentException if no column is named, a name is null, the DataFrame has no
     *         such column, it is not a string column, or it was already added
     */
    public SparkProfiles categorical(String... names) {
        return add(Kind.CATEGORICAL, names);
    }

    /**
     * Makes numeric profiles KLL sketches with parameter {@code k} instead of exact profiles
     * (200 gives a normalized rank error of about 1.3%).
     *
     * @throws IllegalArgumentException if {@code k} is outside
     *         [{@value ProfileSketchBuilder#MIN_K}, {@value ProfileSketchBuilder#MAX_K}]
     */
    public SparkProfiles k(int k) {
        if (k < ProfileSketchBuilder.MIN_K || k > ProfileSketchBuilder.MAX_K) {
            throw new IllegalArgumentException("k must be in [" + ProfileSketchBuilder.MIN_K + ", "
                    + ProfileSketchBuilder.MAX_K + "], but was " + k);
        }
        this.k = k;
        return this;
    }

    /**
     * The most categories a categorical profile keeps, {@value #OTHER} included, at least 2
     * (default {@value #DEFAULT_MAX_CATEGORIES}).
     *
     * @throws IllegalArgumentException if {@code max} is less than 2
     */
    public SparkProfiles maxCategories(int max) {
        if (max < 2) {
            throw new IllegalArgumentException("maxCategories must be at least 2 (one kept category and '"
                    + OTHER + "'), but was " + max);
        }
        this.maxCategories = max;
        return this;
    }

    /**
     * Fits the profiles of the whole DataFrame in one Spark job.
     *
     * @return column name to profile, in the order the columns were added
     * @throws IllegalArgumentException if no column was added or the DataFrame has no rows
     */
    public Map<String, ReferenceProfile> collect() {
        Column aggregate = aggregate();
        long start = System.nanoTime();
        Row row = dataframe.agg(aggregate).head().getStruct(0);
        Map<String, ReferenceProfile> profiles = new LinkedHashMap<>();
        int i = 0;
        for (String name : columns.keySet()) {
            byte @Nullable [] bytes = row.isNullAt(i) ? null : (byte[]) row.get(i);
            if (bytes == null) {
                throw new IllegalArgumentException("dataframe must have at least one row to fit profiles of "
                        + columns.keySet() + ", but has none");
            }
            profiles.put(name, ReferenceProfile.fromBytes(bytes));
            i++;
        }
        LOG.debug("fitted {} profiles in {} ms", profiles.size(), (System.nanoTime() - start) / 1_000_000);
        return Collections.unmodifiableMap(profiles);
    }

    /**
     * One profile per group: a DataFrame with the grouping columns, then one binary column per
     * profiled column, named like it, holding the {@link ReferenceProfile#toBytes()} form of the
     * group's profile (read it with {@link ReferenceProfile#fromBytes}). Lazy, like any DataFrame.
     *
     * @throws IllegalArgumentException if no profiled column was added, no grouping column is named,
     *         a grouping column does not exist, is named twice, or is also a profiled column
     */
    public Dataset<Row> groupBy(String... groups) {
        Column aggregate = aggregate();
        if (groups == null || groups.length == 0) {
            throw new IllegalArgumentException("groupBy needs at least one grouping column");
        }
        List<Column> keys = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String g : groups) {
            DataFrameColumns.field(dataframe, "dataframe", g);
            if (columns.containsKey(g)) {
                throw new IllegalArgumentException("grouping column '" + g + "' must not also be profiled, "
                        + "but it is one of " + columns.keySet());
            }
            if (seen.contains(g)) {
                throw new IllegalArgumentException("grouping column '" + g + "' is named twice");
            }
            seen.add(g);
            keys.add(DataFrameColumns.column(g));
        }
        List<Column> out = new ArrayList<>(keys);
        int i = 0;
        for (String name : columns.keySet()) {
            out.add(functions.col(PROFILES).getField("c" + i++).as(name));
        }
        return dataframe.groupBy(keys.toArray(Column[]::new)).agg(aggregate).select(out.toArray(Column[]::new));
    }

    private SparkProfiles add(Kind kind, String[] names) {
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException(kind.label + " needs at least one column name");
        }
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            DataFrameColumns.require(dataframe, "dataframe", name, kind);
            Kind before = columns.get(name);
            if (before != null) {
                throw new IllegalArgumentException("column '" + name + "' was already added as " + before.label);
            }
            if (Arrays.asList(names).subList(0, i).contains(name)) {
                throw new IllegalArgumentException("column '" + name + "' is named twice");
            }
        }
        for (String name : names) {
            columns.put(name, kind);
        }
        return this;
    }

    /** One aggregate of every column: a struct with one binary field {@code c<i>} per column. */
    private Column aggregate() {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no column to profile: add columns with numeric(...) or categorical(...)");
        }
        List<ProfilesAggregator.Spec> specs = new ArrayList<>();
        List<Column> inputs = new ArrayList<>();
        for (Map.Entry<String, Kind> e : columns.entrySet()) {
            boolean numeric = e.getValue() == Kind.NUMERIC;
            specs.add(new ProfilesAggregator.Spec(e.getKey(), numeric, numeric ? k : 0));
            inputs.add(DataFrameColumns.input(e.getKey(), e.getValue()));
        }
        ProfilesAggregator aggregator = new ProfilesAggregator(specs, maxCategories);
        return functions.udaf(aggregator, Encoders.row(aggregator.inputSchema()))
                .apply(inputs.toArray(Column[]::new)).as(PROFILES);
    }
}
