package io.mllifecycle.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.tracking.RunComparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Renders runs side by side: params with differences marked, latest metrics, curves, inputs, artifacts. */
final class RunComparisonPage {
    private final List<RunRecord> runs;
    private final Map<String, Map<String, List<MetricPoint>>> histories;
    private final ReportOptions options;
    private final RunComparison comparison;

    RunComparisonPage(List<RunRecord> runs, Map<String, Map<String, List<MetricPoint>>> histories,
            ReportOptions options) {
        this.runs = runs;
        this.histories = histories;
        this.options = options;
        this.comparison = RunComparison.of(runs);
    }

    Report render(String title, String fileName) {
        Html h = Page.start(title, runs.size() == 1 ? "1 run" : runs.size() + " runs; the first is the baseline of the differences", options);
        h.raw("<h2 id=\"runs\">Runs</h2><div class=\"wrap\"><table id=\"run-table\"><thead><tr><th>#</th><th>Run</th>"
                + "<th>Id</th><th>Status</th><th>Started</th><th>Ended</th><th>Code version</th></tr></thead><tbody>");
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            h.raw("<tr>").tdNum(Integer.toString(i + 1)).raw("<td>").link(options.links().run(r.id()).orElse(null), name(r))
                    .raw("</td>").raw("<td class=\"mono\">").text(r.id()).raw("</td>").td(r.status().name())
                    .td(r.startTime().toString()).td(r.endTime() == null ? "—" : r.endTime().toString())
                    .td(r.source().codeVersion().isEmpty() ? "—" : r.source().codeVersion()).raw("</tr>");
        }
        h.raw("</tbody></table></div>");
        params(h);
        tags(h);
        latest(h);
        curves(h);
        inputs(h);
        artifacts(h);
        return new Report("run-comparison", title, fileName, Page.end(h, "run comparison"), json(title));
    }

    private static String name(RunRecord r) {
        return r.name() == null || r.name().isEmpty() ? r.id() : r.name();
    }

    private void header(Html h, String first) {
        h.raw("<thead><tr><th>").text(first).raw("</th>");
        for (RunRecord r : runs) {
            h.raw("<th>").userText(Svg.shorten(name(r), 32)).raw("</th>");
        }
        h.raw("</tr></thead>");
    }

    private void params(Html h) {
        h.raw("<h2 id=\"params\">Params</h2>");
        if (comparison.params().isEmpty()) {
            h.element("p", "note", "No run logged a param.");
            return;
        }
        int differing = comparison.differingParams().size();
        h.element("p", "note", differing + " of " + comparison.params().size() + " params differ (marked ≠ and highlighted).");
        h.raw("<div class=\"wrap\"><table id=\"param-table\">");
        header(h, "param");
        h.raw("<tbody>");
        comparison.params().forEach((k, values) -> {
            boolean diff = comparison.differingParams().containsKey(k);
            h.raw(diff ? "<tr class=\"diff\">" : "<tr>").td(k);
            values.forEach(v -> h.td(v == null ? "—" : v));
            h.raw("</tr>");
        });
        h.raw("</tbody></table></div>");
    }

    private void tags(Html h) {
        TreeSet<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.tags().keySet()));
        h.raw("<h2 id=\"tags\">Tags</h2>");
        if (keys.isEmpty()) {
            h.element("p", "note", "No run has tags.");
            return;
        }
        h.raw("<div class=\"wrap\"><table>");
        header(h, "tag");
        h.raw("<tbody>");
        for (String k : keys) {
            List<String> values = runs.stream().map(r -> r.tags().get(k)).toList();
            boolean diff = values.stream().distinct().count() > 1;
            h.raw(diff ? "<tr class=\"diff\">" : "<tr>").td(k);
            values.forEach(v -> h.td(v == null ? "—" : v));
            h.raw("</tr>");
        }
        h.raw("</tbody></table></div>");
    }

    private void latest(Html h) {
        h.raw("<h2 id=\"metrics\">Metrics (latest value, difference from run 1)</h2>");
        if (comparison.metrics().isEmpty()) {
            h.element("p", "note", "No run logged a metric.");
            return;
        }
        h.raw("<div class=\"wrap\"><table id=\"metric-table\">");
        header(h, "metric");
        h.raw("<tbody>");
        comparison.metrics().forEach((k, values) -> {
            h.raw("<tr>").td(k);
            for (int i = 0; i < values.size(); i++) {
                Double v = values.get(i);
                double delta = comparison.delta(k, i);
                h.tdNum(v == null ? "—" : Html.num(v) + (i > 0 && !Double.isNaN(delta)
                        ? " (" + (delta == 0 ? "±" : delta > 0 ? "+" : "") + Html.num(delta) + ")" : ""));
            }
            h.raw("</tr>");
        });
        h.raw("</tbody></table></div>");
    }

    private TreeSet<String> curveKeys() {
        TreeSet<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(histories.getOrDefault(r.id(), Map.of()).keySet()));
        return keys;
    }

    private List<MetricPoint> history(RunRecord r, String key) {
        List<MetricPoint> points = new ArrayList<>(histories.getOrDefault(r.id(), Map.of()).getOrDefault(key, List.of()));
        points.sort(Comparator.comparingLong(MetricPoint::step).thenComparing(MetricPoint::timestamp));
        return Thinning.points(points, options.maxPoints());
    }

    private void curves(Html h) {
        h.raw("<h2 id=\"curves\">Metric curves</h2>");
        TreeSet<String> keys = curveKeys();
        if (keys.isEmpty()) {
            h.element("p", "note", "No metric history to draw.");
            return;
        }
        h.raw("<div class=\"cols\">");
        for (String key : keys) {
            List<Svg.Series> series = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                List<MetricPoint> points = history(runs.get(i), key);
                series.add(new Svg.Series((i + 1) + ". " + name(runs.get(i)),
                        points.stream().mapToDouble(MetricPoint::step).toArray(),
                        points.stream().mapToDouble(MetricPoint::value).toArray()));
            }
            Svg.lines(h, Svg.shorten(key, 40) + " by step", "step (as logged)", Svg.shorten(key, 24) + " (metric units)",
                    series, false, false, List.of());
        }
        h.raw("</div>");
    }

    private void inputs(Html h) {
        h.raw("<h2 id=\"inputs\">Inputs</h2>");
        if (runs.stream().allMatch(r -> r.inputs().isEmpty())) {
            h.element("p", "note", "No run logged an input.");
            return;
        }
        h.raw("<div class=\"wrap\"><table><thead><tr><th>Run</th><th>Dataset</th><th>Role</th><th>Digest</th></tr></thead><tbody>");
        for (RunRecord r : runs) {
            for (RunInput in : r.inputs()) {
                h.raw("<tr>").td(name(r)).td(in.datasetName()).td(in.role().name()).raw("<td class=\"mono\">")
                        .text(in.datasetDigest()).raw("</td></tr>");
            }
        }
        h.raw("</tbody></table></div>");
    }

    private void artifacts(Html h) {
        h.raw("<h2 id=\"artifacts\">Artifacts</h2>");
        TreeSet<String> paths = new TreeSet<>();
        runs.forEach(r -> paths.addAll(r.artifacts().keySet()));
        if (paths.isEmpty()) {
            h.element("p", "note", "No run logged an artifact.");
            return;
        }
        h.raw("<div class=\"wrap\"><table>");
        header(h, "path");
        h.raw("<tbody>");
        for (String p : paths) {
            List<String> digests = runs.stream().map(r -> r.artifacts().get(p)).toList();
            boolean diff = digests.stream().distinct().count() > 1;
            h.raw(diff ? "<tr class=\"diff\">" : "<tr>").td(p);
            for (RunRecord r : runs) {
                String d = r.artifacts().get(p);
                h.raw("<td class=\"mono\">");
                String href = d == null ? null : options.links().artifact(r.id(), p).orElse(null);
                if (href == null) {
                    h.text(d == null ? "—" : shortDigest(d));
                } else {
                    h.raw("<a class=\"dl\" download").attr("href", href).raw(">").text(shortDigest(d)).raw("</a>");
                }
                h.raw("</td>");
            }
            h.raw("</tr>");
        }
        h.raw("</tbody></table></div>");
    }

    static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        String hex = colon < 0 ? digest : digest.substring(colon + 1);
        return (colon < 0 ? "" : digest.substring(0, colon + 1)) + (hex.length() > 12 ? hex.substring(0, 12) + "…" : hex);
    }

    private String json(String title) {
        ObjectNode root = Json.object();
        root.put("kind", "run-comparison");
        root.put("title", title);
        ArrayNode rs = root.putArray("runs");
        for (RunRecord r : runs) {
            ObjectNode n = rs.addObject();
            n.put("id", r.id());
            n.put("name", r.name());
            n.put("experimentId", r.experimentId());
            n.put("status", r.status().name());
            n.put("startTime", r.startTime().toString());
            n.put("endTime", r.endTime() == null ? null : r.endTime().toString());
            Json.strings(n, "params", r.params());
            Json.strings(n, "tags", r.tags());
            Json.strings(n, "artifacts", r.artifacts());
            ArrayNode inputs = n.putArray("inputs");
            r.inputs().forEach(in -> inputs.addObject().put("dataset", in.datasetName()).put("digest", in.datasetDigest())
                    .put("role", in.role().name()));
            ObjectNode curves = n.putObject("metrics");
            for (String key : curveKeys()) {
                List<MetricPoint> points = history(r, key);
                if (points.isEmpty()) {
                    continue;
                }
                ArrayNode a = curves.putArray(key);
                points.forEach(p -> {
                    ObjectNode pn = a.addObject();
                    pn.put("step", p.step());
                    Json.number(pn, "value", p.value());
                    pn.put("timestamp", p.timestamp().toString());
                });
            }
            ObjectNode latest = n.putObject("latestMetrics");
            new java.util.TreeMap<>(r.latestMetrics()).forEach((k, p) -> Json.number(latest, k, p.value()));
        }
        ArrayNode differing = root.putArray("differingParams");
        comparison.differingParams().keySet().forEach(differing::add);
        Objects.requireNonNull(root);
        return Json.write(root);
    }
}
