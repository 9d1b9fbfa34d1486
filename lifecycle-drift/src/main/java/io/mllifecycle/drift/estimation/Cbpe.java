package io.mllifecycle.drift.estimation;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Confidence-based performance estimation (CBPE) of a binary classifier, after NannyML's CBPE
 * (NannyML documentation, "Estimating Performance for Binary Classification"; the idea goes back to
 * estimating a confusion matrix from calibrated confidences): the model's scores on the reference
 * period, with their labels, fit an {@link IsotonicCalibration isotonic calibration}; in a window
 * without labels each row's calibrated probability p_i is its expected label, so with the model's
 * decisions ŷ_i = (score_i ≥ threshold) the expected confusion matrix is TP = Σ_{ŷ=1} p_i,
 * FP = Σ_{ŷ=1} (1 − p_i), FN = Σ_{ŷ=0} p_i, TN = Σ_{ŷ=0} (1 − p_i), and the estimates are the
 * metrics of these expected counts (ROC AUC: expected concordant pairs over expected
 * positive–negative pairs).
 *
 * <p><b>Band.</b> The sampling error is the standard deviation of the realised metric when the window's
 * labels are drawn as independent Bernoulli(p_i) ({@link Builder#simulations} draws, fixed seed) —
 * the spread that the labels, once they arrive, will show around the estimate. The band is
 * estimate ± k · sampling error with k = 3 by default, NannyML's width. NannyML derives its
 * sampling error from reference chunks instead; the Monte Carlo form needs no chunk size and covers
 * ROC AUC the same way.
 *
 * <p><b>Assumptions.</b> CBPE is valid under covariate shift (the inputs move, P(y | x) does not) for a
 * model that the reference calibration describes. It is <em>blind to concept drift</em>: when
 * P(y | x) changes, the calibrated probabilities keep the reference relation and the estimate does
 * not move, while realised performance does. Compare with {@link #realised} once labels arrive.
 */
public final class Cbpe {

    private final IsotonicCalibration calibration;
    private final double threshold;
    private final double bandWidth;
    private final int simulations;
    private final long seed;

    private Cbpe(IsotonicCalibration calibration, Builder b) {
        this.calibration = calibration;
        this.threshold = b.threshold;
        this.bandWidth = b.bandWidth;
        this.simulations = b.simulations;
        this.seed = b.seed;
    }

    /** A builder with threshold 0.5, band ±3 sampling errors, 200 simulations, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The calibration fitted on the reference period. */
    public IsotonicCalibration calibration() {
        return calibration;
    }

    /**
     * Estimates the metrics of a window from its scores alone.
     *
     * @param scores the model's scores of the window's rows, finite, not empty
     * @throws IllegalArgumentException if {@code scores} is null, empty, or holds a value that is not
     *         finite (naming its index)
     */
    public PerformanceEstimate estimate(double[] scores) {
        checkScores(scores);
        int n = scores.length;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = calibration.probability(scores[i]);
        }
        ClassificationCounts counts = new ClassificationCounts(scores, threshold);
        Map<Metric, Double> expected = expected(counts, p);
        Map<Metric, double[]> draws = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            draws.put(m, new double[simulations]);
        }
        int[] defined = new int[Metric.values().length];
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] labels = new boolean[n];
        for (int s = 0; s < simulations; s++) {
            for (int i = 0; i < n; i++) {
                labels[i] = rng.nextDouble() < p[i];
            }
            for (Map.Entry<Metric, Double> e : counts.metrics(labels).entrySet()) {
                int k = e.getKey().ordinal();
                draws.get(e.getKey())[defined[k]++] = e.getValue();
            }
        }
        Map<Metric, MetricEstimate> estimates = new EnumMap<>(Metric.class);
        Map<Metric, String> undefined = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            Double value = expected.get(m);
            int k = defined[m.ordinal()];
            if (value == null) {
                undefined.put(m, reason(m));
            } else if (k < 2) {
                undefined.put(m, m + " is undefined in " + (simulations - k) + " of " + simulations
                        + " simulated labelings, so its sampling error cannot be estimated");
            } else {
                double se = standardDeviation(draws.get(m), k);
                double v = Math.min(1.0, Math.max(0.0, value));
                estimates.put(m, new MetricEstimate(m, v, se, Math.max(0.0, v - bandWidth * se),
                        Math.min(1.0, v + bandWidth * se)));
            }
        }
        return new PerformanceEstimate(n, estimates, undefined);
    }

    /**
     * The realised metrics of a labelled window, with the same definitions and decision threshold;
     * metrics the labels do not define (see {@link Metric}) are absent.
     *
     * @throws IllegalArgumentException if an argument is null, empty, of another length, or a score
     *         is not finite
     */
    public Map<Metric, Double> realised(double[] scores, boolean[] labels) {
        checkScores(scores);
        if (labels == null || labels.length != scores.length) {
            throw new IllegalArgumentException("labels must have the length of scores (" + scores.length + "), but had "
                    + (labels == null ? "null" : labels.length));
        }
        return Map.copyOf(new ClassificationCounts(scores, threshold).metrics(labels));
    }

    private static Map<Metric, Double> expected(ClassificationCounts c, double[] p) {
        int n = p.length;
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double tn = 0;
        long predictedPositives = 0;
        for (int i = 0; i < n; i++) {
            if (c.predicted[i]) {
                predictedPositives++;
                tp += p[i];
                fp += 1 - p[i];
            } else {
                fn += p[i];
                tn += 1 - p[i];
            }
        }
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        out.put(Metric.ACCURACY, (tp + tn) / n);
        if (predictedPositives > 0 && tp + fp > 0) {
            out.put(Metric.PRECISION, tp / (tp + fp));
        }
        if (tp + fn > 0) {
            out.put(Metric.RECALL, tp / (tp + fn));
        }
        if (2 * tp + fp + fn > 0) {
            out.put(Metric.F1, 2 * tp / (2 * tp + fp + fn));
        }
        double auc = expectedAuc(c.scores, p);
        if (!Double.isNaN(auc)) {
            out.put(Metric.ROC_AUC, auc);
        }
        return out;
    }

    /** E[concordant pairs] / E[positive–negative pairs] over distinct rows, ties one half; NaN if 0/0. */
    private static double expectedAuc(double[] scores, double[] p) {
        int n = p.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double negativesBelow = 0;
        double numerator = 0;
        double sumP = 0;
        double sumQ = 0;
        double sumPQ = 0;
        for (int k = 0; k < n; ) {
            int end = k;
            double groupNeg = 0;
            while (end < n && scores[order[end]] == scores[order[k]]) {
                groupNeg += 1 - p[order[end]];
                end++;
            }
            for (int j = k; j < end; j++) {
                double pi = p[order[j]];
                double qi = 1 - pi;
                numerator += pi * (negativesBelow + 0.5 * (groupNeg - qi));
                sumP += pi;
                sumQ += qi;
                sumPQ += pi * qi;
            }
            negativesBelow += groupNeg;
            k = end;
        }
        double pairs = sumP * sumQ - sumPQ;
        return pairs > 0 ? numerator / pairs : Double.NaN;
    }

    private static String reason(Metric m) {
        return switch (m) {
            case PRECISION -> "no row is predicted positive";
            case RECALL -> "every calibrated probability is 0, so no positive is expected";
            case F1 -> "no positive is predicted or expected";
            case ROC_AUC -> "the calibrated probabilities expect only one class";
            case ACCURACY -> "accuracy is always defined";
        };
    }

    private static double standardDeviation(double[] v, int k) {
        double mean = 0;
        for (int i = 0; i < k; i++) {
            mean += v[i];
        }
        mean /= k;
        double ss = 0;
        for (int i = 0; i < k; i++) {
            ss += (v[i] - mean) * (v[i] - mean);
        }
        return Math.sqrt(ss / (k - 1));
    }

    private static void checkScores(double[] scores) {
        if (scores == null) {
            throw new IllegalArgumentException("scores must not be null");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("scores must not be empty");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "] must be finite, but was " + scores[i]);
            }
        }
    }

    /** Options of {@link Cbpe}. */
    public static final class Builder {
        private double threshold = 0.5;
        private double bandWidth = 3.0;
        private int simulations = 200;
        private long seed;

        private Builder() {}

        /**
         * The model's decision threshold on its raw scores: ŷ = (score ≥ threshold). Default 0.5.
         *
         * @throws IllegalArgumentException if not finite
         */
        public Builder threshold(double threshold) {
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("threshold must be finite, but was " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /**
         * k, the band's half-width in sampling errors. Default 3.
         *
         * @throws IllegalArgumentException unless positive and finite
         */
        public Builder bandWidth(double k) {
            if (!(k > 0.0) || Double.isInfinite(k)) {
                throw new IllegalArgumentException("bandWidth must be positive and finite, but was " + k);
            }
            this.bandWidth = k;
            return this;
        }

        /**
         * Simulated labelings per window for the sampling error. Default 200.
         *
         * @throws IllegalArgumentException if below 10
         */
        public Builder simulations(int simulations) {
            if (simulations < 10) {
                throw new IllegalArgumentException("simulations must be >= 10, but was " + simulations);
            }
            this.simulations = simulations;
            return this;
        }

        /** The seed of the simulations (estimates are reproducible). Default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Fits the calibration on the reference period.
         *
         * @param referenceScores the model's scores on the reference rows, finite, not empty
         * @param referenceLabels their labels, same length, both classes present
         * @throws IllegalArgumentException if an argument is null, empty, of another length, a score is
         *         not finite, or only one class occurs
         */
        public Cbpe fit(double[] referenceScores, boolean[] referenceLabels) {
            checkScores(referenceScores);
            if (referenceLabels == null || referenceLabels.length != referenceScores.length) {
                throw new IllegalArgumentException("referenceLabels must have the length of referenceScores ("
                        + referenceScores.length + "), but had " + (referenceLabels == null ? "null" : referenceLabels.length));
            }
            int positives = 0;
            for (boolean b : referenceLabels) {
                positives += b ? 1 : 0;
            }
            if (positives == 0 || positives == referenceLabels.length) {
                throw new IllegalArgumentException("referenceLabels must contain both classes, but had " + positives
                        + " positives of " + referenceLabels.length);
            }
            return new Cbpe(IsotonicCalibration.fit(referenceScores, referenceLabels), this);
        }
    }
}
