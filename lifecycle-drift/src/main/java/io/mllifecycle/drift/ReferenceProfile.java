package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.DoubleSort;
import io.mllifecycle.drift.internal.Moments;
import io.mllifecycle.drift.internal.SortedQuantile;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.jspecify.annotations.Nullable;

/**
 * What the drift statistics need to know about one reference column, fitted once and reused.
 *
 * <p>Three kinds exist:
 * <ul>
 *   <li><b>numeric, exact</b> ({@link #numeric}, {@link #of}): keeps every non-missing value, sorted;
 *       statistics against it equal those on the raw reference sample.</li>
 *   <li><b>numeric, sketch</b> ({@link #numericSketch}, {@link #sketchBuilder}): keeps a KLL quantile
 *       sketch of bounded size; ranks and quantiles carry the normalized rank error {@link #rankError()},
 *       and statistics computed from it say they are approximate.</li>
 *   <li><b>categorical</b> ({@link #categorical}): keeps the count of each category.</li>
 * </ul>
 * Missing values ({@code NaN}, {@code null}) are counted, never dropped silently. {@code -0.0} is
 * stored as {@code 0.0}; {@code ±Infinity} are ordinary values. Profiles are immutable and thread-safe,
 * compare equal by content, serialise with {@link #toBytes()} to the versioned form named by
 * {@link #mediaType()}, and {@link #merge(ReferenceProfile) merge} when they describe the same column.
 */
public final class ReferenceProfile {

    /** The media type of {@link #toBytes()}: version 1 of the binary form. */
    public static final String MEDIA_TYPE = "application/vnd.mllifecycle.reference-profile.v1";
    /** The column name of profiles made by {@link #of(double[])}. */
    public static final String UNNAMED = "";

    enum Kind { NUMERIC_EXACT, NUMERIC_SKETCH, CATEGORICAL }

    final String column;
    final Kind kind;
    final long missing;
    final double[] sorted;                 // NUMERIC_EXACT only, else empty
    final KllDoublesSketch sketch;         // NUMERIC_SKETCH only, else null
    // Mean and standard deviation: given for sketches, computed from the values on first use for exact
    // profiles (three linear passes that a profile used only for ranks and bins never pays). A racy
    // first use computes the same immutable value twice, which is harmless.
    private volatile @Nullable Summary summary;
    final Map<String, Long> categories;    // CATEGORICAL only, sorted by name

    private record Summary(Moments moments, double standardDeviation) {}

    ReferenceProfile(String column, Kind kind, long missing, double[] sorted,
            KllDoublesSketch sketch, Moments moments, Map<String, Long> categories) {
        this.summary = kind == Kind.NUMERIC_EXACT ? null : new Summary(moments, moments.populationStandardDeviation());
        this.column = column;
        this.kind = kind;
        this.missing = missing;
        this.sorted = sorted;
        this.sketch = sketch;
        this.categories = categories;
    }

    /**
     * An exact numeric profile: the non-{@code NaN} values of {@code values}, sorted.
     *
     * @param column the column name, not null ({@code ""} for unnamed)
     * @param values the reference values, not null, not empty; {@code NaN} counts as missing
     * @throws IllegalArgumentException if an argument is null or {@code values} is empty
     */
    public static ReferenceProfile numeric(String column, double[] values) {
        checkColumn(column);
        double[] clean = nonMissing(values);
        DoubleSort.sortInPlace(clean);
        return exact(column, values.length - clean.length, clean);
    }

    /** An exact numeric profile of an unnamed column ({@link #UNNAMED}); see {@link #numeric}. */
    public static ReferenceProfile of(double[] values) {
        return numeric(UNNAMED, values);
    }

    /**
     * A sketch profile: a KLL sketch with parameter {@code k} (8..65535; 200 gives a normalized rank
     * error of about 1.3%) of the non-{@code NaN} values. For data that arrive in chunks use
     * {@link #sketchBuilder(String, int)}.
     *
     * @throws IllegalArgumentException if an argument is null, {@code values} is empty or {@code k}
     *         is out of range
     */
    public static ReferenceProfile numericSketch(String column, double[] values, int k) {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        return sketchBuilder(column, k).add(values).build();
    }

    /** A builder that feeds values chunk by chunk into a sketch profile with parameter {@code k}. */
    public static ProfileSketchBuilder sketchBuilder(String column, int k) {
        checkColumn(column);
        return new ProfileSketchBuilder(column, k);
    }

    /**
     * A categorical profile: the count of each distinct non-null value.
     *
     * @throws IllegalArgumentException if an argument is null or {@code values} is empty
     */
    public static ReferenceProfile categorical(String column, String[] values) {
        checkColumn(column);
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        TreeMap<String, Long> counts = new TreeMap<>();
        long missing = 0;
        for (String v : values) {
            if (v == null) {
                missing++;
            } else {
                counts.merge(v, 1L, Long::sum);
            }
        }
        return categoricalOf(column, missing, counts);
    }

    /**
     * A categorical profile from counts made elsewhere (in chunks, by a distributed job): equal to
     * {@link #categorical(String, String[])} of any sample with these category counts and
     * {@code missing} {@code null}s. The map is copied.
     *
     * @param column  the column name, not null
     * @param counts  count of each category, not null; no null name, each count at least 1
     * @param missing number of missing values, at least 0
     * @throws IllegalArgumentException if an argument breaks these rules (naming the category or
     *         value), or the profile would describe no value at all
     */
    public static ReferenceProfile categoricalCounts(String column, Map<String, Long> counts, long missing) {
        checkColumn(column);
        if (counts == null) {
            throw new IllegalArgumentException("counts must not be null");
        }
        if (missing < 0) {
            throw new IllegalArgumentException("missing must be at least 0, but was " + missing);
        }
        TreeMap<String, Long> copy = new TreeMap<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("counts of column '" + column + "' must not have a null "
                        + "category (count missing values in missing)");
            }
            if (e.getValue() == null || e.getValue() < 1) {
                throw new IllegalArgumentException("count of category '" + e.getKey() + "' of column '" + column
                        + "' must be at least 1, but was " + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        if (copy.isEmpty() && missing == 0) {
            throw new IllegalArgumentException("counts of column '" + column
                    + "' must describe at least one value, but are empty and missing is 0");
        }
        return categoricalOf(column, missing, copy);
    }

    static ReferenceProfile exact(String column, long missing, double[] sorted) {
        return new ReferenceProfile(column, Kind.NUMERIC_EXACT, missing, sorted, null, Moments.EMPTY, Map.of());
    }

    /** Count, mean and m2 of the non-missing values (computed on first use for exact profiles). */
    Moments moments() {
        return summary().moments();
    }

    private Summary summary() {
        Summary s = summary;
        if (s == null) {
            s = new Summary(Moments.of(sorted, 0, sorted.length), Moments.standardDeviationOf(sorted, 0, sorted.length));
            summary = s;
        }
        return s;
    }

    static ReferenceProfile sketched(String column, long missing, KllDoublesSketch sketch, Moments m) {
        if (!sketch.isEmpty()) {
            sketch.getSortedView(); // built now, not lazily by concurrent readers: the profile is immutable
        }
        return new ReferenceProfile(column, Kind.NUMERIC_SKETCH, missing, new double[0], sketch, m,
                Map.of());
    }

    static ReferenceProfile categoricalOf(String column, long missing, Map<String, Long> counts) {
        Map<String, Long> ordered = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(counts)));
        return new ReferenceProfile(column, Kind.CATEGORICAL, missing, new double[0], null,
                Moments.EMPTY, ordered);
    }

    /** Reads a profile written by {@link #toBytes()}; see {@link ReferenceProfileCodec}. */
    public static ReferenceProfile fromBytes(byte[] bytes) {
        return ReferenceProfileCodec.read(bytes);
    }

    /** The stable binary form, versioned as {@link #MEDIA_TYPE}. */
    public byte[] toBytes() {
        return ReferenceProfileCodec.write(this);
    }

    /** {@link #MEDIA_TYPE}, the format of {@link #toBytes()}. */
    public String mediaType() {
        return MEDIA_TYPE;
    }

    /** The column name; {@link #UNNAMED} ({@code ""}) for {@link #of(double[])}. */
    public String column() {
        return column;
    }

    /** Whether the column is numeric (exact or sketch) rather than categorical. */
    public boolean isNumeric() {
        return kind != Kind.CATEGORICAL;
    }

    /** Whether statistics against this profile are exact: true for exact numeric and categorical. */
    public boolean isExact() {
        return kind != Kind.NUMERIC_SKETCH;
    }

    /** Number of non-missing reference values. */
    public long count() {
        return switch (kind) {
            case NUMERIC_EXACT -> sorted.length;
            case NUMERIC_SKETCH -> moments().count();
            case CATEGORICAL -> categories.values().stream().mapToLong(Long::longValue).sum();
        };
    }

    /** Number of missing reference values ({@code NaN} or {@code null}). */
    public long missingCount() {
        return missing;
    }

    /**
     * The {@code p}-quantile. Exact mode: NumPy's default {@code np.quantile} (linear, Hyndman–Fan
     * type 7). Sketch mode: the KLL estimate (inclusive), within {@link #rankError()} in rank.
     *
     * @param p in [0, 1]
     * @throws IllegalArgumentException if {@code p} is outside [0, 1] or NaN
     * @throws IllegalStateException if the profile is categorical or has no non-missing values
     */
    public double quantile(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("p must be in [0, 1], but was " + p);
        }
        requireNumericValues("quantile");
        return kind == Kind.NUMERIC_EXACT ? SortedQuantile.linear(sorted, p)
                : sketch.getQuantile(p, QuantileSearchCriteria.INCLUSIVE);
    }

    /**
     * Number of non-missing reference values {@code <= x}: exact in exact mode, estimated (rank
     * error {@link #rankError()} times {@link #count()}) in sketch mode.
     *
     * @throws IllegalArgumentException if {@code x} is NaN
     * @throws IllegalStateException if the profile is categorical
     */
    public long countAtMost(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x must not be NaN");
        }
        requireNumeric("countAtMost");
        if (kind == Kind.NUMERIC_EXACT) {
            return SortedQuantile.countAtMost(sorted, x);
        }
        if (sketch.isEmpty()) {
            return 0;
        }
        return Math.round(sketch.getRank(x, QuantileSearchCriteria.INCLUSIVE) * moments().count());
    }

    /** The normalized (single-query) rank error of the sketch; 0 for exact and categorical profiles. */
    public double rankError() {
        return kind == Kind.NUMERIC_SKETCH ? sketch.getNormalizedRankError(false) : 0.0;
    }

    /**
     * Mean of the non-missing values, accurate to a few ulps however far the data lie from zero
     * (compensated two-pass summation). {@code NaN} if there are none; infinite values propagate as in
     * IEEE arithmetic and NumPy's {@code np.mean}: −∞ (without +∞) gives −∞, +∞ (without −∞) gives +∞,
     * both give {@code NaN}.
     *
     * @throws IllegalStateException if the profile is categorical
     */
    public double mean() {
        requireNumeric("mean");
        return moments().mean();
    }

    /**
     * Population standard deviation (divisor n, NumPy's {@code np.std} default) of the non-missing
     * values: {@code NaN} if there are none or one is infinite. Exact profiles compute it from the
     * values by the corrected two-pass algorithm, scaled by a power of two when needed, so it is
     * accurate to a few ulps for data far from zero and finite for any finite data (even near
     * {@link Double#MAX_VALUE}) or near zero. Sketch profiles accumulate compensated sums around the
     * mean of the first chunk, equally accurate, but keep the sum of squared deviations as one double:
     * it overflows to +∞ for a standard deviation above about 1.3e154 / √n and underflows to 0 below
     * about 1e-154. Merging two sketch profiles combines their moments by Chan et al.'s formula, whose
     * error grows with ulp(mean) · |mean difference| / variance for data far from zero.
     *
     * @throws IllegalStateException if the profile is categorical
     */
    public double standardDeviation() {
        requireNumeric("standardDeviation");
        return summary().standardDeviation();
    }

    /** Category counts of a categorical profile, ordered by category name ({@link String#compareTo}). */
    public Map<String, Long> categoryCounts() {
        if (kind != Kind.CATEGORICAL) {
            throw new IllegalStateException("categoryCounts() needs a categorical profile, but column '"
                    + column + "' is numeric");
        }
        return categories;
    }

    /**
     * The profile of both reference samples together. Exact with exact stays exact (and equals the
     * profile of the concatenated values); a sketch with anything gives a sketch.
     *
     * @throws IllegalArgumentException if {@code other} is null, names another column, or is of
     *         another kind (numeric versus categorical)
     */
    public ReferenceProfile merge(ReferenceProfile other) {
        return ReferenceProfileMerger.merge(this, other);
    }

    /** Sorted non-missing values of an exact profile; shared, callers in this package must not modify. */
    double[] sortedValues() {
        return sorted;
    }

    void requireNumeric(String what) {
        if (kind == Kind.CATEGORICAL) {
            throw new IllegalStateException(what + "() needs a numeric profile, but column '" + column
                    + "' is categorical");
        }
    }

    private void requireNumericValues(String what) {
        requireNumeric(what);
        if (count() == 0) {
            throw new IllegalStateException(what + "() needs at least one non-missing value, but column '"
                    + column + "' has none");
        }
    }

    static void checkColumn(String column) {
        if (column == null) {
            throw new IllegalArgumentException("column must not be null (use \"\" for an unnamed column)");
        }
    }

    private static double[] nonMissing(double[] values) {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] out = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (v == v) {
                out[n++] = v + 0.0;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ReferenceProfile p)) {
            return false;
        }
        return kind == p.kind && missing == p.missing && column.equals(p.column)
                && Arrays.equals(sorted, p.sorted) && categories.equals(p.categories)
                && (kind != Kind.NUMERIC_SKETCH
                    || (moments().equals(p.moments()) && Arrays.equals(sketch.toByteArray(), p.sketch.toByteArray())));
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, missing, column, Arrays.hashCode(sorted), categories,
                kind == Kind.NUMERIC_SKETCH ? moments().count() : 0L);
    }

    @Override
    public String toString() {
        return "ReferenceProfile[column='" + column + "', kind=" + kind + ", count=" + count()
                + ", missing=" + missing + (kind == Kind.NUMERIC_SKETCH ? ", k=" + sketch.getK() : "") + "]";
    }
}
