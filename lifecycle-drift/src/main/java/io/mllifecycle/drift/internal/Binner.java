package io.mllifecycle.drift.internal;

import io.mllifecycle.drift.BinKind;
import io.mllifecycle.drift.MissingValues;
import io.mllifecycle.drift.NanPolicy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds {@link BinnedCounts} from raw samples: numeric quantile bins fitted on the reference only,
 * or categorical bins (one per reference category, then {@code UNSEEN}, then {@code MISSING} when
 * missing values are binned and either side has one).
 */
public final class Binner {

    /** Label of the bin for current categories absent from the reference. */
    public static final String UNSEEN = "UNSEEN";
    /** Label of the bin for missing values. */
    public static final String MISSING = "MISSING";

    private Binner() {}

    /** Numeric bins: edges at the reference quantiles, see {@link NumericBinning}. */
    public static BinnedCounts numeric(double[] reference, double[] current, int bins,
            MissingValues missing) {
        NanPolicy policy = missing == MissingValues.REJECT ? NanPolicy.REJECT : NanPolicy.OMIT;
        Samples.Clean ref = DoubleSort.sortedClean("reference", reference, policy, 1); // a sorted copy
        double[] sorted = ref.values();
        double[] edges = NumericBinning.edges(sorted, bins);
        // the current sample is counted in place: no copy, NaN counted in the same pass
        return fitted(edges, NumericBinning.count(edges, sorted), ref.nanCount(), current, missing);
    }

    /**
     * Numeric bins from edges and reference counts fitted earlier (a reference profile) and a raw
     * current sample, counted in one pass without copying it.
     *
     * @throws IllegalArgumentException if {@code current} is null or empty, has a NaN under
     *         {@link MissingValues#REJECT}, or has no non-NaN value unless missing values are binned
     */
    public static BinnedCounts fitted(double[] edges, long[] referenceCounts, long referenceMissing,
            double[] current, MissingValues missing) {
        if (current == null) {
            throw new IllegalArgumentException("current must not be null");
        }
        long[] counted = NumericBinning.countWithNaN(edges, current);
        long nan = counted[edges.length + 1];
        if (nan > 0 && missing == MissingValues.REJECT) {
            Samples.clean("current", current, NanPolicy.REJECT, 0); // throws naming the first NaN
        }
        if (current.length - nan == 0 && !(missing == MissingValues.BIN && nan > 0)) {
            throw new IllegalArgumentException("current must have at least 1 non-NaN value, but had 0"
                    + (current.length > 0 ? " (of " + current.length + ", the rest NaN)" : ""));
        }
        return numericBins(edges, referenceCounts, referenceMissing,
                Arrays.copyOf(counted, edges.length + 1), nan, missing);
    }

    private static BinnedCounts numericBins(double[] edges, long[] referenceCounts,
            long referenceMissing, long[] cur, long currentMissing, MissingValues missing) {
        int bins = edges.length + 1;
        boolean missingBin = missing == MissingValues.BIN && (referenceMissing > 0 || currentMissing > 0);
        int size = bins + (missingBin ? 1 : 0);
        BinKind[] kinds = new BinKind[size];
        String[] labels = new String[size];
        double[] lower = new double[size];
        double[] upper = new double[size];
        for (int i = 0; i < bins; i++) {
            kinds[i] = BinKind.RANGE;
            lower[i] = i == 0 ? Double.NEGATIVE_INFINITY : edges[i - 1];
            upper[i] = i == bins - 1 ? Double.POSITIVE_INFINITY : edges[i];
            labels[i] = "(" + lower[i] + ", " + upper[i] + "]";
        }
        long[] ref = Arrays.copyOf(referenceCounts, size);
        long[] curCounts = Arrays.copyOf(cur, size);
        if (missingBin) {
            kinds[bins] = BinKind.MISSING;
            labels[bins] = MISSING;
            lower[bins] = Double.NaN;
            upper[bins] = Double.NaN;
            ref[bins] = referenceMissing;
            curCounts[bins] = currentMissing;
        }
        boolean omitted = missing != MissingValues.BIN; // under REJECT only a profile can carry missing
        return new BinnedCounts(kinds, labels, lower, upper, edges.clone(), ref, curCounts,
                omitted ? referenceMissing : 0, omitted ? currentMissing : 0);
    }

    /** Categorical bins: sorted reference categories, {@code UNSEEN}, then maybe {@code MISSING}. */
    public static BinnedCounts categorical(String[] reference, String[] current, MissingValues missing) {
        checkCategorical("reference", reference, missing);
        checkCategorical("current", current, missing);
        TreeMap<String, Long> counts = new TreeMap<>();
        long refMissing = 0;
        for (String s : reference) {
            if (s == null) {
                refMissing++;
            } else {
                counts.merge(s, 1L, Long::sum);
            }
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("reference must have at least 1 non-null value, but had 0 (of "
                    + reference.length + ")");
        }
        return categoricalFitted(counts, refMissing, current, missing);
    }

    /**
     * Categorical bins from reference category counts (in name order, each positive) and missing
     * count fitted earlier, and a current sample whose values were checked by the caller.
     */
    public static BinnedCounts categoricalFitted(SortedMap<String, Long> referenceCounts,
            long refMissing, String[] current, MissingValues missing) {
        Map<String, Integer> index = new HashMap<>(referenceCounts.size() * 2);
        long[] ref = new long[referenceCounts.size() + 2];
        for (Map.Entry<String, Long> e : referenceCounts.entrySet()) {
            ref[index.size()] = e.getValue();
            index.put(e.getKey(), index.size());
        }
        Set<String> categories = referenceCounts.keySet();
        int k = categories.size();
        long curMissing = 0;
        long[] cur = new long[k + 2];
        for (String s : current) {
            if (s == null) {
                curMissing++;
            } else {
                Integer i = index.get(s);
                cur[i == null ? k : i]++;
            }
        }
        boolean missingBin = missing == MissingValues.BIN && (refMissing > 0 || curMissing > 0);
        if (cur[k] + Arrays.stream(cur, 0, k).sum() == 0 && !(missingBin && curMissing > 0)) {
            throw new IllegalArgumentException("current must have at least 1 non-null value, but had 0 (of "
                    + current.length + ")");
        }
        int size = k + 1 + (missingBin ? 1 : 0);
        BinKind[] kinds = new BinKind[size];
        String[] labels = new String[size];
        int i = 0;
        for (String c : categories) {
            kinds[i] = BinKind.CATEGORY;
            labels[i++] = c;
        }
        kinds[k] = BinKind.UNSEEN;
        labels[k] = UNSEEN;
        if (missingBin) {
            kinds[k + 1] = BinKind.MISSING;
            labels[k + 1] = MISSING;
            ref[k + 1] = refMissing;
            cur[k + 1] = curMissing;
        }
        double[] nan = new double[size];
        Arrays.fill(nan, Double.NaN);
        boolean omitted = missing != MissingValues.BIN; // under REJECT only a profile can carry missing
        return new BinnedCounts(kinds, labels, nan, nan.clone(), new double[0],
                Arrays.copyOf(ref, size), Arrays.copyOf(cur, size),
                omitted ? refMissing : 0, omitted ? curMissing : 0);
    }

    /** Checks a categorical sample: not null, not empty, no null under REJECT. */
    public static void checkCategorical(String name, String[] values, MissingValues missing) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " must have at least 1 value, but had 0");
        }
        if (missing == MissingValues.REJECT) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    throw new IllegalArgumentException(name + "[" + i + "] must not be null"
                            + " (use MissingValues.OMIT or BIN to count missing values)");
                }
            }
        }
    }
}
