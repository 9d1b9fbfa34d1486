package io.mllifecycle.drift.estimation;

import java.util.Arrays;

/**
 * A monotone map from model scores to probabilities, fitted by isotonic regression of the labels on
 * the scores (pool-adjacent-violators; Zadrozny &amp; Elkan 2002), evaluated like scikit-learn's
 * {@code IsotonicRegression(out_of_bounds="clip")}: linear interpolation between the fitted points,
 * constant beyond the fitted range. Immutable.
 */
public final class IsotonicCalibration {

    private final double[] x;
    private final double[] y;

    private IsotonicCalibration(double[] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /**
     * Fits the calibration.
     *
     * @param scores model scores, finite, not empty
     * @param labels the outcomes, same length
     * @throws IllegalArgumentException if an argument is null, empty, of another length, or a score
     *         is not finite (naming its index)
     */
    public static IsotonicCalibration fit(double[] scores, boolean[] labels) {
        if (scores == null || labels == null) {
            throw new IllegalArgumentException("scores and labels must not be null");
        }
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels must have the same length, but had "
                    + scores.length + " and " + labels.length);
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("scores must not be empty");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "] must be finite, but was " + scores[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        // tied scores first become one point (their mean label), as scikit-learn does
        double[] px = new double[n];
        double[] sum = new double[n];
        double[] weight = new double[n];
        int blocks = 0;
        for (int k = 0; k < n; ) {
            double s = scores[order[k]];
            double pos = 0;
            int w = 0;
            while (k < n && scores[order[k]] == s) {
                pos += labels[order[k]] ? 1 : 0;
                w++;
                k++;
            }
            px[blocks] = s;
            sum[blocks] = pos;
            weight[blocks] = w;
            blocks++;
        }
        // pool adjacent violators over the points; each block keeps the range of points it covers
        double[] bSum = new double[blocks];
        double[] bWeight = new double[blocks];
        int[] bEnd = new int[blocks];
        int top = 0;
        for (int i = 0; i < blocks; i++) {
            bSum[top] = sum[i];
            bWeight[top] = weight[i];
            bEnd[top] = i;
            top++;
            while (top > 1 && bSum[top - 2] / bWeight[top - 2] >= bSum[top - 1] / bWeight[top - 1]) {
                bSum[top - 2] += bSum[top - 1];
                bWeight[top - 2] += bWeight[top - 1];
                bEnd[top - 2] = bEnd[top - 1];
                top--;
            }
        }
        double[] py = new double[blocks];
        int start = 0;
        for (int b = 0; b < top; b++) {
            double v = bSum[b] / bWeight[b];
            for (int i = start; i <= bEnd[b]; i++) {
                py[i] = v;
            }
            start = bEnd[b] + 1;
        }
        return new IsotonicCalibration(Arrays.copyOf(px, blocks), py);
    }

    /**
     * The calibrated probability of {@code score}, in [0, 1].
     *
     * @throws IllegalArgumentException if {@code score} is NaN
     */
    public double probability(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score must not be NaN");
        }
        if (score <= x[0]) {
            return y[0];
        }
        if (score >= x[x.length - 1]) {
            return y[y.length - 1];
        }
        int i = Arrays.binarySearch(x, score);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double f = (score - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + f * (y[hi] - y[lo]);
    }
}
