package io.mllifecycle.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a monitoring timeline: per window the drift statistics, missing rates and performance,
 * with alerts, retraining requests and stage changes on the same time axis (window end, data time).
 */
final class TimelinePage {
    private static final List<String> TESTS = List.of("psi", "ks", "chi_square", "jensen_shannon", "hellinger",
            "l_infinity");

    /** One window as recorded: its index, end (data time) and metric values. */
    record Window(int index, Instant end, Map<String, Double> metrics) {}

    /** A thing that happened: kind is {@code alert}, {@code retrain} or {@code stage}. */
    record Event(Instant at, int window, String kind, String text) {}

    private final String model;
    private final int version;
    private final List<Window> windows;
    private final List<Event> events;
    private final ReportOptions options;

    TimelinePage(String model, int version, List<Window> windows, List<Event> events, ReportOptions options) {
        this.model = model;
        this.version = version;
        List<Window> w = new ArrayList<>(windows);
        w.sort(Comparator.comparingInt(Window::index));
        this.windows = List.copyOf(w);
        List<Event> e = new ArrayList<>(events);
        // stable: events at the same instant keep the order they were given in (stage history order)
        e.sort(Comparator.comparing(Event::at));
        this.events = List.copyOf(e);
        this.options = options;
    }

    Report render(String fileName) {
        String title = "Monitoring timeline: " + model + " version " + version;
        Html h = Page.start(title, Page.counted(windows.size(), "window") + " · " + Page.counted(count("alert"), "alert")
                + " · " + Page.counted(count("retrain"), "retraining request") + " · "
                + Page.counted(count("stage"), "stage change"), options);
        options.links().modelVersion(model, version).ifPresent(href -> h.raw("<p>").link(href, "Model card of " + model
                + " v" + version).raw("</p>"));
        if (windows.isEmpty()) {
            h.element("p", "banner", "No windows have been monitored yet: nothing to draw.");
        } else {
            h.raw("<p class=\"note\"><span class=\"key alert\"></span>alert <span class=\"key retrain\"></span>retraining "
                    + "request <span class=\"key stage\"></span>stage change · time axis: window end (UTC)</p>");
            charts(h);
            windowTable(h);
        }
        eventTable(h);
        return new Report("monitoring-timeline", title, fileName, Page.end(h, "monitoring timeline"), json(title));
    }

    private long count(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).count();
    }

    private Instant first() {
        return windows.get(0).end();
    }

    private Instant last() {
        return windows.get(windows.size() - 1).end();
    }

    /** Events inside the monitored span (with a margin of one span), which the charts can place. */
    private List<Svg.Marker> markers() {
        long span = Math.max(3600, last().getEpochSecond() - first().getEpochSecond());
        List<Svg.Marker> out = new ArrayList<>();
        for (Event e : events) {
            long t = e.at().getEpochSecond();
            if (t >= first().getEpochSecond() - span && t <= last().getEpochSecond() + span) {
                out.add(new Svg.Marker(t, e.kind(), e.kind() + " at " + e.at() + ": " + e.text()));
            }
        }
        return out;
    }

    private void charts(Html h) {
        List<Svg.Marker> markers = markers();
        h.raw("<h2 id=\"charts\">Per window</h2><div class=\"cols\">");
        for (String test : TESTS) {
            Map<String, String> keys = columnKeys(k -> k.startsWith("drift.") && k.endsWith("." + test)
                    && !k.endsWith(".p_value"), "drift.", "." + test);
            if (!keys.isEmpty()) {
                chart(h, test.toUpperCase(java.util.Locale.ROOT).replace('_', '-') + " per column",
                        "statistic (unitless)", keys, markers);
            }
        }
        Map<String, String> missing = columnKeys(k -> k.startsWith("missing.") && k.endsWith(".rate"), "missing.", ".rate");
        if (!missing.isEmpty()) {
            chart(h, "Missing rate per column", "share missing (fraction)", missing, markers);
        }
        Map<String, String> perf = columnKeys(k -> k.startsWith("perf."), "perf.", "");
        if (perf.isEmpty()) {
            h.element("p", "note", "No performance metrics: no window came with labels.");
        } else {
            chart(h, "Performance", "metric value (metric units)", perf, markers);
        }
        Map<String, String> drifted = new TreeMap<>();
        drifted.put("columns drifted", "drift.columns_drifted");
        chart(h, "Columns drifted", "columns (count)", drifted, markers);
        h.raw("</div>");
        if (markers.size() < events.size()) {
            h.element("p", "note", (events.size() - markers.size()) + " events lie far outside the monitored time span "
                    + "and are only listed in the table below.");
        }
    }

    private interface KeyFilter {
        boolean test(String key);
    }

    /** Column name → metric key, for the keys that pass the filter. */
    private Map<String, String> columnKeys(KeyFilter filter, String prefix, String suffix) {
        Map<String, String> out = new TreeMap<>();
        for (Window w : windows) {
            for (String k : w.metrics().keySet()) {
                if (filter.test(k) && k.length() > prefix.length() + suffix.length()) {
                    out.put(k.substring(prefix.length(), k.length() - suffix.length()), k);
                }
            }
        }
        return out;
    }

    private void chart(Html h, String title, String yLabel, Map<String, String> keys, List<Svg.Marker> markers) {
        List<Svg.Series> series = new ArrayList<>();
        keys.forEach((name, key) -> {
            List<Window> with = windows.stream().filter(w -> w.metrics().containsKey(key)).toList();
            series.add(new Svg.Series(name, with.stream().mapToDouble(w -> w.end().getEpochSecond()).toArray(),
                    with.stream().mapToDouble(w -> w.metrics().get(key)).toArray()));
        });
        series.sort(Comparator.comparingDouble((Svg.Series s) -> -max(s.y())).thenComparing(Svg.Series::name));
        Svg.lines(h, title, "window end (UTC)", yLabel, series, false, true, markers);
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private void windowTable(Html h) {
        TreeSet<String> perf = new TreeSet<>();
        windows.forEach(w -> w.metrics().keySet().stream().filter(k -> k.startsWith("perf.")).forEach(perf::add));
        h.raw("<h2 id=\"windows\">Windows</h2>");
        List<Window> shown = windows.size() > options.maxRows()
                ? windows.subList(windows.size() - options.maxRows(), windows.size()) : windows;
        if (shown.size() < windows.size()) {
            h.element("p", "note", "The latest " + shown.size() + " of " + windows.size() + " windows are listed.");
        }
        h.raw("<div class=\"wrap\"><table id=\"window-table\"><thead><tr><th>Window</th><th>End</th><th>Rows</th>"
                + "<th>Columns drifted</th>");
        perf.forEach(p -> h.raw("<th>").userText(p.substring(5)).raw("</th>"));
        h.raw("<th>Alerts</th></tr></thead><tbody>");
        for (Window w : shown) {
            long alerts = events.stream().filter(e -> e.kind().equals("alert") && e.window() == w.index()).count();
            h.raw(alerts > 0 ? "<tr class=\"hl\">" : "<tr>").raw("<td>")
                    .link(options.links().monitoringWindow(model, version, w.index()).orElse(null), "window " + w.index())
                    .raw("</td>").td(w.end().toString()).tdNum(value(w, "window.rows")).tdNum(value(w, "drift.columns_drifted"));
            perf.forEach(p -> h.tdNum(value(w, p)));
            h.tdNum(Long.toString(alerts)).raw("</tr>");
        }
        h.raw("</tbody></table></div>");
    }

    private static String value(Window w, String key) {
        Double v = w.metrics().get(key);
        return v == null ? "—" : Html.num(v);
    }

    private void eventTable(Html h) {
        h.raw("<h2 id=\"events\">Events</h2>");
        if (events.isEmpty()) {
            h.element("p", "note", "No alerts, retraining requests or stage changes.");
            return;
        }
        h.raw("<div class=\"wrap\"><table id=\"event-table\"><thead><tr><th>When</th><th>Kind</th><th>Window</th>"
                + "<th>What</th></tr></thead><tbody>");
        for (Event e : events) {
            h.raw("<tr>").td(e.at().toString()).raw("<td><span class=\"key " + e.kind() + "\"></span>").text(e.kind())
                    .raw("</td>").tdNum(e.window() < 0 ? "—" : Integer.toString(e.window())).td(e.text()).raw("</tr>");
        }
        h.raw("</tbody></table></div>");
    }

    private String json(String title) {
        ObjectNode root = Json.object();
        root.put("kind", "monitoring-timeline");
        root.put("title", title);
        root.put("model", model);
        root.put("version", version);
        ArrayNode ws = root.putArray("windows");
        for (Window w : windows) {
            ObjectNode n = ws.addObject();
            n.put("index", w.index());
            n.put("end", w.end().toString());
            ObjectNode m = n.putObject("metrics");
            new TreeMap<>(w.metrics()).forEach((k, v) -> Json.number(m, k, v));
        }
        ArrayNode es = root.putArray("events");
        for (Event e : events) {
            ObjectNode n = es.addObject();
            n.put("at", e.at().toString());
            n.put("kind", e.kind());
            if (e.window() >= 0) {
                n.put("window", e.window());
            } else {
                n.putNull("window");
            }
            n.put("text", e.text());
        }
        return Json.write(root);
    }
}
