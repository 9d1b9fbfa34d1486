package io.mllifecycle.drift;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link DriftDetector} found for one column, and why.
 *
 * @param column           the column name
 * @param type             numeric or categorical
 * @param verdict          drift, no drift, or insufficient data
 * @param decidingTest     the test whose corrected p-value made the verdict {@link Verdict#DRIFT};
 *                         for other verdicts the column's main test (null when nothing was tested)
 * @param outcomes         every statistic computed, in the configured order, the missing-rate check last
 * @param psi              the full PSI result when PSI was computed (for its bins), else null
 * @param topBin           the bin or category that contributed most to the change, when known
 * @param referenceCount   non-missing reference values, ≥ 0
 * @param currentCount     non-missing current values, ≥ 0
 * @param referenceMissing missing reference values ({@code NaN} / {@code null}), ≥ 0
 * @param currentMissing   missing current values, ≥ 0
 * @param reason           one or two sentences a person can read: the numbers behind the verdict
 */
public record ColumnReport(String column, ColumnType type, Verdict verdict,
        @Nullable DriftTest decidingTest, List<TestOutcome> outcomes, @Nullable PsiResult psi,
        @Nullable String topBin, long referenceCount, long currentCount, long referenceMissing,
        long currentMissing, String reason) {

    /**
     * Copies the list and rejects impossible values.
     *
     * @throws IllegalArgumentException if a required component is null or a count is negative
     */
    public ColumnReport {
        if (column == null || type == null || verdict == null || outcomes == null || reason == null) {
            throw new IllegalArgumentException("column, type, verdict, outcomes and reason must not be null");
        }
        if (referenceCount < 0 || currentCount < 0 || referenceMissing < 0 || currentMissing < 0) {
            throw new IllegalArgumentException("counts must be >= 0, but were " + referenceCount + ", "
                    + currentCount + ", " + referenceMissing + ", " + currentMissing + " for column " + column);
        }
        outcomes = List.copyOf(outcomes);
    }

    /** The outcome of one test, if it ran on this column. */
    public Optional<TestOutcome> outcome(DriftTest test) {
        return outcomes.stream().filter(o -> o.test() == test).findFirst();
    }

    /** Share of reference values that are missing, in [0, 1] (0 for an empty side). */
    public double referenceMissingRate() {
        return rate(referenceMissing, referenceCount);
    }

    /** Share of current values that are missing, in [0, 1] (0 for an empty side). */
    public double currentMissingRate() {
        return rate(currentMissing, currentCount);
    }

    private static double rate(long missing, long present) {
        return missing == 0 ? 0.0 : (double) missing / (missing + present);
    }
}
