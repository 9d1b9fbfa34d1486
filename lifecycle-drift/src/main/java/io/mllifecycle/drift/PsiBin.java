package io.mllifecycle.drift;

/**
 * One bin of a binned drift statistic, with what each side put in it.
 *
 * @param kind           what the bin holds
 * @param label          for a {@link BinKind#RANGE} the interval, e.g. {@code (1.5, 2.25]}; for a
 *                       {@link BinKind#CATEGORY} the category; otherwise {@code UNSEEN} or
 *                       {@code MISSING}
 * @param lower          exclusive lower edge of a range ({@code -Infinity} for the first); NaN for
 *                       other kinds
 * @param upper          inclusive upper edge of a range ({@code +Infinity} for the last); NaN for
 *                       other kinds
 * @param referenceCount reference values in the bin, ≥ 0
 * @param currentCount   current values in the bin, ≥ 0
 * @param referenceShare the reference share e_i used by the statistic (smoothed or floored), in (0, 1]
 * @param currentShare   the current share a_i used by the statistic, in (0, 1]
 * @param contribution   the bin's term (a_i − e_i)·ln(a_i / e_i), ≥ 0
 */
public record PsiBin(BinKind kind, String label, double lower, double upper, long referenceCount,
        long currentCount, double referenceShare, double currentShare, double contribution) {

    /**
     * Rejects impossible values.
     *
     * @throws IllegalArgumentException if a count is negative, a share is outside (0, 1], the
     *         contribution is negative or NaN, or {@code kind} or {@code label} is null
     */
    public PsiBin {
        if (kind == null || label == null) {
            throw new IllegalArgumentException("kind and label must not be null, but were "
                    + kind + " and " + label);
        }
        if (referenceCount < 0 || currentCount < 0) {
            throw new IllegalArgumentException("counts must be >= 0, but were " + referenceCount
                    + " and " + currentCount + " in bin " + label);
        }
        if (!(referenceShare > 0 && referenceShare <= 1) || !(currentShare > 0 && currentShare <= 1)) {
            throw new IllegalArgumentException("shares must be in (0, 1], but were " + referenceShare
                    + " and " + currentShare + " in bin " + label);
        }
        if (!(contribution >= 0)) {
            throw new IllegalArgumentException("contribution must be >= 0, but was " + contribution
                    + " in bin " + label);
        }
    }
}
