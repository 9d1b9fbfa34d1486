package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.BinnedCounts;
import io.mllifecycle.drift.internal.Binner;
import io.mllifecycle.drift.internal.NumericBinning;
import java.util.Arrays;
import java.util.TreeMap;

/** Fits PSI bins from a {@link ReferenceProfile}; in this package to reach its sorted values. */
final class ProfileBins {

    private ProfileBins() {}

    static BinnedCounts numeric(ReferenceProfile profile, double[] current, PsiOptions options) {
        checkProfile(profile, true);
        int bins = options.bins();
        double[] edges;
        long[] reference;
        if (profile.isExact()) {
            double[] sorted = profile.sortedValues();
            edges = NumericBinning.edges(sorted, bins);
            reference = countsFromRanks(edges, profile);
        } else {
            double[] quantiles = new double[bins - 1];
            for (int i = 1; i < bins; i++) {
                quantiles[i - 1] = profile.quantile((double) i / bins) + 0.0;
            }
            edges = Arrays.stream(quantiles).sorted().distinct().toArray();
            reference = countsFromRanks(edges, profile);
        }
        return Binner.fitted(edges, reference, profile.missingCount(), current, options.missing());
    }

    /** Bin counts as differences of "at most edge" counts; clamped so a sketch never goes negative. */
    private static long[] countsFromRanks(double[] edges, ReferenceProfile profile) {
        long[] counts = new long[edges.length + 1];
        long below = 0;
        for (int i = 0; i < edges.length; i++) {
            long atMost = Math.max(below, Math.min(profile.count(), profile.countAtMost(edges[i])));
            counts[i] = atMost - below;
            below = atMost;
        }
        counts[edges.length] = profile.count() - below;
        return counts;
    }

    static BinnedCounts categorical(ReferenceProfile profile, String[] current, PsiOptions options) {
        checkProfile(profile, false);
        Binner.checkCategorical("current", current, options.missing());
        return Binner.categoricalFitted(new TreeMap<>(profile.categoryCounts()),
                profile.missingCount(), current, options.missing());
    }

    private static void checkProfile(ReferenceProfile profile, boolean numeric) {
        if (profile == null) {
            throw new IllegalArgumentException("reference must not be null");
        }
        if (profile.isNumeric() != numeric) {
            throw new IllegalArgumentException("reference must be a " + (numeric ? "numeric" : "categorical")
                    + " profile, but column '" + profile.column() + "' is "
                    + (numeric ? "categorical" : "numeric"));
        }
        if (profile.count() == 0) {
            throw new IllegalArgumentException("reference must have at least 1 non-missing value, but column '"
                    + profile.column() + "' has none");
        }
    }
}
