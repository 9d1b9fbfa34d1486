package io.mllifecycle.monitoring;

import io.mllifecycle.drift.DriftReport;
import java.util.Map;

/**
 * What a monitor found in one segment of one window ({@link MonitorBuilder#segmentBy}).
 *
 * @param segment the segment's value of the segment column, {@value Segments#OTHER} for the pooled rest,
 *                or {@value Segments#MISSING} for rows without a value
 * @param key     the segment's part of the recorded metric names, {@code segment.<key>.…}: the value when it
 *                is short and made of letters, digits, {@code _} and {@code -}, else a bounded, escaped form
 *                with a hash suffix; stable for the monitor session
 * @param rows    rows of the window in the segment
 * @param drift   the segment's drift report against its reference, its p-values corrected jointly over
 *                every segment × feature of the window
 * @param metrics the segment's values without the prefix: {@code window.rows}, {@code drift.*},
 *                {@code missing.*} and, where labels came with the rows, {@code perf.*}
 */
public record SegmentResult(String segment, String key, int rows, DriftReport drift, Map<String, Double> metrics) {
    public SegmentResult {
        metrics = Map.copyOf(metrics);
    }
}
