package io.mllifecycle.drift.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Group fairness metrics of a binary classifier from its predictions, the true labels and a group
 * (sensitive feature) column, with the definitions of Fairlearn ({@code fairlearn.metrics}, Bird et
 * al. 2020; Hardt, Price &amp; Srebro 2016 for equal opportunity and equalized odds):
 * <ul>
 *   <li>selection rate of a group: P(ŷ = 1 | A = a);</li>
 *   <li>true positive rate P(ŷ = 1 | y = 1, A = a), false positive rate P(ŷ = 1 | y = 0, A = a);</li>
 *   <li>demographic parity difference max_a − min_a of the selection rate, ratio min_a / max_a;</li>
 *   <li>equal opportunity difference: max − min true positive rate;</li>
 *   <li>equalized odds difference: the larger of the true and false positive rate differences.</li>
 * </ul>
 *
 * <p><b>Groups without positives (or negatives).</b> Fairlearn computes a group's true positive rate
 * through scikit-learn's normalised confusion matrix, which turns 0/0 into 0: a group with no actual
 * positives gets a true positive rate of 0 and can create a gap of up to 1 that no prediction caused.
 * Here such a rate is {@link Rate.Undefined}, the group is left out of that difference and named in
 * {@link Disparity.Defined#excludedGroups()}, and a difference with fewer than two groups that define
 * the rate is {@link Disparity.Undefined}. On data where every group has positives and negatives the
 * values equal Fairlearn's.
 */
public final class FairnessMetrics {

    private FairnessMetrics() {}

    /**
     * Computes the per-group rates and the disparities.
     *
     * @param labels      the true outcomes, {@code true} = positive; not null
     * @param predictions the predicted outcomes, same length; not null
     * @param groups      the group of each row, same length, no null element
     * @throws IllegalArgumentException if an argument is null, the lengths differ, the input is
     *         empty, or a group is null (naming its index)
     */
    public static FairnessReport compute(boolean[] labels, boolean[] predictions, String[] groups) {
        if (labels == null || predictions == null || groups == null) {
            throw new IllegalArgumentException("labels, predictions and groups must not be null");
        }
        if (labels.length != predictions.length || labels.length != groups.length) {
            throw new IllegalArgumentException("labels, predictions and groups must have the same length, but had "
                    + labels.length + ", " + predictions.length + " and " + groups.length);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("labels must not be empty");
        }
        Map<String, long[]> counts = new TreeMap<>(); // count, actual+, predicted+, TP, FP
        for (int i = 0; i < labels.length; i++) {
            if (groups[i] == null) {
                throw new IllegalArgumentException("groups[" + i + "] must not be null");
            }
            long[] c = counts.computeIfAbsent(groups[i], g -> new long[5]);
            c[0]++;
            if (labels[i]) {
                c[1]++;
            }
            if (predictions[i]) {
                c[2]++;
                if (labels[i]) {
                    c[3]++;
                } else {
                    c[4]++;
                }
            }
        }
        List<GroupRates> rates = new ArrayList<>(counts.size());
        counts.forEach((g, c) -> rates.add(new GroupRates(g, c[0], c[1], c[2], c[3], c[4])));
        return of(rates);
    }

    /**
     * The disparities of already counted groups (e.g. counts accumulated over a monitoring window).
     *
     * @throws IllegalArgumentException if {@code groups} is null, empty, or names a group twice
     */
    public static FairnessReport of(List<GroupRates> groups) {
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("groups must not be null or empty, but was " + groups);
        }
        TreeMap<String, GroupRates> byName = new TreeMap<>();
        for (GroupRates g : groups) {
            if (g == null) {
                throw new IllegalArgumentException("groups must not contain null");
            }
            if (byName.put(g.group(), g) != null) {
                throw new IllegalArgumentException("group '" + g.group() + "' appears twice in groups");
            }
        }
        List<GroupRates> sorted = List.copyOf(byName.values());
        Disparity selection = difference(sorted, GroupRates::selectionRate, "selection rate");
        Disparity tpr = difference(sorted, GroupRates::truePositiveRate, "actual positives");
        Disparity fpr = difference(sorted, GroupRates::falsePositiveRate, "actual negatives");
        return new FairnessReport(sorted, selection, ratio(sorted), tpr, fpr, tpr, worst(tpr, fpr));
    }

    private static Disparity difference(List<GroupRates> groups, Function<GroupRates, Rate> rate, String needs) {
        Extremes e = extremes(groups, rate);
        if (e.defined < 2) {
            return new Disparity.Undefined(e.defined == 0 ? "no group has " + needs
                    : "only group '" + e.high + "' has " + needs + "; a difference needs two groups");
        }
        return new Disparity.Defined(e.max - e.min, e.high, e.low, e.excluded);
    }

    private static Disparity ratio(List<GroupRates> groups) {
        Extremes e = extremes(groups, GroupRates::selectionRate);
        if (e.defined < 2) {
            return new Disparity.Undefined("only group '" + e.high + "' is present; a ratio needs two groups");
        }
        if (e.max == 0.0) {
            return new Disparity.Undefined("every group has selection rate 0, so min / max is 0 / 0");
        }
        return new Disparity.Defined(e.min / e.max, e.high, e.low, e.excluded);
    }

    private static Disparity worst(Disparity tpr, Disparity fpr) {
        if (tpr instanceof Disparity.Undefined u) {
            return new Disparity.Undefined("the true positive rate difference is undefined: " + u.reason());
        }
        if (fpr instanceof Disparity.Undefined u) {
            return new Disparity.Undefined("the false positive rate difference is undefined: " + u.reason());
        }
        Disparity.Defined t = (Disparity.Defined) tpr;
        Disparity.Defined f = (Disparity.Defined) fpr;
        return t.value() >= f.value() ? t : f;
    }

    private static Extremes extremes(List<GroupRates> groups, Function<GroupRates, Rate> rate) {
        Extremes e = new Extremes();
        for (GroupRates g : groups) {
            if (!(rate.apply(g) instanceof Rate.Defined d)) {
                e.excluded.add(g.group());
                continue;
            }
            double v = d.rate();
            if (e.defined == 0 || v > e.max) {
                e.max = v;
                e.high = g.group();
            }
            if (e.defined == 0 || v < e.min) {
                e.min = v;
                e.low = g.group();
            }
            e.defined++;
        }
        return e;
    }

    private static final class Extremes {
        int defined;
        double max;
        double min;
        String high = "";
        String low = "";
        final List<String> excluded = new ArrayList<>();
    }
}
