package io.mllifecycle.monitoring;

import io.mllifecycle.drift.DriftReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a monitor found in one window of production data.
 *
 * @param index   window number, 0, 1, 2 … (also the step of the recorded metrics)
 * @param start   window start (data time)
 * @param end     window end (data time)
 * @param rows    rows in the window
 * @param drift   the drift report against the version's reference profile
 * @param metrics every recorded value: {@code drift.*}, {@code missing.*}, {@code perf.*}, {@code window.rows}
 * @param alerts  alerts this window raised
 */
public record WindowResult(int index, Instant start, Instant end, int rows, DriftReport drift,
                           Map<String, Double> metrics, List<Alert> alerts) {
    public WindowResult {
        metrics = Map.copyOf(metrics);
        alerts = List.copyOf(alerts);
    }
}
