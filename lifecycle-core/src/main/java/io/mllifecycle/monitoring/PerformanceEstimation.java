package io.mllifecycle.monitoring;

import io.mllifecycle.drift.estimation.Cbpe;
import io.mllifecycle.drift.estimation.Metric;
import io.mllifecycle.drift.estimation.MetricEstimate;
import io.mllifecycle.drift.estimation.PerformanceEstimate;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Performance estimated without labels in each window ({@link MonitorBuilder#estimatePerformance}): lifecycle-drift's
 * {@link Cbpe} (NannyML's confidence-based performance estimation) with its calibration fitted on the
 * reference period. Names of the recorded metrics: {@code cbpe.<metric>} (the estimate), {@code .lower},
 * {@code .upper} (the band, ± k sampling errors) and {@code .sampling_error}; once labels are known
 * {@code cbpe.<metric>.realised} and {@code cbpe.<metric>.in_band} (1 or 0), both over the labelled rows and
 * compared with the estimate over those same rows. {@code <metric>} is accuracy, precision, recall, f1 or
 * roc_auc.
 */
final class PerformanceEstimation {
    static final String PREFIX = "cbpe.";
    private final Cbpe cbpe;

    PerformanceEstimation(Cbpe cbpe) {
        this.cbpe = cbpe;
    }

    static String name(Metric m) {
        return PREFIX + m.name().toLowerCase(Locale.ROOT);
    }

    PerformanceEstimate estimate(double[] scores) {
        return cbpe.estimate(scores);
    }

    static Map<String, Double> metrics(PerformanceEstimate estimate) {
        Map<String, Double> out = new TreeMap<>();
        estimate.estimates().forEach((m, e) -> {
            out.put(name(m), e.value());
            out.put(name(m) + ".lower", e.lower());
            out.put(name(m) + ".upper", e.upper());
            out.put(name(m) + ".sampling_error", e.standardError());
        });
        return out;
    }

    /**
     * The realised metrics of the labelled rows beside the estimate over the same rows.
     *
     * @param scores the labelled rows' scores
     * @param labels their labels, 0 or 1
     */
    Map<String, Double> realised(double[] scores, double[] labels) {
        Map<String, Double> out = new TreeMap<>();
        if (scores.length == 0) {
            return out;
        }
        boolean[] y = new boolean[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i] == 1;
        }
        PerformanceEstimate estimate = cbpe.estimate(scores);
        for (Map.Entry<Metric, Double> e : cbpe.realised(scores, y).entrySet()) {
            out.put(name(e.getKey()) + ".realised", e.getValue());
            MetricEstimate band = estimate.estimates().get(e.getKey());
            if (band != null) {
                out.put(name(e.getKey()) + ".in_band", band.covers(e.getValue()) ? 1.0 : 0.0);
            }
        }
        return out;
    }
}
