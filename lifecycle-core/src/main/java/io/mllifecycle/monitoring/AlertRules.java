package io.mllifecycle.monitoring;

import io.mllifecycle.drift.ColumnReport;
import io.mllifecycle.drift.DriftTest;
import io.mllifecycle.drift.TestOutcome;
import io.mllifecycle.drift.Verdict;
import io.mllifecycle.store.spi.Checks;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Built-in alert rules. Each factory checks its arguments at once. The drift rules (including
 * {@link #missingRateJump}, a change against the reference) raise {@link Alert.Kind#DRIFT} alerts, the metric
 * rules {@link Alert.Kind#METRIC}; {@link Alert.Kind#DATA_QUALITY} alerts come from {@link MonitorBuilder#expect}.
 */
public final class AlertRules {
    private AlertRules() {}

    /** Alerts when the drift detector's overall verdict is DRIFT (K = 1); names the drifted columns. */
    public static AlertRule driftVerdict() {
        return rule("drift verdict", 1, Alert.Kind.DRIFT, w -> w.drift().verdict() != Verdict.DRIFT ? Optional.empty()
                : Optional.of("drift in " + w.drift().drifted().size() + " column(s): " + w.drift().drifted().stream()
                        .map(c -> "'" + c.column() + "' (" + c.reason() + ")").reduce((a, b) -> a + "; " + b).orElse("")));
    }

    /** Alerts when {@code test}'s statistic exceeds {@code bound} in any column for {@code k} windows. */
    public static AlertRule statisticAbove(DriftTest test, double bound, int k) {
        Checks.notNull("test", test);
        finite("bound", bound);
        String name = test + " > " + fmt(bound) + " for " + k + " window(s)";
        return rule(name, k, Alert.Kind.DRIFT, w -> {
            for (ColumnReport c : w.drift().columns()) {
                Optional<TestOutcome> o = c.outcome(test);
                if (o.isPresent() && o.get().statistic() > bound) {
                    return Optional.of(String.format(Locale.ROOT, "%s of '%s' was %s > %s%s", test, c.column(),
                            fmt(o.get().statistic()), fmt(bound),
                            o.get().topBin() == null ? "" : " (largest change in bin " + o.get().topBin() + ")"));
                }
            }
            return Optional.empty();
        });
    }

    /** Alerts when recorded window metric {@code metric} (e.g. {@code perf.accuracy}) is below {@code bound} for {@code k} windows. */
    public static AlertRule metricBelow(String metric, double bound, int k) {
        Checks.key("metric", metric);
        finite("bound", bound);
        return rule(metric + " < " + fmt(bound) + " for " + k + " window(s)", k, Alert.Kind.METRIC, w -> {
            Double v = w.metrics().get(metric);
            return v != null && v < bound ? Optional.of(metric + " was " + fmt(v) + " < " + fmt(bound)) : Optional.empty();
        });
    }

    /** Alerts when recorded window metric {@code metric} is above {@code bound} for {@code k} windows. */
    public static AlertRule metricAbove(String metric, double bound, int k) {
        Checks.key("metric", metric);
        finite("bound", bound);
        return rule(metric + " > " + fmt(bound) + " for " + k + " window(s)", k, Alert.Kind.METRIC, w -> {
            Double v = w.metrics().get(metric);
            return v != null && v > bound ? Optional.of(metric + " was " + fmt(v) + " > " + fmt(bound)) : Optional.empty();
        });
    }

    /**
     * Alerts when a column's missing rate in the window exceeds its reference missing rate by more than
     * {@code jump} (an absolute share, e.g. 0.05 = five percentage points); K = 1.
     */
    public static AlertRule missingRateJump(double jump) {
        if (!(jump > 0 && jump < 1)) {
            throw new IllegalArgumentException("jump must be in (0, 1), but was " + jump);
        }
        return rule("missing rate jump > " + fmt(jump), 1, Alert.Kind.DRIFT, w -> {
            for (ColumnReport c : w.drift().columns()) {
                double delta = c.currentMissingRate() - c.referenceMissingRate();
                if (delta > jump) {
                    return Optional.of(String.format(Locale.ROOT, "missing rate of '%s' rose from %s to %s (+%s > %s)",
                            c.column(), fmt(c.referenceMissingRate()), fmt(c.currentMissingRate()), fmt(delta), fmt(jump)));
                }
            }
            return Optional.empty();
        });
    }

    /**
     * Alerts when any segment's drift verdict is DRIFT ({@link MonitorBuilder#segmentBy}; the p-values are
     * corrected over segments × features); K = 1. The message names each drifted segment and its columns.
     */
    public static AlertRule segmentDrift() {
        return rule("segment drift", 1, Alert.Kind.DRIFT, w -> {
            String found = w.segments().values().stream().filter(s -> s.drift().verdict() == Verdict.DRIFT)
                    .map(s -> "segment '" + s.segment() + "': " + s.drift().drifted().stream()
                            .map(c -> "'" + c.column() + "' (" + c.reason() + ")")
                            .reduce((a, b) -> a + "; " + b).orElse(""))
                    .reduce((a, b) -> a + " | " + b).orElse("");
            return found.isEmpty() ? Optional.empty() : Optional.of("drift in " + found);
        });
    }

    /**
     * Alerts when a segment's metric (without the {@code segment.<key>.} prefix, e.g. {@code perf.accuracy})
     * is below {@code bound} for {@code k} windows in a row; evaluated on late (delayed-label) performance
     * too. The message names the segments below the bound.
     */
    public static AlertRule segmentMetricBelow(String metric, double bound, int k) {
        Checks.key("metric", metric);
        finite("bound", bound);
        return rule("segment " + metric + " < " + fmt(bound) + " for " + k + " window(s)", k, Alert.Kind.METRIC, w -> {
            String below = w.segments().values().stream()
                    .filter(s -> s.metrics().containsKey(metric) && s.metrics().get(metric) < bound)
                    .map(s -> "segment '" + s.segment() + "' " + metric + " was " + fmt(s.metrics().get(metric)))
                    .reduce((a, b) -> a + "; " + b).orElse("");
            return below.isEmpty() ? Optional.empty() : Optional.of(below + " < " + fmt(bound));
        });
    }

    private static AlertRule rule(String name, int k, Alert.Kind kind,
                                  Function<WindowResult, Optional<String>> condition) {
        if (k < 1) {
            throw new IllegalArgumentException("k (consecutive windows) must be ≥ 1, but was " + k);
        }
        return new AlertRule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int windows() {
                return k;
            }

            @Override
            public Optional<String> breach(WindowResult window) {
                return condition.apply(window);
            }

            @Override
            public Alert.Kind kind() {
                return kind;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static void finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, but was " + v);
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
