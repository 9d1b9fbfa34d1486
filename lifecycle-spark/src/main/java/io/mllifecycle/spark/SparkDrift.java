package io.mllifecycle.spark;

import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.drift.Table;
import io.mllifecycle.spark.DataFrameColumns.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jspecify.annotations.Nullable;

/**
 * Checks a DataFrame for drift against reference profiles (for example those a registered model
 * version carries, or those {@link SparkProfiles} fitted).
 *
 * <pre>{@code
 * DriftReport report = SparkDrift.compare(profiles, currentDataframe);
 * }</pre>
 *
 * <p>The result is the {@link DriftReport} that {@link DriftDetector#compare(Map, Table)} returns
 * for the same profiles and the same current values, because that is what computes it: the
 * DataFrame's profiled columns are read into the driver, partition by partition
 * ({@code toLocalIterator}), as {@code double[]} (numeric columns cast to double; {@code null} and
 * {@code NaN} missing) and {@code String[]} ({@code null} missing). The current sample must
 * therefore fit in the driver's memory (8 bytes per numeric value); columns of the DataFrame without
 * a profile are ignored and never read.
 *
 * <p>A categorical profile that has the category {@value SparkProfiles#OTHER} is taken as capped
 * ({@link SparkProfiles#maxCategories(int)}): current values of categories it does not list are
 * counted as {@value SparkProfiles#OTHER}, as the reference's folded categories were, instead of
 * as unseen categories. Thread-safe (no state).
 */
public final class SparkDrift {

    private SparkDrift() {}

    /**
     * Compares {@code current} with {@code profiles} using {@link DriftDetector#builder()}'s defaults.
     *
     * @see #compare(Map, Dataset, DriftDetector)
     */
    public static DriftReport compare(Map<String, ReferenceProfile> profiles, Dataset<Row> current) {
        return compare(profiles, current, DriftDetector.builder().build());
    }

    /**
     * Compares {@code current} with {@code profiles} (column name to profile) using {@code detector}.
     *
     * @throws IllegalArgumentException if an argument or a profile is null, {@code profiles} is empty,
     *         {@code current} lacks a profiled column or has it with a type that does not suit the
     *         profile (numeric types for numeric profiles, string for categorical), {@code current}
     *         has no rows, or the detector rejects the comparison
     */
    public static DriftReport compare(Map<String, ReferenceProfile> profiles, Dataset<Row> current,
            DriftDetector detector) {
        if (profiles == null) {
            throw new IllegalArgumentException("profiles must not be null");
        }
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("profiles must name at least one column, but are empty");
        }
        DataFrameColumns.requireDataFrame(current, "current");
        if (detector == null) {
            throw new IllegalArgumentException("detector must not be null");
        }
        List<String> names = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        List<Column> inputs = new ArrayList<>();
        for (Map.Entry<String, ReferenceProfile> e : profiles.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("profile of column '" + e.getKey() + "' must not be null");
            }
            Kind kind = e.getValue().isNumeric() ? Kind.NUMERIC : Kind.CATEGORICAL;
            DataFrameColumns.require(current, "current", e.getKey(), kind);
            names.add(e.getKey());
            kinds.add(kind);
            inputs.add(DataFrameColumns.input(e.getKey(), kind).as(e.getKey()));
        }
        Values[] columns = new Values[names.size()];
        for (int i = 0; i < columns.length; i++) {
            ReferenceProfile p = profiles.get(names.get(i));
            columns[i] = kinds.get(i) == Kind.NUMERIC ? new Numbers() : new Categories(
                    p.categoryCounts().containsKey(SparkProfiles.OTHER) ? p.categoryCounts().keySet() : null);
        }
        long rows = 0;
        Iterator<Row> it = current.select(inputs.toArray(Column[]::new)).toLocalIterator();
        while (it.hasNext()) {
            Row row = it.next();
            for (int i = 0; i < columns.length; i++) {
                columns[i].add(row, i);
            }
            rows++;
        }
        if (rows == 0) {
            throw new IllegalArgumentException("current must have at least one row to compare with the profiles of "
                    + names + ", but has none");
        }
        Table.Builder table = Table.builder();
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] instanceof Numbers n) {
                table.numeric(names.get(i), n.values());
            } else {
                table.categorical(names.get(i), ((Categories) columns[i]).values());
            }
        }
        return detector.compare(profiles, table.build());
    }

    /** One current column read into the driver. */
    private interface Values {
        void add(Row row, int index);
    }

    private static final class Numbers implements Values {
        private double[] values = new double[1024];
        private int size;

        @Override
        public void add(Row row, int index) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size + (size >> 1));
            }
            values[size++] = row.isNullAt(index) ? Double.NaN : row.getDouble(index);
        }

        double[] values() {
            return Arrays.copyOf(values, size);
        }
    }

    private static final class Categories implements Values {
        private final @Nullable Set<String> capped;   // the categories of a capped profile, else null
        private String[] values = new String[1024];
        private int size;

        Categories(@Nullable Set<String> capped) {
            this.capped = capped;
        }

        @Override
        public void add(Row row, int index) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size + (size >> 1));
            }
            String v = row.isNullAt(index) ? null : row.getString(index);
            values[size++] = v != null && capped != null && !capped.contains(v) ? SparkProfiles.OTHER : v;
        }

        String[] values() {
            return Arrays.copyOf(values, size);
        }
    }
}
