package io.mllifecycle.monitoring;

import io.mllifecycle.drift.fairness.Disparity;
import io.mllifecycle.drift.fairness.FairnessMetrics;
import io.mllifecycle.drift.fairness.FairnessReport;
import io.mllifecycle.drift.fairness.GroupRates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fairness of the predictions per window ({@link MonitorBuilder#fairness}): Fairlearn's group rates and
 * disparities ({@link FairnessMetrics}) from the thresholded predictions, the labels (with the rows or
 * delayed) and the group column; recorded as {@code fairness.<disparity>} and
 * {@code fairness.group.<group>.{count,positives,selection_rate,true_positive_rate,false_positive_rate}}
 * (rates only where defined; at most {@value #MAX_GROUPS} groups, the largest, get metrics of their own), and
 * an alert when a bounded disparity leaves its bound (once per streak: it re-arms after a window within the
 * bound). Not thread-safe (the monitor serialises calls).
 */
final class FairnessWatch {
    static final String PREFIX = "fairness.";
    static final int MAX_GROUPS = 50;
    static final Set<String> DISPARITIES = Set.of("demographic_parity_difference", "demographic_parity_ratio",
            "true_positive_rate_difference", "false_positive_rate_difference", "equal_opportunity_difference",
            "equalized_odds_difference");

    /** A bounded disparity that left its bound in a window. */
    record Breach(String rule, String message) {}

    private final String column;
    private final double threshold;
    private final Map<String, Double> bounds;
    private final Map<String, Boolean> open = new HashMap<>();

    FairnessWatch(String column, double threshold, Map<String, Double> bounds) {
        this.column = column;
        this.threshold = threshold;
        this.bounds = new TreeMap<>(bounds);
    }

    String column() {
        return column;
    }

    /** Checks bound names and values; used by the builder. */
    static Map<String, Double> checkBounds(Map<String, Double> bounds) {
        if (bounds == null || bounds.isEmpty()) {
            throw new IllegalArgumentException("bounds must name at least one disparity of " + new TreeSet<>(DISPARITIES)
                    + ", but was " + (bounds == null ? "null" : "empty"));
        }
        Map<String, Double> out = new TreeMap<>();
        bounds.forEach((k, v) -> {
            if (k == null || !DISPARITIES.contains(k)) {
                throw new IllegalArgumentException("bounds must name disparities of " + new TreeSet<>(DISPARITIES)
                        + ", but had '" + k + "'");
            }
            if (v == null || !(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("bound of " + k + " must be in [0, 1], but was " + v);
            }
            out.put(k, v);
        });
        return out;
    }

    static String rule(String disparity, double bound) {
        return "fairness " + disparity + (disparity.endsWith("ratio") ? " ≥ " : " ≤ ") + AlertRules.fmt(bound);
    }

    /**
     * The report of the labelled rows, or null when none is labelled.
     *
     * @param labels NaN where a row has no label (yet)
     * @param groups each row's group, null counted as {@value Segments#MISSING}
     */
    FairnessReport report(double[] predictions, double[] labels, String[] groups) {
        int n = 0;
        for (double y : labels) {
            n += Double.isNaN(y) ? 0 : 1;
        }
        if (n == 0) {
            return null;
        }
        boolean[] y = new boolean[n];
        boolean[] yhat = new boolean[n];
        String[] g = new String[n];
        for (int i = 0, k = 0; i < labels.length; i++) {
            if (!Double.isNaN(labels[i])) {
                y[k] = labels[i] == 1;
                yhat[k] = predictions[i] >= threshold;
                g[k++] = groups[i] == null ? Segments.MISSING : groups[i];
            }
        }
        return FairnessMetrics.compute(y, yhat, g);
    }

    static Map<String, Double> metrics(FairnessReport report) {
        Map<String, Double> out = new TreeMap<>();
        report.definedDisparities().forEach((k, v) -> out.put(PREFIX + k, v));
        List<GroupRates> largest = new ArrayList<>(report.groups());
        largest.sort((a, b) -> Long.compare(b.count(), a.count()));
        Map<String, String> keys = new LinkedHashMap<>();
        Set<String> used = new java.util.HashSet<>();
        for (GroupRates g : largest.subList(0, Math.min(MAX_GROUPS, largest.size()))) {
            String k = Segments.key(g.group());
            for (int n = 2; !used.add(k); n++) {
                k = Segments.key(g.group()) + "-" + n;
            }
            String p = PREFIX + "group." + k + ".";
            out.put(p + "count", (double) g.count());
            out.put(p + "positives", (double) g.actualPositives());
            out.put(p + "selection_rate", g.selectionRate().valueOrThrow());
            g.truePositiveRate().valueIfDefined().ifPresent(v -> out.put(p + "true_positive_rate", v));
            g.falsePositiveRate().valueIfDefined().ifPresent(v -> out.put(p + "false_positive_rate", v));
        }
        return out;
    }

    /** The bounded disparities that left their bound, each once per streak. */
    List<Breach> breaches(FairnessReport report) {
        Map<String, Disparity> d = Map.of(
                "demographic_parity_difference", report.demographicParityDifference(),
                "demographic_parity_ratio", report.demographicParityRatio(),
                "true_positive_rate_difference", report.truePositiveRateDifference(),
                "false_positive_rate_difference", report.falsePositiveRateDifference(),
                "equal_opportunity_difference", report.equalOpportunityDifference(),
                "equalized_odds_difference", report.equalizedOddsDifference());
        List<Breach> out = new ArrayList<>();
        bounds.forEach((name, bound) -> {
            if (!(d.get(name) instanceof Disparity.Defined v)) {
                return; // undefined in this window (e.g. a group without positives): no evidence either way
            }
            boolean ratio = name.endsWith("ratio");
            boolean breached = ratio ? v.value() < bound : v.value() > bound;
            boolean wasOpen = open.getOrDefault(name, false);
            open.put(name, breached);
            if (breached && !wasOpen) {
                out.add(new Breach(rule(name, bound), String.format(java.util.Locale.ROOT,
                        "%s of '%s' was %s %s %s: '%s' vs '%s'%s", name, column, AlertRules.fmt(v.value()),
                        ratio ? "<" : ">", AlertRules.fmt(bound), v.highestGroup(), v.lowestGroup(),
                        v.excludedGroups().isEmpty() ? "" : " (left out: " + v.excludedGroups() + ")")));
            }
        });
        return out;
    }
}
