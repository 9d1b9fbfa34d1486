package io.mllifecycle.server.ui;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.DriftTest;
import io.mllifecycle.monitoring.MonitoringRuns;
import io.mllifecycle.report.PageWriter;
import io.mllifecycle.report.Reports;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The monitored versions and one monitoring window, read from the monitoring runs. */
final class MonitorsView {
    private static final Set<String> TESTS = Arrays.stream(DriftTest.values())
            .map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private final Lifecycle lifecycle;

    MonitorsView(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    private LifecycleStore store() {
        return lifecycle.store();
    }

    // ---------------------------------------------------------------- monitors

    String monitors(WebUi.Request r) {
        record Monitored(String model, int version, int sessions, boolean running, long lastWindow, Instant lastEnd) {}
        List<Monitored> rows = new ArrayList<>();
        for (ExperimentRecord e : store().tracking().listExperiments()) {
            if (!e.name().startsWith(MonitoringRuns.EXPERIMENT_PREFIX)) {
                continue;
            }
            String model = e.name().substring(MonitoringRuns.EXPERIMENT_PREFIX.length());
            Map<Integer, List<RunRecord>> byVersion = new TreeMap<>();
            for (RunRecord run : Views.allRuns(store(), e.id())) {
                try {
                    if (model.equals(run.tags().get("model"))) {
                        byVersion.computeIfAbsent(Integer.parseInt(run.tags().getOrDefault("version", "")),
                                v -> new ArrayList<>()).add(run);
                    }
                } catch (NumberFormatException notAMonitoringRun) {
                    // a run someone else put into the experiment: not a monitor session
                }
            }
            byVersion.forEach((v, runs) -> {
                long last = -1;
                Instant end = null;
                for (RunRecord run : runs) {
                    MetricPoint p = run.latestMetrics().get("window.rows");
                    if (p != null && p.step() > last) {
                        last = p.step();
                        end = p.timestamp();
                    }
                }
                rows.add(new Monitored(model, v, runs.size(), runs.stream().anyMatch(x -> x.status() == RunStatus.RUNNING),
                        last, end));
            });
        }
        PageWriter w = PageWriter.start("Monitors", rows.size() + (rows.size() == 1 ? " monitored version"
                : " monitored versions"), r.options, Views.CSS);
        w.element("p", "note", "Each monitor session of a version is a run of the experiment monitoring/<model>; its "
                + "windows are that run's metrics, with the window index as step.");
        if (rows.isEmpty()) {
            w.element("p", "note", "No version has been monitored yet.");
            return w.finish(Views.FOOTER);
        }
        w.raw("<div class=\"wrap\"><table id=\"monitors\"><thead><tr><th>Model version</th><th>Stage</th>"
                + "<th class=\"num\">Sessions</th><th>State</th><th class=\"num\">Windows</th><th>Last window ended</th><th>Timeline</th>"
                + "</tr></thead><tbody>");
        for (Monitored m : rows) {
            String stage = store().registry().findModel(m.model()).isEmpty() ? "—" : stageOf(m.model(), m.version());
            w.raw("<tr><td>").link(r.options.links().modelVersion(m.model(), m.version()).orElse(null), m.model() + " v"
                    + m.version()).raw("</td>").td(stage).tdNum(Integer.toString(m.sessions()))
                    .td(m.running() ? "running" : "closed").tdNum(Long.toString(m.lastWindow() + 1))
                    .td(m.lastEnd() == null ? "—" : Views.time(m.lastEnd())).raw("<td>");
            w.link(r.options.links().monitoringTimeline(m.model(), m.version()).orElse(null), "timeline");
            if (m.lastWindow() >= 0) {
                w.raw(" · ").link(r.options.links().monitoringWindow(m.model(), m.version(), (int) m.lastWindow())
                        .orElse(null), "last window");
            }
            w.raw("</td></tr>");
        }
        w.raw("</tbody></table></div>");
        return w.finish(Views.FOOTER);
    }

    private String stageOf(String model, int version) {
        try {
            return store().registry().getVersion(model, version).stage().name();
        } catch (NotFoundException e) {
            return "—";
        }
    }

    // ---------------------------------------------------------------- one monitoring window

    String window(WebUi.Request r) {
        String model = r.required("model");
        int version = r.integer("version", 0, 1, Integer.MAX_VALUE);
        int index = r.integer("window", -1, 0, Integer.MAX_VALUE);
        if (index < 0) {
            throw new IllegalArgumentException("query parameter 'window' must be set, but was absent");
        }
        ModelVersionRecord v = store().registry().getVersion(model, version);
        Map<String, MetricPoint> at = new TreeMap<>();
        long lastIndex = -1;
        for (RunRecord run : MonitoringRuns.runs(store(), model, version)) {
            for (String key : run.latestMetrics().keySet()) {
                for (MetricPoint p : store().tracking().metricHistory(run.id(), key, index, index)) {
                    at.put(key, p);
                }
            }
            MetricPoint rows = run.latestMetrics().get("window.rows");
            if (rows != null) {
                lastIndex = Math.max(lastIndex, rows.step());
            }
        }
        if (at.isEmpty()) {
            throw new NotFoundException("window " + index + " of " + v.reference() + " has no stored results"
                    + (lastIndex < 0 ? "; the version was never monitored" : "; its windows are 0 to " + lastIndex));
        }
        Instant end = at.values().stream().map(MetricPoint::timestamp).max(Instant::compareTo).orElse(null);
        double rows = value(at, "window.rows");
        PageWriter w = PageWriter.start("Drift of " + model + " v" + version + ", window " + index,
                "window " + index + " ended " + (end == null ? "—" : Views.time(end)) + " · " + PageWriter.number(rows)
                        + " rows", r.options, Views.CSS);
        w.raw("<nav class=\"pager\">");
        r.options.links().monitoringTimeline(model, version).ifPresent(h -> w.link(h, "Monitoring timeline"));
        r.options.links().modelVersion(model, version).ifPresent(h -> w.link(h, "Model card"));
        if (index > 0) {
            w.raw("<a rel=\"prev\" class=\"prev\"").attr("href", r.options.links().monitoringWindow(model, version,
                    index - 1).orElse("")).raw(">‹ Window " + (index - 1) + "</a>");
        }
        if (index < lastIndex) {
            w.raw("<a rel=\"next\" class=\"next\"").attr("href", r.options.links().monitoringWindow(model, version,
                    index + 1).orElse("")).raw(">Window " + (index + 1) + " ›</a>");
        }
        w.raw("</nav>");
        double drifted = value(at, "drift.columns_drifted");
        double share = value(at, "drift.share_drifted");
        w.raw("<p id=\"summary\" class=\"banner " + (drifted > 0 ? "bad" : "ok") + "\">").text(Double.isNaN(drifted)
                ? "No drift statistics were stored for this window."
                : PageWriter.number(drifted) + (drifted == 1 ? " column" : " columns") + " drifted (" + PageWriter.number(100 * share)
                        + "% of the columns tested).").raw("</p>");

        // drift.<column>.<test> and drift.<column>.<test>.p_value; the column may hold dots, the test never does
        Map<String, Map<String, double[]>> tests = new TreeMap<>();
        Map<String, Double> missing = new TreeMap<>();
        Map<String, Double> other = new TreeMap<>();
        for (Map.Entry<String, MetricPoint> e : at.entrySet()) {
            String key = e.getKey();
            double value = e.getValue().value();
            if (key.startsWith("missing.") && key.endsWith(".rate") && key.length() > 13) {
                missing.put(key.substring(8, key.length() - 5), value);
                continue;
            }
            if (key.startsWith("drift.") && !key.equals("drift.columns_drifted") && !key.equals("drift.share_drifted")) {
                boolean p = key.endsWith(".p_value");
                String rest = key.substring(6, p ? key.length() - 8 : key.length());
                int dot = rest.lastIndexOf('.');
                if (dot > 0 && TESTS.contains(rest.substring(dot + 1))) {
                    double[] sp = tests.computeIfAbsent(rest.substring(0, dot), c -> new TreeMap<>())
                            .computeIfAbsent(rest.substring(dot + 1), t -> new double[] {Double.NaN, Double.NaN});
                    sp[p ? 1 : 0] = value;
                    continue;
                }
            }
            if (!key.equals("window.rows") && !key.equals("drift.columns_drifted") && !key.equals("drift.share_drifted")) {
                other.put(key, value);
            }
        }
        w.raw("<h2 id=\"columns\">Columns</h2>");
        TreeSet<String> columns = new TreeSet<>(tests.keySet());
        columns.addAll(missing.keySet());
        if (columns.isEmpty()) {
            w.element("p", "note", "No column statistics were stored for this window.");
        } else {
            w.raw("<div class=\"wrap\"><table id=\"window-columns\"><thead><tr><th>Column</th><th class=\"num\">Missing rate</th>"
                    + "<th>Test</th><th class=\"num\">Statistic</th><th class=\"num\">p-value</th></tr></thead><tbody>");
            for (String c : columns) {
                Map<String, double[]> byTest = tests.getOrDefault(c, Map.of());
                int span = Math.max(1, byTest.size());
                w.raw("<tr><td rowspan=\"" + span + "\">").userText(c).raw("</td><td class=\"num\" rowspan=\"" + span
                        + "\">").text(missing.containsKey(c) ? String.format(Locale.ROOT, "%.1f%%", 100 * missing.get(c))
                        : "—").raw("</td>");
                if (byTest.isEmpty()) {
                    w.raw("<td>—</td><td></td><td></td></tr>");
                    continue;
                }
                boolean firstRow = true;
                for (Map.Entry<String, double[]> t : byTest.entrySet()) {
                    if (!firstRow) {
                        w.raw("<tr>");
                    }
                    firstRow = false;
                    w.td(t.getKey().toUpperCase(Locale.ROOT).replace('_', '-')).tdNum(PageWriter.number(t.getValue()[0]))
                            .tdNum(Double.isNaN(t.getValue()[1]) ? "—" : String.format(Locale.ROOT, "%.3g",
                                    t.getValue()[1])).raw("</tr>");
                }
            }
            w.raw("</tbody></table></div>");
        }
        w.raw("<h2 id=\"performance\">Performance and labels</h2>");
        if (other.isEmpty()) {
            w.element("p", "note", "No performance metric was stored for this window (labels may be pending).");
        } else {
            w.raw("<div class=\"wrap\"><table id=\"window-metrics\"><thead><tr><th>Metric</th><th class=\"num\">Value</th></tr>"
                    + "</thead><tbody>");
            other.forEach((k, x) -> w.raw("<tr>").td(k).tdNum(PageWriter.number(x)).raw("</tr>"));
            w.raw("</tbody></table></div>");
        }
        w.raw("<h2 id=\"alerts\">Alerts</h2>");
        List<AuditEvent> alerts = lifecycle.audit().eventsFor(v.reference()).stream()
                .filter(e -> e.subject().equals(v.reference()) && e.action().startsWith("monitor.")
                        && Integer.toString(index).equals(e.details().get("window"))).toList();
        if (alerts.isEmpty()) {
            w.element("p", "note", "No alert or retraining request was recorded for this window.");
        } else {
            w.raw("<div class=\"wrap\"><table id=\"window-alerts\"><thead><tr><th>#</th><th>Time</th><th>Action</th>"
                    + "<th>Details</th></tr></thead><tbody>");
            for (AuditEvent e : alerts) {
                w.raw("<tr>").tdNum(Long.toString(e.sequence())).td(Views.time(e.time())).td(e.action()).td(Views.kv(e.details()))
                        .raw("</tr>");
            }
            w.raw("</tbody></table></div>");
        }
        w.element("p", "note", "A monitor stores each window's statistics as metrics of its monitoring run (test "
                + "statistic and p-value per column, missing rates, performance); the distributions behind them stay "
                + "with the monitor. For the full drift report with histograms, render Reports.driftWindow from the "
                + "monitor's WindowResult.");
        return w.finish(Views.FOOTER);
    }

    private static double value(Map<String, MetricPoint> at, String key) {
        MetricPoint p = at.get(key);
        return p == null ? Double.NaN : p.value();
    }
}
