package io.mllifecycle.monitoring;

import io.mllifecycle.drift.ColumnReport;
import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.drift.Table;
import io.mllifecycle.drift.TestOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-segment drift and performance of a window ({@link MonitorBuilder#segmentBy}). Which values get a
 * segment of their own is decided once per value and kept for the session, so the recorded metric names stay
 * bounded: while fewer than the cap are tracked, a window's new values are admitted most frequent first (ties
 * by value); every later value joins {@value #OTHER}. Not thread-safe (the monitor serialises calls).
 */
final class Segments {
    /** The pooled segment of values beyond the cap (a value that is literally "other" joins it too). */
    static final String OTHER = "other";
    /** The segment of rows whose segment column is missing (null). */
    static final String MISSING = "(missing)";
    /** Longest key part a segment value keeps before it is shortened and given a hash suffix. */
    static final int MAX_KEY = 40;
    static final String PREFIX = "segment.";

    private final String column;
    private final int max;
    private final Map<String, ReferenceProfile> population;
    private final Map<String, Map<String, ReferenceProfile>> references;
    /** Tracked value → metric key, in admission order. */
    private final Map<String, String> tracked = new LinkedHashMap<>();
    private final Set<String> keys = new HashSet<>();

    Segments(String column, int max, Map<String, ReferenceProfile> population,
             Map<String, Map<String, ReferenceProfile>> references) {
        this.column = column;
        this.max = max;
        // within a segment the segment column is constant: comparing it with the population would always flag
        this.population = without(population, column);
        Map<String, Map<String, ReferenceProfile>> refs = new LinkedHashMap<>();
        references.forEach((k, v) -> refs.put(k, without(v, column)));
        this.references = refs;
        keys.add(OTHER);
        keys.add(key(MISSING));
        // segments with references of their own claim their slots first
        references.keySet().stream().filter(v -> !v.equals(OTHER) && !v.equals(MISSING)).limit(max).forEach(v -> {
            String k = key(v);
            for (int n = 2; !keys.add(k); n++) {
                k = key(v) + "-" + n;
            }
            tracked.put(v, k);
        });
    }

    private static Map<String, ReferenceProfile> without(Map<String, ReferenceProfile> profiles, String column) {
        Map<String, ReferenceProfile> out = new LinkedHashMap<>(profiles);
        out.remove(column);
        return out;
    }

    /** @return whether a profiled column takes part in the segments' drift (not the segment column itself) */
    boolean compares(String profiled) {
        return !profiled.equals(column);
    }

    String column() {
        return column;
    }

    /** @return the segment of each row, admitting new values while slots remain */
    String[] assign(String[] values) {
        if (tracked.size() < max) {
            Map<String, Integer> counts = new HashMap<>();
            for (String v : values) {
                if (v != null && !v.equals(OTHER) && !tracked.containsKey(v)) {
                    counts.merge(v, 1, Integer::sum);
                }
            }
            List<Map.Entry<String, Integer>> fresh = new ArrayList<>(counts.entrySet());
            fresh.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            for (int i = 0; i < fresh.size() && tracked.size() < max; i++) {
                String v = fresh.get(i).getKey();
                String k = key(v);
                for (int n = 2; !keys.add(k); n++) {
                    k = key(v) + "-" + n;
                }
                tracked.put(v, k);
            }
        }
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            String v = values[i];
            out[i] = v == null ? MISSING : tracked.containsKey(v) ? v : OTHER;
        }
        return out;
    }

    /** @return the metric key part of a segment (tracked, other or missing) */
    String keyOf(String segment) {
        String k = tracked.get(segment);
        return k != null ? k : key(segment);
    }

    /**
     * A bounded metric-key part: the value itself when it is at most {@value #MAX_KEY} letters, digits, '_'
     * and '-'; otherwise those characters (others become '_'), cut to the bound, plus '~' and a hash of the
     * whole value, so that distinct values rarely share a key (the caller de-duplicates the rest).
     */
    static String key(String value) {
        StringBuilder b = new StringBuilder();
        boolean changed = value.length() > MAX_KEY || value.isEmpty();
        for (int i = 0; i < value.length() && b.length() < MAX_KEY; i++) {
            char c = value.charAt(i);
            boolean plain = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-');
            b.append(plain ? c : '_');
            changed |= !plain;
        }
        if (!changed) {
            return b.toString();
        }
        return b.append('~').append(String.format(Locale.ROOT, "%08x", value.hashCode())).toString();
    }

    /**
     * Drift (one family over segments × features) and, where labels came with the rows, performance per
     * segment of one window.
     *
     * @param segments    each row's segment (from {@link #assign})
     * @param columns     the profiled columns of the window, in profile order
     * @param predictions each row's prediction, NaN where the row has none
     * @param labels      each row's label, NaN where it has none (yet)
     */
    Map<String, SegmentResult> analyze(DriftDetector detector, Task task, String[] segments, Map<String, Object> columns,
                                       double[] predictions, double[] labels) {
        Map<String, List<Integer>> rowsOf = new LinkedHashMap<>();
        tracked.keySet().forEach(v -> rowsOf.put(v, new ArrayList<>()));
        rowsOf.put(OTHER, new ArrayList<>());
        rowsOf.put(MISSING, new ArrayList<>());
        for (int i = 0; i < segments.length; i++) {
            rowsOf.get(segments[i]).add(i);
        }
        rowsOf.values().removeIf(List::isEmpty);
        Map<String, Table> tables = new LinkedHashMap<>();
        Map<String, Map<String, ReferenceProfile>> refs = new HashMap<>();
        rowsOf.forEach((segment, rows) -> {
            Table.Builder t = Table.builder();
            columns.forEach((name, values) -> {
                if (values instanceof double[] d) {
                    double[] v = new double[rows.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = d[rows.get(i)];
                    }
                    t.numeric(name, v);
                } else {
                    String[] s = (String[]) values;
                    String[] v = new String[rows.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = s[rows.get(i)];
                    }
                    t.categorical(name, v);
                }
            });
            tables.put(segment, t.build());
            refs.put(segment, references.getOrDefault(segment, population));
        });
        Map<String, DriftReport> reports = detector.compareGroups(refs, tables);
        Map<String, SegmentResult> out = new LinkedHashMap<>();
        rowsOf.forEach((segment, rows) -> {
            DriftReport report = reports.get(segment);
            Map<String, Double> m = driftMetrics(report, rows.size());
            int labelled = 0;
            for (int r : rows) {
                labelled += Double.isNaN(labels[r]) || Double.isNaN(predictions[r]) ? 0 : 1;
            }
            if (labelled > 0) {
                double[] p = new double[labelled];
                double[] y = new double[labelled];
                int k = 0;
                for (int r : rows) {
                    if (!Double.isNaN(labels[r]) && !Double.isNaN(predictions[r])) {
                        p[k] = predictions[r];
                        y[k++] = labels[r];
                    }
                }
                m.putAll(PerformanceMetrics.of(task, p, y));
            }
            out.put(segment, new SegmentResult(segment, keyOf(segment), rows.size(), report, m));
        });
        return out;
    }

    /** Performance per segment of a window's labelled rows (delayed labels), unprefixed keys. */
    Map<String, Map<String, Double>> performance(Task task, String[] segments, double[] predictions, double[] labels) {
        Map<String, List<Integer>> rowsOf = new TreeMap<>();
        for (int i = 0; i < segments.length; i++) {
            if (!Double.isNaN(labels[i])) {
                rowsOf.computeIfAbsent(segments[i], s -> new ArrayList<>()).add(i);
            }
        }
        Map<String, Map<String, Double>> out = new TreeMap<>();
        rowsOf.forEach((segment, rows) -> {
            double[] p = new double[rows.size()];
            double[] y = new double[rows.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = predictions[rows.get(i)];
                y[i] = labels[rows.get(i)];
            }
            Map<String, Double> m = new TreeMap<>(PerformanceMetrics.of(task, p, y));
            m.put("labels.received", (double) p.length);
            out.put(segment, m);
        });
        return out;
    }

    /** The recorded metrics of all segments, each key prefixed with {@code segment.<key>.}. */
    static Map<String, Double> prefixed(Map<String, SegmentResult> results) {
        Map<String, Double> out = new TreeMap<>();
        results.values().forEach(s -> s.metrics().forEach((k, v) -> out.put(PREFIX + s.key() + "." + k, v)));
        return out;
    }

    static Map<String, Double> driftMetrics(DriftReport report, int rows) {
        Map<String, Double> m = new TreeMap<>();
        m.put("window.rows", (double) rows);
        m.put("drift.columns_drifted", (double) report.drifted().size());
        for (ColumnReport c : report.columns()) {
            for (TestOutcome o : c.outcomes()) {
                String test = o.test().name().toLowerCase(Locale.ROOT);
                if (Double.isFinite(o.statistic())) {
                    m.put("drift." + c.column() + "." + test, o.statistic());
                }
                if (Double.isFinite(o.pValue())) {
                    m.put("drift." + c.column() + "." + test + ".p_value", o.pValue());
                }
                if (Double.isFinite(o.adjustedPValue())) {
                    m.put("drift." + c.column() + "." + test + ".adjusted_p_value", o.adjustedPValue());
                }
            }
            m.put("missing." + c.column() + ".rate", c.currentMissingRate());
        }
        return m;
    }
}
