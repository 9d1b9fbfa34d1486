package io.mllifecycle.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.drift.ColumnReport;
import io.mllifecycle.drift.ColumnType;
import io.mllifecycle.drift.Correction;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.DriftTest;
import io.mllifecycle.drift.PsiResult;
import io.mllifecycle.drift.Table;
import io.mllifecycle.drift.TestOutcome;
import io.mllifecycle.drift.Verdict;
import io.mllifecycle.monitoring.Alert;
import io.mllifecycle.monitoring.WindowResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Renders a {@link DriftReport}: summary, a table of every column sorted by effect, and per-column detail. */
final class DriftPage {
    private static final int ECDF_POINTS = 40;

    /** The monitoring window the report belongs to, when it does. */
    record WindowContext(String model, int version, WindowResult window) {}

    private final DriftReport report;
    private final String title;
    private final @Nullable Table reference;
    private final @Nullable Table current;
    private final @Nullable WindowContext window;
    private final ReportOptions options;

    DriftPage(DriftReport report, String title, @Nullable Table reference, @Nullable Table current,
            @Nullable WindowContext window, ReportOptions options) {
        this.report = report;
        this.title = title;
        this.reference = reference;
        this.current = current;
        this.window = window;
        this.options = options;
    }

    Report render(String fileName) {
        List<ColumnReport> columns = sorted(report.columns());
        String summary = summary(report);
        String subtitle = window == null ? "" : String.format(Locale.ROOT, "%s version %d · window %d: %s to %s · %d rows",
                window.model(), window.version(), window.window().index(), window.window().start(),
                window.window().end(), window.window().rows());
        Html h = Page.start(title, subtitle, options);
        if (window != null) {
            options.links().monitoringTimeline(window.model(), window.version())
                    .ifPresent(href -> h.raw("<p>").link(href, "Monitoring timeline of " + window.model() + " v"
                            + window.version()).raw("</p>"));
        }
        h.open("p", "banner " + (report.verdict() == Verdict.DRIFT ? "bad" : report.verdict() == Verdict.NO_DRIFT
                ? "ok" : "")).raw("<strong class=\"v-" + report.verdict() + "\">").text(verdictText(report.verdict()))
                .raw("</strong> · <span id=\"summary\">").text(summary).raw("</span>").close("p");
        h.open("p", "note").text(explanation(report)).close("p");
        if (window != null) {
            windowSection(h, window.window());
        }
        h.raw("<h2 id=\"columns\">Columns</h2>");
        if (columns.isEmpty()) {
            h.element("p", "note", "No columns were compared: the report is empty.");
        } else {
            columnTable(h, columns);
            h.raw("<h2>Column details</h2>");
            for (ColumnReport c : columns) {
                columnSection(h, c, report.columns().indexOf(c));
            }
        }
        String html = Page.end(h, "drift");
        return new Report("drift", title, fileName, html, json(columns, summary));
    }

    static String summary(DriftReport report) {
        long insufficient = report.columns().stream().filter(c -> c.verdict() == Verdict.INSUFFICIENT_DATA).count();
        return String.format(Locale.ROOT, "%d of %d columns drifted at α = %s %s%s", report.drifted().size(),
                report.columns().size(), Html.num(report.level()), correctionText(report.correction()),
                insufficient == 0 ? "" : "; " + insufficient + " with too little data to decide");
    }

    private static String correctionText(Correction c) {
        return switch (c) {
            case BENJAMINI_HOCHBERG -> "after Benjamini–Hochberg";
            case HOLM -> "after Holm";
            case BONFERRONI -> "after Bonferroni";
            case NONE -> "without correction";
        };
    }

    private static String verdictText(Verdict v) {
        return switch (v) {
            case DRIFT -> "Drift";
            case NO_DRIFT -> "No drift";
            case INSUFFICIENT_DATA -> "Insufficient data";
        };
    }

    private static String explanation(DriftReport report) {
        long tests = report.columns().stream().flatMap(c -> c.outcomes().stream())
                .filter(o -> !Double.isNaN(o.adjustedPValue())).count();
        String corr = report.correction() == Correction.NONE ? "Raw p-values are compared with the level"
                : "The p-values of the " + tests + " tests that decide are corrected together ("
                + correctionText(report.correction()).replace("after ", "") + ")";
        return corr + "; a column drifts when its deciding test's corrected p-value is at most α = "
                + Html.num(report.level()) + " (and any effect-size floor is met). Verdicts depend on the sample "
                + "sizes shown: small samples need larger shifts. Per column, the bins whose PSI contributions "
                + "decided are drawn, with MISSING, UNSEEN and grouped categories marked.";
    }

    /** Largest effect first: PSI where computed, else the deciding statistic; undecided columns last. */
    private static List<ColumnReport> sorted(List<ColumnReport> columns) {
        List<ColumnReport> out = new ArrayList<>(columns);
        out.sort(Comparator.comparing((ColumnReport c) -> c.verdict() == Verdict.INSUFFICIENT_DATA)
                .thenComparing(Comparator.comparingDouble(DriftPage::effect).reversed())
                .thenComparing(ColumnReport::column));
        return out;
    }

    static double effect(ColumnReport c) {
        if (c.psi() != null) {
            return c.psi().value();
        }
        return decidingOutcome(c).map(TestOutcome::statistic).map(Math::abs).orElse(-1.0);
    }

    private static java.util.Optional<TestOutcome> decidingOutcome(ColumnReport c) {
        return c.decidingTest() == null ? java.util.Optional.empty() : c.outcome(c.decidingTest());
    }

    private void windowSection(Html h, WindowResult w) {
        h.raw("<h2>Window</h2><dl class=\"kv\">");
        kv(h, "window", Integer.toString(w.index()));
        kv(h, "from", w.start().toString());
        kv(h, "to", w.end().toString());
        kv(h, "rows", Integer.toString(w.rows()));
        new TreeMap<>(w.metrics()).forEach((k, v) -> {
            if (k.startsWith("perf.")) {
                kv(h, k, Html.num(v));
            }
        });
        h.raw("</dl>");
        if (w.alerts().isEmpty()) {
            h.element("p", "note", "No alerts in this window.");
        } else {
            h.raw("<h3>Alerts</h3><ul>");
            for (Alert a : w.alerts()) {
                h.raw("<li><strong>").userText(a.rule()).raw("</strong>: ").userText(a.message()).raw("</li>");
            }
            h.raw("</ul>");
        }
    }

    private static void kv(Html h, String key, String value) {
        h.open("dt").userText(key).close("dt").open("dd").userText(value).close("dd");
    }

    private void columnTable(Html h, List<ColumnReport> columns) {
        h.raw("<div class=\"wrap\"><table id=\"column-table\"><thead><tr><th>Column</th><th>Type</th>"
                + "<th>Reference | current</th><th>Deciding test</th><th>Statistic</th><th>p-value</th>"
                + "<th>Corrected p</th><th>PSI</th><th>Missing (ref → cur)</th><th>n (ref / cur)</th><th>Verdict</th>"
                + "</tr></thead><tbody>");
        for (ColumnReport c : columns) {
            int index = report.columns().indexOf(c);
            TestOutcome o = decidingOutcome(c).orElse(null);
            h.raw("<tr data-column=\"").text(c.column()).raw("\"><td><a href=\"#col-" + index + "\">").userText(c.column())
                    .raw("</a></td>").td(c.type() == ColumnType.NUMERIC ? "numeric" : "categorical").raw("<td>");
            if (c.psi() != null) {
                DriftBins bins = DriftBins.of(c.psi(), options.topCategories());
                Svg.spark(h, c.column(), bins.referenceShares(), bins.currentShares());
            } else {
                h.text("—");
            }
            h.raw("</td>").td(c.decidingTest() == null ? "—" : testName(c.decidingTest()))
                    .tdNum(o == null ? "—" : Html.num(o.statistic())).tdNum(o == null ? "—" : Html.p(o.pValue()))
                    .tdNum(o == null ? "—" : Html.p(o.adjustedPValue()))
                    .tdNum(c.psi() == null ? "—" : Html.num(c.psi().value()))
                    .tdNum(Html.pct(c.referenceMissingRate()) + " → " + Html.pct(c.currentMissingRate()))
                    .tdNum(c.referenceCount() + " / " + c.currentCount())
                    .raw("<td class=\"v-" + c.verdict() + "\">").text(verdictText(c.verdict())).raw("</td></tr>");
        }
        h.raw("</tbody></table></div>");
    }

    static String testName(DriftTest t) {
        return switch (t) {
            case KS -> "Kolmogorov–Smirnov";
            case PSI -> "PSI";
            case CHI_SQUARE -> "chi-square";
            case JENSEN_SHANNON -> "Jensen–Shannon";
            case HELLINGER -> "Hellinger";
            case L_INFINITY -> "L∞";
            case MISSING_RATE -> "missing rate";
        };
    }

    private void columnSection(Html h, ColumnReport c, int index) {
        h.raw("<section id=\"col-" + index + "\" class=\"column\"><h3>").userText(c.column()).raw(" · <span class=\"v-"
                + c.verdict() + "\">").text(verdictText(c.verdict())).raw("</span></h3>");
        h.open("p", "reason").userText(c.reason()).close("p");
        h.raw("<p class=\"note\">").text(String.format(Locale.ROOT, "%s; %d reference and %d current values; missing %d "
                + "(%s) and %d (%s)", c.type() == ColumnType.NUMERIC ? "numeric" : "categorical", c.referenceCount(),
                c.currentCount(), c.referenceMissing(), Html.pct(c.referenceMissingRate()), c.currentMissing(),
                Html.pct(c.currentMissingRate()))).raw("</p>");
        PsiResult psi = c.psi();
        if (psi == null) {
            h.element("p", "note", c.verdict() == Verdict.INSUFFICIENT_DATA
                    ? "No distributions are drawn: the column was not tested."
                    : "No bins are drawn: PSI was not among the tests of this column.");
        } else {
            DriftBins bins = DriftBins.of(psi, options.topCategories());
            Set<Integer> marked = new HashSet<>();
            for (int i = 0; i < bins.bins().size(); i++) {
                if (bins.bins().get(i).special()) {
                    marked.add(i);
                }
            }
            h.raw("<div class=\"cols\">");
            if (c.outcome(DriftTest.KS).isPresent()) {
                ecdf(h, c, psi);
            } else {
                Svg.bars(h, "Distribution of " + Svg.shorten(c.column(), 40), c.type() == ColumnType.NUMERIC
                        ? "bin (upper edge, column units)" : "category", "share of values (fraction)", bins.labels(),
                        List.of(new Svg.Series("reference", null, bins.referenceShares()),
                                new Svg.Series("current", null, bins.currentShares())), marked);
            }
            Svg.bars(h, "PSI contribution per bin (total " + Html.num(psi.value()) + ")", c.type() == ColumnType.NUMERIC
                    ? "bin (upper edge, column units)" : "category", "contribution to PSI (nats)", bins.labels(),
                    List.of(new Svg.Series("contribution", null, bins.contributions())), marked);
            h.raw("</div>");
            if (bins.otherCategories() > 0) {
                h.element("p", "note", bins.otherCategories() + " smaller categories are summed in the bin \"other\";"
                        + " the JSON form lists the same bins.");
            }
            if (!psi.note().isEmpty()) {
                h.element("p", "note", psi.note());
            }
            if (!psi.isExact()) {
                h.element("p", "note", "The reference is a sketch: each reference count may be off by about "
                        + Html.pct(psi.referenceRankError()) + " of its size.");
            }
        }
        if (!c.outcomes().isEmpty()) {
            h.raw("<div class=\"wrap\"><table class=\"outcomes\"><thead><tr><th>Test</th><th>Statistic</th><th>p-value</th>"
                    + "<th>Corrected p</th><th>Largest difference at</th></tr></thead><tbody>");
            for (TestOutcome o : c.outcomes()) {
                boolean deciding = o.test() == c.decidingTest();
                h.raw(deciding ? "<tr class=\"deciding\">" : "<tr>").td(testName(o.test()) + (deciding ? " (deciding)" : ""))
                        .tdNum(Html.num(o.statistic())).tdNum(Html.p(o.pValue())).tdNum(Html.p(o.adjustedPValue()))
                        .td(o.topBin() == null ? "—" : o.topBin()).raw("</tr>");
            }
            h.raw("</tbody></table></div>");
        }
        h.raw("</section>");
    }

    private void ecdf(Html h, ColumnReport c, PsiResult psi) {
        List<Svg.Series> series = new ArrayList<>();
        String label;
        if (reference != null && current != null && reference.has(c.column()) && current.has(c.column())
                && reference.type(c.column()) == io.mllifecycle.drift.ColumnType.NUMERIC
                && current.type(c.column()) == io.mllifecycle.drift.ColumnType.NUMERIC) {
            series.add(ecdfSeries("reference", reference.numeric(c.column())));
            series.add(ecdfSeries("current", current.numeric(c.column())));
            label = "ECDF of " + Svg.shorten(c.column(), 30) + " (KS D is the largest vertical gap)";
        } else {
            double[] x = Arrays.stream(psi.edges()).toArray();
            double[] ry = new double[x.length];
            double[] cy = new double[x.length];
            double r = 0;
            double q = 0;
            for (int i = 0; i < x.length; i++) {
                r += psi.bins().get(i).referenceCount();
                q += psi.bins().get(i).currentCount();
                ry[i] = r / Math.max(1, c.referenceCount());
                cy[i] = q / Math.max(1, c.currentCount());
            }
            series.add(new Svg.Series("reference", x, ry));
            series.add(new Svg.Series("current", x, cy));
            label = "ECDF of " + Svg.shorten(c.column(), 30) + " at the bin edges";
        }
        Svg.lines(h, label, "value of " + Svg.shorten(c.column(), 30) + " (column units)",
                "cumulative share (fraction)", series, true, false, List.of());
    }

    private static Svg.Series ecdfSeries(String name, double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = sorted.length;
        int points = Math.min(n, ECDF_POINTS);
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
            int k = points == 1 ? n - 1 : (int) Math.round((double) i * (n - 1) / (points - 1));
            x[i] = sorted[k];
            y[i] = (k + 1.0) / n;
        }
        return new Svg.Series(name, x, y);
    }

    private String json(List<ColumnReport> columns, String summary) {
        ObjectNode root = Json.object();
        root.put("kind", "drift");
        root.put("title", title);
        root.put("summary", summary);
        root.put("verdict", report.verdict().name());
        root.put("correction", report.correction().name());
        root.put("level", report.level());
        root.put("columnsCompared", report.columns().size());
        root.put("columnsDrifted", report.drifted().size());
        root.put("topCategories", options.topCategories());
        if (window != null) {
            WindowResult w = window.window();
            ObjectNode wn = root.putObject("window");
            wn.put("model", window.model());
            wn.put("version", window.version());
            wn.put("index", w.index());
            wn.put("start", w.start().toString());
            wn.put("end", w.end().toString());
            wn.put("rows", w.rows());
            ObjectNode metrics = wn.putObject("metrics");
            new TreeMap<>(w.metrics()).forEach((k, v) -> Json.number(metrics, k, v));
            ArrayNode alerts = wn.putArray("alerts");
            for (Alert a : w.alerts()) {
                alerts.addObject().put("rule", a.rule()).put("window", a.window()).put("at", a.at().toString())
                        .put("message", a.message());
            }
        }
        ArrayNode cols = root.putArray("columns");
        for (ColumnReport c : columns) {
            ObjectNode n = cols.addObject();
            n.put("name", c.column());
            n.put("type", c.type().name());
            n.put("verdict", c.verdict().name());
            n.put("decidingTest", c.decidingTest() == null ? null : c.decidingTest().name());
            n.put("reason", c.reason());
            Json.number(n, "effect", effect(c) < 0 ? Double.NaN : effect(c));
            n.put("referenceCount", c.referenceCount());
            n.put("currentCount", c.currentCount());
            n.put("referenceMissing", c.referenceMissing());
            n.put("currentMissing", c.currentMissing());
            n.put("topBin", c.topBin());
            ArrayNode outcomes = n.putArray("outcomes");
            for (TestOutcome o : c.outcomes()) {
                ObjectNode on = outcomes.addObject();
                on.put("test", o.test().name());
                Json.number(on, "statistic", o.statistic());
                Json.number(on, "pValue", o.pValue());
                Json.number(on, "adjustedPValue", o.adjustedPValue());
                on.put("topBin", o.topBin());
                on.put("deciding", o.test() == c.decidingTest());
            }
            if (c.psi() != null) {
                PsiResult psi = c.psi();
                DriftBins bins = DriftBins.of(psi, options.topCategories());
                ObjectNode pn = n.putObject("psi");
                pn.put("value", psi.value());
                pn.put("severity", psi.severity().name());
                pn.put("pValue", psi.pValue());
                pn.put("exact", psi.isExact());
                pn.put("note", psi.note());
                pn.put("otherCategories", bins.otherCategories());
                ArrayNode bn = pn.putArray("bins");
                for (DriftBins.Bin b : bins.bins()) {
                    ObjectNode x = bn.addObject();
                    x.put("kind", b.kind());
                    x.put("label", b.label());
                    Json.number(x, "lower", b.lower());
                    Json.number(x, "upper", b.upper());
                    x.put("referenceCount", b.referenceCount());
                    x.put("currentCount", b.currentCount());
                    Json.number(x, "referenceShare", b.referenceShare());
                    Json.number(x, "currentShare", b.currentShare());
                    Json.number(x, "contribution", b.contribution());
                }
            }
        }
        return Json.write(root);
    }

}
