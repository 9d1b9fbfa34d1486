package io.mllifecycle.monitoring;

import io.mllifecycle.store.spi.Checks;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * When a monitor calls the {@link RetrainingTrigger}: a condition holding for K consecutive windows,
 * at most once per cooldown (measured in data time, between window ends).
 */
public final class RetrainingPolicy {
    private final String description;
    private final Predicate<WindowResult> condition;
    private final int windows;
    private final Duration cooldown;

    private RetrainingPolicy(String description, Predicate<WindowResult> condition, int windows, Duration cooldown) {
        this.description = description;
        this.condition = condition;
        this.windows = windows;
        this.cooldown = cooldown;
    }

    /** Retrain when at least {@code features} columns drifted in each of {@code k} consecutive windows. */
    public static RetrainingPolicy whenDriftedFeatures(int features, int k) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be ≥ 1, but was " + features);
        }
        return new RetrainingPolicy("≥ " + features + " drifted feature(s) for " + checkK(k) + " window(s)",
                w -> w.drift().drifted().size() >= features, k, Duration.ofDays(1));
    }

    /** Retrain when window metric {@code metric} (e.g. {@code perf.auc}) is below {@code bound} for {@code k} windows. */
    public static RetrainingPolicy whenMetricBelow(String metric, double bound, int k) {
        Checks.key("metric", metric);
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("bound must be finite, but was " + bound);
        }
        return new RetrainingPolicy(metric + " < " + bound + " for " + checkK(k) + " window(s)",
                w -> w.metrics().containsKey(metric) && w.metrics().get(metric) < bound, k, Duration.ofDays(1));
    }

    /** @return this policy with another cooldown (default one day); zero allows every streak */
    public RetrainingPolicy cooldown(Duration cooldown) {
        Checks.notNull("cooldown", cooldown);
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be ≥ 0, but was " + cooldown);
        }
        return new RetrainingPolicy(description, condition, windows, cooldown);
    }

    String description() {
        return description;
    }

    boolean holds(WindowResult w) {
        return condition.test(w);
    }

    int windows() {
        return windows;
    }

    Duration cooldownPeriod() {
        return cooldown;
    }

    private static int checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k (consecutive windows) must be ≥ 1, but was " + k);
        }
        return k;
    }

    @Override
    public String toString() {
        return description + ", cooldown " + cooldown;
    }
}
