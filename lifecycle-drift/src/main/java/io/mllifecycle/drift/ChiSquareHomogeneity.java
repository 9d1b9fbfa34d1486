package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.BinnedCounts;
import io.mllifecycle.drift.internal.Binner;
import io.mllifecycle.drift.internal.Pearson;

/**
 * Chi-square test that a reference and a current categorical sample come from the same
 * distribution, as {@code scipy.stats.chi2_contingency(table, correction=False)} on the 2×K table
 * of counts. The K columns are the reference categories, then {@code UNSEEN} (current categories
 * absent from the reference) when it is non-empty, then {@code MISSING} when missing values are
 * binned and either side has one. Expected counts are row total × column total / grand total; the
 * statistic has K − 1 degrees of freedom. No Yates correction. With K = 1 the statistic is 0 and
 * the p-value 1, as SciPy.
 */
public final class ChiSquareHomogeneity {

    private ChiSquareHomogeneity() {}

    /** Test with {@code null} rejected. */
    public static ChiSquareResult test(String[] reference, String[] current) {
        return test(reference, current, MissingValues.REJECT);
    }

    /**
     * Test of two categorical samples.
     *
     * @param missing what {@code null} does; not null
     * @throws IllegalArgumentException if a sample is null or empty, has a {@code null} under
     *         {@link MissingValues#REJECT} (naming the index), or has no usable value
     */
    public static ChiSquareResult test(String[] reference, String[] current, MissingValues missing) {
        if (missing == null) {
            throw new IllegalArgumentException("missing must not be null");
        }
        return of(Binner.categorical(reference, current, missing));
    }

    /** The test on bins built elsewhere; empty columns are left out. */
    static ChiSquareResult of(BinnedCounts counts) {
        Pearson.Test t = Pearson.test(counts.reference(), counts.current());
        return new ChiSquareResult(t.statistic(), t.pValue(), t.degreesOfFreedom(),
                counts.referenceTotal(), counts.currentTotal(), counts.labels()[t.topColumn()]);
    }
}
