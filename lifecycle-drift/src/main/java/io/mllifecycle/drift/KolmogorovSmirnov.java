package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.DoubleSort;
import io.mllifecycle.drift.internal.KsSweep;

/**
 * Two-sample Kolmogorov–Smirnov test, agreeing with {@code scipy.stats.ks_2samp(reference, current,
 * alternative, method)}: statistic within 1e-14, p-value within 1e-10 absolute and 1e-6 relative.
 *
 * <p>Definition: with F and G the empirical CDFs of reference and current, evaluated after all
 * values tied at a point are passed in both samples, D = sup |F - G| (two-sided), sup (F - G)
 * ({@link KsAlternative#GREATER}) or sup (G - F) ({@link KsAlternative#LESS}). The p-value is
 * P(D &gt;= d) under the null hypothesis for continuous data; ties are never jittered, they are
 * reported ({@link KsResult#ties()}) and make the p-value conservative. See {@link KsMethod} for
 * how the p-value is computed.
 *
 * <p>Inputs are never modified. {@code -0.0} counts as {@code 0.0}; {@code ±Infinity} are ordinary
 * values. {@code NaN} fails the call naming its index unless {@link NanPolicy#OMIT} is chosen, in
 * which case the result reports how many were left out. Cost: O((n + m) log) for sorting (a radix
 * sort for large samples) and one merge pass; against an exact {@link ReferenceProfile} only the
 * current sample is sorted. Samples of 4096 values or more are sorted in a per-thread working
 * buffer (about 32 bytes per value, held by a soft reference and reused by later calls).
 */
public final class KolmogorovSmirnov {

    private KolmogorovSmirnov() {}

    /** Two-sided test with {@link KsMethod#AUTO} and NaN rejected. */
    public static KsResult twoSample(double[] reference, double[] current) {
        return twoSample(reference, current, KsOptions.defaults());
    }

    /** Two-sided test with the given method and NaN rejected. */
    public static KsResult twoSample(double[] reference, double[] current, KsMethod method) {
        return twoSample(reference, current, KsOptions.defaults().withMethod(method));
    }

    /** Test of the given alternative with {@link KsMethod#AUTO} and NaN rejected. */
    public static KsResult twoSample(double[] reference, double[] current, KsAlternative alternative) {
        return twoSample(reference, current, KsOptions.defaults().withAlternative(alternative));
    }

    /**
     * Test with the given options.
     *
     * @param reference the reference sample, not null, at least one non-NaN value
     * @param current   the current sample, not null, at least one non-NaN value
     * @param options   method, alternative and NaN policy, not null
     * @throws IllegalArgumentException if an argument is null, a sample is empty (after omitting
     *         NaN), or has a NaN under {@link NanPolicy#REJECT}
     */
    public static KsResult twoSample(double[] reference, double[] current, KsOptions options) {
        requireOptions(options);
        DoubleSort.Scratch scratch = DoubleSort.Scratch.forCurrentThread();
        DoubleSort.Sorted ref = DoubleSort.sorted("reference", reference, options.nanPolicy(), 1, scratch, 0);
        DoubleSort.Sorted cur = DoubleSort.sorted("current", current, options.nanPolicy(), 1, scratch, 1);
        return test(ref.values(), ref.length(), cur.values(), cur.length(), ref.nanCount(), cur.nanCount(),
                options);
    }

    /** Two-sided test of {@code current} against a fitted profile with {@link KsMethod#AUTO}. */
    public static KsResult twoSample(ReferenceProfile reference, double[] current) {
        return twoSample(reference, current, KsOptions.defaults());
    }

    /**
     * Test of {@code current} against a fitted numeric profile. An exact profile gives exactly the
     * result of {@link #twoSample(double[], double[], KsOptions)} on its values (its missing values
     * reported as {@link KsResult#referenceNanOmitted()}). A sketch profile gives an approximate
     * result: the statistic within {@link KsResult#statisticError()} (the sketch's rank-error bound,
     * at DataSketches' 99% confidence) and a conservative asymptotic p-value evaluated at
     * {@code statistic - statisticError}, flagged {@link KsResult#approximate()}.
     *
     * @throws IllegalArgumentException if an argument is null, the profile is categorical or has no
     *         values, or {@code current} is empty or has a NaN under {@link NanPolicy#REJECT}
     */
    public static KsResult twoSample(ReferenceProfile reference, double[] current, KsOptions options) {
        requireOptions(options);
        if (reference == null) {
            throw new IllegalArgumentException("reference must not be null");
        }
        if (!reference.isNumeric()) {
            throw new IllegalArgumentException("reference must be a numeric profile, but column '"
                    + reference.column() + "' is categorical");
        }
        if (reference.count() == 0) {
            throw new IllegalArgumentException("reference must have at least 1 non-missing value, but column '"
                    + reference.column() + "' has none");
        }
        DoubleSort.Sorted cur = DoubleSort.sorted("current", current, options.nanPolicy(), 1,
                DoubleSort.Scratch.forCurrentThread(), 1);
        if (reference.isExact()) {
            double[] x = reference.sortedValues();
            return test(x, x.length, cur.values(), cur.length(), reference.missingCount(), cur.nanCount(),
                    options);
        }
        return KsSketchTest.test(reference, cur.values(), cur.length(), cur.nanCount(), options);
    }

    static KsResult test(double[] x, int n, double[] y, int m, long xNan, long yNan, KsOptions options) {
        KsSweep sweep = KsSweep.of(x, n, y, m);
        KsAlternative alt = options.alternative();
        boolean less = alt == KsAlternative.LESS
                || (alt == KsAlternative.TWO_SIDED && sweep.minDiff() > sweep.maxDiff());
        double d = less ? sweep.minDiff() : sweep.maxDiff();
        KsInference.Outcome out = KsInference.infer(d, n, m, alt, options.method());
        return new KsResult(out.statistic(), out.pValue(), out.method(), alt, n, m,
                less ? sweep.minLocation() : sweep.maxLocation(), less ? -1 : 1, sweep.ties(),
                xNan, yNan, false, 0.0, out.note());
    }

    private static void requireOptions(KsOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use KsOptions.defaults())");
        }
    }
}
