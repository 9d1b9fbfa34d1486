package io.mllifecycle.tracking;

import java.util.Collections;
import java.util.HashSet;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs side by side: every param key with each run's value (null where a run lacks it), and every
 * metric key with each run's latest value and its difference from the first run's.
 *
 * @param runs    the runs compared, the first being the baseline for deltas
 * @param params  param key → values per run (in run order; null where absent)
 * @param metrics metric key → latest values per run (in run order; null where absent)
 */
public record RunComparison(List<RunRecord> runs, Map<String, List<String>> params,
                            Map<String, List<Double>> metrics) {

    public static RunComparison of(List<RunRecord> runs) {
        TreeSet<String> paramKeys = new TreeSet<>();
        TreeSet<String> metricKeys = new TreeSet<>();
        runs.forEach(r -> {
            paramKeys.addAll(r.params().keySet());
            metricKeys.addAll(r.latestMetrics().keySet());
        });
        Map<String, List<String>> params = new TreeMap<>();
        for (String k : paramKeys) {
            List<String> values = new ArrayList<>();
            runs.forEach(r -> values.add(r.params().get(k)));
            params.put(k, Collections.unmodifiableList(values));
        }
        Map<String, List<Double>> metrics = new TreeMap<>();
        for (String k : metricKeys) {
            List<Double> values = new ArrayList<>();
            runs.forEach(r -> {
                MetricPoint p = r.latestMetrics().get(k);
                values.add(p == null ? null : p.value());
            });
            metrics.put(k, Collections.unmodifiableList(values));
        }
        return new RunComparison(List.copyOf(runs), Collections.unmodifiableMap(params),
                Collections.unmodifiableMap(metrics));
    }

    /** @return params whose values differ between the runs */
    public Map<String, List<String>> differingParams() {
        Map<String, List<String>> out = new TreeMap<>();
        params.forEach((k, v) -> {
            if (new HashSet<>(v).size() > 1) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * @return latest value of {@code metric} in run {@code index} minus the first run's, or NaN if either
     *     lacks it
     */
    public double delta(String metric, int index) {
        List<Double> values = metrics.get(metric);
        if (values == null) {
            throw new IllegalArgumentException("metric must be one of " + metrics.keySet() + ", but was '" + metric + "'");
        }
        if (index < 0 || index >= values.size()) {
            throw new IllegalArgumentException("index must be in 0.." + (values.size() - 1) + ", but was " + index);
        }
        Double base = values.get(0);
        Double v = values.get(index);
        return base == null || v == null ? Double.NaN : v - base;
    }

    /** @return a plain-text table: one column per run, params then metrics with deltas */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-20s", "")).append(' ');
        runs.forEach(r -> b.append(String.format("%-22s", r.name())));
        b.append('\n');
        params.forEach((k, v) -> {
            b.append(String.format("%-20s", "param " + k)).append(' ');
            v.forEach(x -> b.append(String.format("%-22s", x == null ? "-" : x)));
            b.append('\n');
        });
        metrics.forEach((k, v) -> {
            b.append(String.format("%-20s", "metric " + k)).append(' ');
            for (int i = 0; i < v.size(); i++) {
                Double x = v.get(i);
                String cell = x == null ? "-" : String.format("%.4f", x);
                if (i > 0 && x != null && v.get(0) != null) {
                    cell += String.format(" (%+.4f)", delta(k, i));
                }
                b.append(String.format("%-22s", cell));
            }
            b.append('\n');
        });
        return b.toString();
    }
}
