package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.BinnedCounts;
import io.mllifecycle.drift.internal.BinnedDistances;
import io.mllifecycle.drift.internal.Binner;

/**
 * L-infinity distance between two categorical samples: max_i |p_i − q_i| over the raw shares of
 * the reference categories, {@code UNSEEN} (current categories absent from the reference) and,
 * under {@link MissingValues#BIN}, {@code MISSING} — naming the category where it happens.
 */
public final class LInfinity {

    private LInfinity() {}

    /** Distance with {@code null} rejected. */
    public static LInfinityResult distance(String[] reference, String[] current) {
        return distance(reference, current, MissingValues.REJECT);
    }

    /**
     * Distance between categorical samples.
     *
     * @param missing what {@code null} does; not null
     * @throws IllegalArgumentException if a sample is null or empty, has a {@code null} under
     *         {@link MissingValues#REJECT} (naming the index), or has no usable value
     */
    public static LInfinityResult distance(String[] reference, String[] current, MissingValues missing) {
        if (missing == null) {
            throw new IllegalArgumentException("missing must not be null");
        }
        BinnedCounts counts = Binner.categorical(reference, current, missing);
        BinnedDistances.Distance d = BinnedDistances.lInfinity(counts);
        int i = d.topBin();
        double[] p = BinnedCounts.rawShares(counts.reference());
        double[] q = BinnedCounts.rawShares(counts.current());
        return new LInfinityResult(d.value(), counts.labels()[i], counts.kinds()[i], p[i], q[i]);
    }
}
