package io.mllifecycle.drift;

/**
 * Options of {@link PopulationStabilityIndex}. Start from {@link #defaults()} and change what you
 * need: {@code PsiOptions.defaults().withBins(20).withMissing(MissingValues.BIN)}.
 *
 * @param bins      number of quantile bins B for numeric data, at least 2 (default 10); ignored
 *                  for categorical data, whose bins are the reference categories
 * @param smoothing how shares are formed from counts (default {@link Smoothing#SMOOTHED})
 * @param alpha     the additive smoothing constant α, finite and positive (default 0.5); used by
 *                  {@link Smoothing#SMOOTHED} only
 * @param missing   what to do with {@code NaN} / {@code null} (default {@link MissingValues#REJECT})
 */
public record PsiOptions(int bins, Smoothing smoothing, double alpha, MissingValues missing) {

    /** The largest number of numeric bins accepted. */
    public static final int MAX_BINS = 1 << 16;

    private static final PsiOptions DEFAULTS =
            new PsiOptions(10, Smoothing.SMOOTHED, 0.5, MissingValues.REJECT);

    /**
     * Checks every option.
     *
     * @throws IllegalArgumentException if {@code bins} is outside [2, 65536], {@code alpha} is not a
     *         finite positive number, or {@code smoothing} or {@code missing} is null
     */
    public PsiOptions {
        if (bins < 2 || bins > MAX_BINS) {
            throw new IllegalArgumentException(
                    "bins must be between 2 and " + MAX_BINS + ", but was " + bins);
        }
        if (smoothing == null) {
            throw new IllegalArgumentException("smoothing must not be null");
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number > 0, but was " + alpha);
        }
        if (missing == null) {
            throw new IllegalArgumentException("missing must not be null");
        }
    }

    /** B = 10, {@link Smoothing#SMOOTHED} with α = 0.5, missing values rejected. */
    public static PsiOptions defaults() {
        return DEFAULTS;
    }

    /** Returns a copy with {@code bins} numeric bins; see {@link #bins()}. */
    public PsiOptions withBins(int bins) {
        return new PsiOptions(bins, smoothing, alpha, missing);
    }

    /** Returns a copy with the given smoothing mode. */
    public PsiOptions withSmoothing(Smoothing smoothing) {
        return new PsiOptions(bins, smoothing, alpha, missing);
    }

    /** Returns a copy with the given smoothing constant; see {@link #alpha()}. */
    public PsiOptions withAlpha(double alpha) {
        return new PsiOptions(bins, smoothing, alpha, missing);
    }

    /** Returns a copy with the given missing-value handling. */
    public PsiOptions withMissing(MissingValues missing) {
        return new PsiOptions(bins, smoothing, alpha, missing);
    }

}
