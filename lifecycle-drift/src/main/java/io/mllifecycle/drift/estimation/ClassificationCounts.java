package io.mllifecycle.drift.estimation;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/** Scores of one window sorted once, with their mid-ranks, so that metrics of many labelings are cheap. */
final class ClassificationCounts {

    final double[] scores;
    final boolean[] predicted;
    final double[] midRanks; // 1-based mid-ranks of the scores

    ClassificationCounts(double[] scores, double threshold) {
        this.scores = scores;
        int n = scores.length;
        predicted = new boolean[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = scores[i] >= threshold;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        midRanks = new double[n];
        for (int k = 0; k < n; ) {
            int end = k;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[k]]) {
                end++;
            }
            double rank = (k + end) / 2.0 + 1;
            for (int j = k; j <= end; j++) {
                midRanks[order[j]] = rank;
            }
            k = end + 1;
        }
    }

    /** The realised metrics of {@code labels}; undefined ones are absent. */
    Map<Metric, Double> metrics(boolean[] labels) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long positives = 0;
        double rankSum = 0;
        int n = labels.length;
        for (int i = 0; i < n; i++) {
            if (labels[i]) {
                positives++;
                rankSum += midRanks[i];
                if (predicted[i]) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (predicted[i]) {
                fp++;
            }
        }
        long tn = n - tp - fp - fn;
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        out.put(Metric.ACCURACY, (double) (tp + tn) / n);
        if (tp + fp > 0) {
            out.put(Metric.PRECISION, (double) tp / (tp + fp));
        }
        if (positives > 0) {
            out.put(Metric.RECALL, (double) tp / positives);
        }
        if (tp + fp + fn > 0) {
            out.put(Metric.F1, 2.0 * tp / (2.0 * tp + fp + fn));
        }
        long negatives = n - positives;
        if (positives > 0 && negatives > 0) {
            out.put(Metric.ROC_AUC, (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives));
        }
        return out;
    }
}
