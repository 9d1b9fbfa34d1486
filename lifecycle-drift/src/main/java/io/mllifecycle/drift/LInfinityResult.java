package io.mllifecycle.drift;

/**
 * The largest change in share of any one category.
 *
 * @param distance       max_i |p_i − q_i| over the bins, in [0, 1]
 * @param category       the category where it happens (the first on a tie), or {@code UNSEEN} /
 *                       {@code MISSING}
 * @param kind           what that bin holds
 * @param referenceShare that category's raw share in the reference, in [0, 1]
 * @param currentShare   that category's raw share in the current sample, in [0, 1]
 */
public record LInfinityResult(double distance, String category, BinKind kind, double referenceShare,
        double currentShare) {

    /**
     * Rejects impossible values.
     *
     * @throws IllegalArgumentException if a number is outside [0, 1] or a name or kind is null
     */
    public LInfinityResult {
        if (!(distance >= 0 && distance <= 1) || !(referenceShare >= 0 && referenceShare <= 1)
                || !(currentShare >= 0 && currentShare <= 1)) {
            throw new IllegalArgumentException("distance and shares must be in [0, 1], but were "
                    + distance + ", " + referenceShare + ", " + currentShare);
        }
        if (category == null || kind == null) {
            throw new IllegalArgumentException("category and kind must not be null");
        }
    }
}
