package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.Binner;
import io.mllifecycle.drift.internal.PsiCalculator;

/**
 * Population Stability Index: PSI = Σ_i (a_i − e_i)·ln(a_i / e_i), with e the reference shares and
 * a the current shares of each bin.
 *
 * <p><b>Numeric bins</b> are fitted on the reference only: interior edges at the reference
 * quantiles q_{i/B}, i = 1 … B−1 (linear interpolation, NumPy's default, Hyndman–Fan type 7),
 * outer edges −∞ and +∞, right-closed bins {@code (e_{i−1}, e_i]}, duplicate edges merged (the
 * result reports the B′ bins actually used). This equals NumPy's
 * {@code np.unique(np.quantile(ref, np.arange(1, B) / B))} followed by
 * {@code searchsorted(side='left')}; where NumPy's interpolation would give NaN because a neighbour is
 * ±∞, the infinite neighbour is used. {@code -0.0} counts as {@code 0.0}.
 *
 * <p><b>Categorical bins</b>: one per distinct reference category (in {@link String} order), then
 * {@code UNSEEN} for current values absent from the reference (always present, possibly empty),
 * then {@code MISSING} when {@link MissingValues#BIN} is chosen and either side has a {@code null}.
 *
 * <p><b>Shares</b>: {@link Smoothing#SMOOTHED} (default) a_i = (c_i + α)/(M + α·B′),
 * e_i = (r_i + α)/(N + α·B′) with α = 0.5; {@link Smoothing#EPSILON_FLOOR}: raw shares with a zero
 * replaced by 1e-4 and no renormalisation. The p-value is 1 − F_{χ²(B′−1)}(PSI / (1/N + 1/M)),
 * computed directly in the upper tail so tiny p-values keep their digits.
 *
 * <p>Every method checks its arguments and throws {@link IllegalArgumentException} naming the
 * argument: a null or empty sample, a NaN / {@code null} under {@link MissingValues#REJECT}
 * (the default; the index is named), or no usable value after omitting missing ones.
 */
public final class PopulationStabilityIndex {

    private PopulationStabilityIndex() {}

    /** PSI of numeric samples with the {@linkplain PsiOptions#defaults() default options}. */
    public static PsiResult of(double[] reference, double[] current) {
        return of(reference, current, PsiOptions.defaults());
    }

    /**
     * PSI of numeric samples. Neither array is modified.
     *
     * @param reference the sample the bins are fitted on; not null, at least one non-NaN value
     * @param current   the sample compared with it; not null, at least one value
     * @throws IllegalArgumentException on a bad argument (see the class documentation)
     */
    public static PsiResult of(double[] reference, double[] current, PsiOptions options) {
        checkOptions(options);
        return PsiCalculator.compute(
                Binner.numeric(reference, current, options.bins(), options.missing()), options);
    }

    /** PSI of categorical samples with the {@linkplain PsiOptions#defaults() default options}. */
    public static PsiResult of(String[] reference, String[] current) {
        return of(reference, current, PsiOptions.defaults());
    }

    /**
     * PSI of categorical samples; {@code null} is a missing value. {@link PsiOptions#bins()} is
     * ignored: the bins are the reference categories.
     *
     * @throws IllegalArgumentException on a bad argument (see the class documentation)
     */
    public static PsiResult of(String[] reference, String[] current, PsiOptions options) {
        checkOptions(options);
        return PsiCalculator.compute(
                Binner.categorical(reference, current, options.missing()), options);
    }

    /** PSI of a numeric sample against a fitted profile, with the default options. */
    public static PsiResult of(ReferenceProfile reference, double[] current) {
        return of(reference, current, PsiOptions.defaults());
    }

    /**
     * PSI of a numeric sample against a fitted numeric profile: the fast path for repeated
     * comparisons. The bins are fitted from the profile (for an exact profile they equal those of
     * {@link #of(double[], double[], PsiOptions)} on the original reference, so the results are
     * identical); {@code current} is counted in one pass without being copied, with a branch-free
     * search over the edges. For a sketch profile the edges are the sketch's quantiles and the
     * reference counts its rank estimates; {@link PsiResult#referenceRankError()} says so.
     *
     * <p>Missing reference values recorded in the profile go to the {@code MISSING} bin under
     * {@link MissingValues#BIN} and are reported as omitted otherwise; {@link MissingValues#REJECT}
     * applies to {@code current}.
     *
     * @throws IllegalArgumentException if {@code reference} is null, categorical or has no
     *         non-missing value, or {@code current} is bad (see the class documentation)
     */
    public static PsiResult of(ReferenceProfile reference, double[] current, PsiOptions options) {
        checkOptions(options);
        return PsiCalculator.compute(ProfileBins.numeric(reference, current, options), options,
                reference.rankError());
    }

    /** PSI of a categorical sample against a fitted profile, with the default options. */
    public static PsiResult of(ReferenceProfile reference, String[] current) {
        return of(reference, current, PsiOptions.defaults());
    }

    /**
     * PSI of a categorical sample against a fitted categorical profile; identical to
     * {@link #of(String[], String[], PsiOptions)} on the original reference. Missing reference
     * values are treated as for numeric profiles.
     *
     * @throws IllegalArgumentException if {@code reference} is null, numeric or empty, or
     *         {@code current} is bad (see the class documentation)
     */
    public static PsiResult of(ReferenceProfile reference, String[] current, PsiOptions options) {
        checkOptions(options);
        return PsiCalculator.compute(ProfileBins.categorical(reference, current, options), options);
    }

    static void checkOptions(PsiOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
    }
}
