package io.mllifecycle.drift.internal;

import io.mllifecycle.drift.BinKind;
import io.mllifecycle.drift.MissingValues;
import io.mllifecycle.drift.NanPolicy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

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
        Samples.Clean ref = Samples.clean("reference", reference, policy, 1);
        int currentMinimum = missing == MissingValues.BIN ? 0 : 1;
        Samples.Clean cur = Samples.clean("current", current, policy, currentMinimum);
        if (cur.values().length + cur.nanCount() == 0) {
            throw new IllegalArgumentException("current must have at least 1 value, but had 0");
        }
        double[] sorted = ref.values(); // a fresh copy: ours to sort
        Arrays.sort(sorted);
        double[] edges = NumericBinning.edges(sorted, bins);
        return fitted(edges, NumericBinning.count(edges, sorted), ref.nanCount(),
                cur.values(), cur.nanCount(), missing);
    }

    /**
     * Numeric bins from edges and reference counts fitted earlier; {@code current} is clean
     * (no NaN, {@code -0.0} normalised or irrelevant to binning) and {@code currentMissing} counts
     * the NaN taken out of it.
     */
    public static BinnedCounts fitted(double[] edges, long[] referenceCounts, long referenceMissing,
            double[] current, long currentMissing, MissingValues missing) {
        long[] cur = NumericBinning.count(edges, current);
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
        boolean omitted = missing == MissingValues.OMIT;
        return new BinnedCounts(kinds, labels, lower, upper, edges.clone(), ref, curCounts,
                omitted ? referenceMissing : 0, omitted ? currentMissing : 0);
    }

    /** Categorical bins: sorted reference categories, {@code UNSEEN}, then maybe {@code MISSING}. */
    public static BinnedCounts categorical(String[] reference, String[] current, MissingValues missing) {
        checkCategorical("reference", reference, missing);
        checkCategorical("current", current, missing);
        TreeSet<String> categories = new TreeSet<>();
        long refMissing = 0;
        for (String s : reference) {
            if (s == null) {
                refMissing++;
            } else {
                categories.add(s);
            }
        }
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("reference must have at least 1 non-null value, but had 0 (of "
                    + reference.length + ")");
        }
        Map<String, Integer> index = new HashMap<>(categories.size() * 2);
        for (String c : categories) {
            index.put(c, index.size());
        }
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
        long[] ref = new long[k + 2];
        for (String s : reference) {
            if (s != null) {
                ref[index.get(s)]++;
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
        boolean omitted = missing == MissingValues.OMIT;
        return new BinnedCounts(kinds, labels, nan, nan.clone(), new double[0],
                Arrays.copyOf(ref, size), Arrays.copyOf(cur, size),
                omitted ? refMissing : 0, omitted ? curMissing : 0);
    }

    private static void checkCategorical(String name, String[] values, MissingValues missing) {
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
