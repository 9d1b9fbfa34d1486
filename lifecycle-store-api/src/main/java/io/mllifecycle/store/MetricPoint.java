package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;

/**
 * One value of a metric series.
 *
 * @param key       metric name, e.g. {@code loss}
 * @param value     a finite value
 * @param step      the caller's step (epoch, batch …); any long, need not be increasing
 * @param timestamp when the value was measured
 */
public record MetricPoint(String key, double value, long step, Instant timestamp) {
    public MetricPoint {
        Checks.key("metric key", key);
        if (!Double.isFinite(value)) { // the message only when it fails: a point is made per logged value
            Checks.finite("metric '" + key + "' at step " + step, value);
        }
        Checks.notNull("timestamp", timestamp);
    }
}
