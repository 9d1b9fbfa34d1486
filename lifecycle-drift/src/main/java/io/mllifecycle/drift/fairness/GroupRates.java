package io.mllifecycle.drift.fairness;

/**
 * The confusion counts and rates of one group.
 *
 * @param group              the group value
 * @param count              rows of the group, at least 1
 * @param actualPositives    rows with label {@code true}
 * @param predictedPositives rows with prediction {@code true}
 * @param truePositives      rows with label and prediction {@code true}
 * @param falsePositives     rows with label {@code false} and prediction {@code true}
 */
public record GroupRates(String group, long count, long actualPositives, long predictedPositives,
        long truePositives, long falsePositives) {

    /** @throws IllegalArgumentException if the counts are inconsistent */
    public GroupRates {
        if (group == null) {
            throw new IllegalArgumentException("group must not be null");
        }
        if (count < 1 || actualPositives < 0 || actualPositives > count || predictedPositives < 0
                || predictedPositives > count || truePositives < 0 || truePositives > actualPositives
                || falsePositives < 0 || falsePositives > count - actualPositives
                || truePositives + falsePositives != predictedPositives) {
            throw new IllegalArgumentException("group '" + group + "' has inconsistent counts: count=" + count
                    + ", actualPositives=" + actualPositives + ", predictedPositives=" + predictedPositives
                    + ", truePositives=" + truePositives + ", falsePositives=" + falsePositives);
        }
    }

    /** Rows with label {@code false}. */
    public long actualNegatives() {
        return count - actualPositives;
    }

    /** Selection rate P(ŷ = 1 | A = group): predicted positives / count (Fairlearn's {@code selection_rate}); always defined. */
    public Rate selectionRate() {
        return new Rate.Defined(predictedPositives, count);
    }

    /** True positive rate P(ŷ = 1 | y = 1, A = group); undefined when the group has no actual positives. */
    public Rate truePositiveRate() {
        return Rate.of(truePositives, actualPositives, "group '" + group + "' has no actual positives");
    }

    /** False positive rate P(ŷ = 1 | y = 0, A = group); undefined when the group has no actual negatives. */
    public Rate falsePositiveRate() {
        return Rate.of(falsePositives, actualNegatives(), "group '" + group + "' has no actual negatives");
    }
}
