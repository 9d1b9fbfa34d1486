package io.mllifecycle.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.mllifecycle.drift.ColumnReport;
import io.mllifecycle.drift.TestOutcome;
import io.mllifecycle.monitoring.Alert;
import io.mllifecycle.monitoring.MonitorListener;
import io.mllifecycle.monitoring.RetrainingRequest;
import io.mllifecycle.monitoring.WindowResult;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The monitoring meters of one binding, fed by the lifecycle's {@link MonitorListener} hook.
 *
 * <p>Why gauge <em>sets</em>: the drift statistic and missing-rate gauges of a model version are the columns of
 * its latest window. Each closed window replaces the set: a feature or test that is no longer in the window
 * loses its gauge, so a dashboard never shows a stale value for a column that was dropped from the profile.
 */
final class MonitorMeters implements MonitorListener {
    static final String DRIFT_STATISTIC = "mllifecycle.monitor.drift.statistic";
    static final String DRIFTED_FEATURES = "mllifecycle.monitor.drifted.features";
    static final String MISSING_RATE = "mllifecycle.monitor.missing.rate";
    static final String WINDOW_ROWS = "mllifecycle.monitor.window.rows";
    static final String ALERTS = "mllifecycle.monitor.alerts";
    static final String RETRAINING = "mllifecycle.monitor.retraining.requests";

    /** A gauge's current value; the gauge holds it strongly, so it lives exactly as long as the gauge. */
    private static final class Value {
        volatile double value;

        Value(double value) {
            this.value = value;
        }
    }

    private record Series(Gauge gauge, Value value) {}

    private record VersionKey(String model, int version) {}

    private final MeterRegistry registry;
    /** Per model version: gauge tags (feature, test / feature) → series of the latest window. */
    private final Map<VersionKey, Map<Tags, Series>> statistics = new HashMap<>();
    private final Map<VersionKey, Map<Tags, Series>> missing = new HashMap<>();
    private final Map<VersionKey, Series> drifted = new HashMap<>();
    private final java.util.Set<Meter> others = new java.util.LinkedHashSet<>();
    /** Set by {@link #close()}: a window a monitor was processing while the binding closed registers nothing. */
    private boolean closed;

    MonitorMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public synchronized void windowClosed(String model, int version, WindowResult window) {
        if (closed) {
            return;
        }
        VersionKey key = new VersionKey(model, version);
        Tags base = Tags.of("model", model, "version", Integer.toString(version));
        Map<Tags, Double> stats = new LinkedHashMap<>();
        Map<Tags, Double> rates = new LinkedHashMap<>();
        for (ColumnReport c : window.drift().columns()) {
            for (TestOutcome o : c.outcomes()) {
                if (Double.isFinite(o.statistic())) {
                    stats.put(Tags.of("feature", c.column(), "test", o.test().name().toLowerCase(Locale.ROOT)),
                            o.statistic());
                }
            }
            rates.put(Tags.of("feature", c.column()), c.currentMissingRate());
        }
        replace(statistics.computeIfAbsent(key, k -> new HashMap<>()), stats, DRIFT_STATISTIC, base,
                "latest drift statistic of a feature and test (the window's value, e.g. PSI or the KS D)");
        replace(missing.computeIfAbsent(key, k -> new HashMap<>()), rates, MISSING_RATE, base,
                "share of missing values of a feature in the latest window");
        double driftedCount = window.drift().drifted().size();
        Series d = drifted.get(key);
        if (d == null) {
            Value v = new Value(driftedCount);
            drifted.put(key, new Series(Gauge.builder(DRIFTED_FEATURES, v, x -> x.value).tags(base).strongReference(true)
                    .baseUnit("features").description("features whose drift verdict was DRIFT in the latest window")
                    .register(registry), v));
        } else {
            d.value().value = driftedCount;
        }
        DistributionSummary rows = DistributionSummary.builder(WINDOW_ROWS).tags(base).baseUnit("rows")
                .description("rows per closed monitoring window").register(registry);
        remember(rows);
        rows.record(window.rows());
    }

    private void replace(Map<Tags, Series> current, Map<Tags, Double> next, String name, Tags base, String help) {
        for (var it = current.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!next.containsKey(e.getKey())) {
                registry.remove(e.getValue().gauge());
                it.remove();
            }
        }
        next.forEach((tags, value) -> {
            Series s = current.get(tags);
            if (s == null) {
                Value v = new Value(value);
                current.put(tags, new Series(Gauge.builder(name, v, x -> x.value).tags(base.and(tags))
                        .strongReference(true).description(help).register(registry), v));
            } else {
                s.value().value = value;
            }
        });
    }

    @Override
    public synchronized void alertRaised(Alert alert) {
        if (closed) {
            return;
        }
        Counter c = Counter.builder(ALERTS).tag("model", alert.model()).tag("version", Integer.toString(alert.version()))
                .tag("rule", alert.rule()).baseUnit("alerts").description("monitor alerts raised, by rule")
                .register(registry);
        remember(c);
        c.increment();
    }

    @Override
    public synchronized void retrainingRequested(RetrainingRequest request) {
        if (closed) {
            return;
        }
        Counter c = Counter.builder(RETRAINING).tag("model", request.model())
                .tag("version", Integer.toString(request.version())).baseUnit("requests")
                .description("retraining requests made by monitors").register(registry);
        remember(c);
        c.increment();
    }

    private void remember(Meter m) {
        others.add(m);
    }

    /** Removes every meter this binding registered for monitoring. */
    synchronized void close() {
        closed = true;
        for (Map<Tags, Series> set : statistics.values()) {
            set.values().forEach(s -> registry.remove(s.gauge()));
        }
        for (Map<Tags, Series> set : missing.values()) {
            set.values().forEach(s -> registry.remove(s.gauge()));
        }
        drifted.values().forEach(s -> registry.remove(s.gauge()));
        others.forEach(registry::remove);
        statistics.clear();
        missing.clear();
        drifted.clear();
        others.clear();
    }
}
