package io.mllifecycle.drift.estimation;

import java.util.Map;
import java.util.Optional;

/**
 * The estimated performance of one window.
 *
 * @param windowSize rows in the window, at least 1
 * @param estimates  the metrics that the calibrated probabilities define
 * @param undefined  the other metrics, each with the reason (e.g. no row is predicted positive)
 */
public record PerformanceEstimate(int windowSize, Map<Metric, MetricEstimate> estimates, Map<Metric, String> undefined) {

    /** @throws IllegalArgumentException if a component is out of range */
    public PerformanceEstimate {
        if (windowSize < 1) {
            throw new IllegalArgumentException("windowSize must be >= 1, but was " + windowSize);
        }
        if (estimates == null || undefined == null) {
            throw new IllegalArgumentException("estimates and undefined must not be null");
        }
        estimates = Map.copyOf(estimates);
        undefined = Map.copyOf(undefined);
    }

    /** The estimate of {@code metric}, if defined. */
    public Optional<MetricEstimate> get(Metric metric) {
        return Optional.ofNullable(estimates.get(metric));
    }
}
