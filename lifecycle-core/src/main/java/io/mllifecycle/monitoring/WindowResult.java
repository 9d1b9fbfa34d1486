package io.mllifecycle.monitoring;

import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.estimation.PerformanceEstimate;
import io.mllifecycle.drift.fairness.FairnessReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a monitor found in one window of production data.
 *
 * @param index    window number, 0, 1, 2 … (also the step of the recorded metrics)
 * @param start    window start (data time)
 * @param end      window end (data time)
 * @param rows     rows in the window
 * @param drift    the drift report against the version's reference profile
 * @param metrics  every recorded value: {@code drift.*}, {@code missing.*}, {@code perf.*}, {@code window.rows},
 *                 and with the options of {@link MonitorBuilder} {@code segment.<key>.*}, {@code cbpe.*},
 *                 {@code fairness.*}
 * @param alerts   alerts this window raised
 * @param segments per-segment results by segment value ({@link MonitorBuilder#segmentBy}), in admission
 *                 order with {@code other} and {@code (missing)} last; empty without segments
 * @param estimate performance estimated without labels ({@link MonitorBuilder#estimatePerformance}), or
 *                 null when not configured
 * @param fairness fairness of the window's predictions ({@link MonitorBuilder#fairness}) when its labels came
 *                 with the rows, else null (with delayed labels it is recorded as metrics once they arrive)
 */
public record WindowResult(int index, Instant start, Instant end, int rows, DriftReport drift,
                           Map<String, Double> metrics, List<Alert> alerts,
                           Map<String, SegmentResult> segments, @Nullable PerformanceEstimate estimate,
                           @Nullable FairnessReport fairness) {
    public WindowResult {
        metrics = Map.copyOf(metrics);
        alerts = List.copyOf(alerts);
        segments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(segments));
    }

    /** A window without segments, estimate or fairness. */
    public WindowResult(int index, Instant start, Instant end, int rows, DriftReport drift,
                        Map<String, Double> metrics, List<Alert> alerts) {
        this(index, start, end, rows, drift, metrics, alerts, Map.of(), null, null);
    }
}
