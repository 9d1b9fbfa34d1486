package io.mllifecycle.drift;

/** A statistic that {@link DriftDetector} can run on a column. */
public enum DriftTest {
    /** Two-sample Kolmogorov–Smirnov on the non-missing values (numeric); has a p-value. */
    KS(true, true, false),
    /** {@link PopulationStabilityIndex} with a {@code MISSING} bin; has a p-value. */
    PSI(true, true, true),
    /** {@link ChiSquareHomogeneity} with a {@code MISSING} column (categorical); has a p-value. */
    CHI_SQUARE(true, false, true),
    /** {@link JensenShannon} distance on the PSI bins; no p-value. */
    JENSEN_SHANNON(false, true, true),
    /** {@link Hellinger} distance on the PSI bins; no p-value. */
    HELLINGER(false, true, true),
    /** {@link LInfinity} distance (categorical); no p-value. */
    L_INFINITY(false, false, true),
    /**
     * The missing-rate check: Pearson chi-square on missing versus present counts of both sides.
     * Always run when either side has a missing value; never listed by the caller.
     */
    MISSING_RATE(true, true, true);

    private final boolean hasPValue;
    private final boolean numeric;
    private final boolean categorical;

    DriftTest(boolean hasPValue, boolean numeric, boolean categorical) {
        this.hasPValue = hasPValue;
        this.numeric = numeric;
        this.categorical = categorical;
    }

    /** Whether the test yields a p-value, so that it can decide a column. */
    public boolean hasPValue() {
        return hasPValue;
    }

    /** Whether the test applies to a column of the given type. */
    public boolean supports(ColumnType type) {
        return type == ColumnType.NUMERIC ? numeric : categorical;
    }
}
