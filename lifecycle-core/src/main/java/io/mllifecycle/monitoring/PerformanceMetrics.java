package io.mllifecycle.monitoring;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Performance metrics of one window, computed from predictions and labels. */
final class PerformanceMetrics {
    private PerformanceMetrics() {}

    static Map<String, Double> of(Task task, double[] predictions, double[] labels) {
        Map<String, Double> out = new LinkedHashMap<>();
        int n = predictions.length;
        if (n == 0) {
            return out;
        }
        if (task == Task.REGRESSION) {
            double sq = 0;
            double abs = 0;
            for (int i = 0; i < n; i++) {
                double e = predictions[i] - labels[i];
                sq += e * e;
                abs += Math.abs(e);
            }
            out.put("perf.rmse", Math.sqrt(sq / n));
            out.put("perf.mae", abs / n);
            return out;
        }
        int correct = 0;
        int positives = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "] must be 0 or 1 for binary classification, but was "
                        + labels[i]);
            }
            correct += ((predictions[i] >= 0.5) == (labels[i] == 1)) ? 1 : 0;
            positives += labels[i] == 1 ? 1 : 0;
        }
        out.put("perf.accuracy", (double) correct / n);
        if (positives > 0 && positives < n) {
            out.put("perf.auc", auc(predictions, labels, positives));
        }
        return out;
    }

    /** AUC as the Mann–Whitney U statistic over ranks, ties sharing their mean rank. */
    private static double auc(double[] predictions, double[] labels, int positives) {
        int n = predictions.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(predictions[a], predictions[b]));
        double rankSumPositives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && predictions[order[j + 1]] == predictions[order[i]]) {
                j++;
            }
            double meanRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    rankSumPositives += meanRank;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
