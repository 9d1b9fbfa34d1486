package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.BinnedCounts;
import io.mllifecycle.drift.internal.BinnedDistances;
import io.mllifecycle.drift.internal.Binner;

/**
 * Jensen–Shannon distance between the binned distributions of a reference and a current sample:
 * sqrt((KL(p‖m) + KL(q‖m)) / 2) in base 2, with p and q the raw bin shares (count / total) and
 * m = (p + q) / 2; it lies in [0, 1]. Equals {@code scipy.spatial.distance.jensenshannon(p, q, base=2)},
 * and keeps its digits where SciPy's term-by-term sum cancels: for nearly equal large samples each
 * bin's two terms are summed as one series in d = (p − q)/(p + q), formed from the integer counts.
 *
 * <p>The bins are exactly those of {@link PopulationStabilityIndex} (numeric quantile bins fitted
 * on the reference, or reference categories + {@code UNSEEN} [+ {@code MISSING}]); the smoothing
 * options are ignored because raw shares are used. Arguments are checked as there.
 */
public final class JensenShannon {

    private JensenShannon() {}

    /** Distance between numeric samples with 10 quantile bins, NaN rejected. */
    public static DistanceResult distance(double[] reference, double[] current) {
        return distance(reference, current, PsiOptions.defaults());
    }

    /**
     * Distance between numeric samples, binned with {@link PsiOptions#bins()} and
     * {@link PsiOptions#missing()}.
     *
     * @throws IllegalArgumentException on a bad argument, as for {@link PopulationStabilityIndex}
     */
    public static DistanceResult distance(double[] reference, double[] current, PsiOptions options) {
        PopulationStabilityIndex.checkOptions(options);
        return of(Binner.numeric(reference, current, options.bins(), options.missing()));
    }

    /** Distance between categorical samples, {@code null} rejected. */
    public static DistanceResult distance(String[] reference, String[] current) {
        return distance(reference, current, PsiOptions.defaults());
    }

    /**
     * Distance between categorical samples; {@link PsiOptions#missing()} says what {@code null} does.
     *
     * @throws IllegalArgumentException on a bad argument, as for {@link PopulationStabilityIndex}
     */
    public static DistanceResult distance(String[] reference, String[] current, PsiOptions options) {
        PopulationStabilityIndex.checkOptions(options);
        return of(Binner.categorical(reference, current, options.missing()));
    }

    static DistanceResult of(BinnedCounts counts) {
        BinnedDistances.Distance d = BinnedDistances.jensenShannon(counts);
        return new DistanceResult(d.value(), counts.size(), counts.labels()[d.topBin()],
                counts.kinds()[d.topBin()]);
    }
}
