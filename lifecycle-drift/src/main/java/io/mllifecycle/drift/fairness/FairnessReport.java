package io.mllifecycle.drift.fairness;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-group rates and the between-groups disparities of one set of predictions, as computed by
 * {@link FairnessMetrics#compute}. All disparities follow Fairlearn's {@code method="between_groups"}.
 *
 * @param groups                      every group present, ordered by name ({@link String#compareTo})
 * @param demographicParityDifference max − min selection rate over the groups
 * @param demographicParityRatio      min / max selection rate; undefined when every selection rate is 0
 * @param truePositiveRateDifference  max − min true positive rate over the groups that define it
 * @param falsePositiveRateDifference max − min false positive rate over the groups that define it
 * @param equalOpportunityDifference  the same value as {@code truePositiveRateDifference}
 *                                    (Fairlearn's {@code equal_opportunity_difference})
 * @param equalizedOddsDifference     the larger of the true and false positive rate differences
 *                                    (Fairlearn's {@code agg="worst_case"}); undefined when either is
 */
public record FairnessReport(List<GroupRates> groups, Disparity demographicParityDifference,
        Disparity demographicParityRatio, Disparity truePositiveRateDifference,
        Disparity falsePositiveRateDifference, Disparity equalOpportunityDifference,
        Disparity equalizedOddsDifference) {

    /** @throws IllegalArgumentException if a component is null or {@code groups} is empty */
    public FairnessReport {
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("groups must not be null or empty, but was " + groups);
        }
        groups = List.copyOf(groups);
        if (demographicParityDifference == null || demographicParityRatio == null
                || truePositiveRateDifference == null || falsePositiveRateDifference == null
                || equalOpportunityDifference == null || equalizedOddsDifference == null) {
            throw new IllegalArgumentException("disparities must not be null");
        }
    }

    /** The rates of one group, if present. */
    public Optional<GroupRates> group(String name) {
        return groups.stream().filter(g -> g.group().equals(name)).findFirst();
    }

    /** The six disparities by their Fairlearn names, for logging as metrics (only the defined ones). */
    public Map<String, Double> definedDisparities() {
        java.util.LinkedHashMap<String, Double> out = new java.util.LinkedHashMap<>();
        put(out, "demographic_parity_difference", demographicParityDifference);
        put(out, "demographic_parity_ratio", demographicParityRatio);
        put(out, "true_positive_rate_difference", truePositiveRateDifference);
        put(out, "false_positive_rate_difference", falsePositiveRateDifference);
        put(out, "equal_opportunity_difference", equalOpportunityDifference);
        put(out, "equalized_odds_difference", equalizedOddsDifference);
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void put(Map<String, Double> out, String name, Disparity d) {
        d.valueIfDefined().ifPresent(v -> out.put(name, v));
    }
}
