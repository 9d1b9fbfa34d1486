package io.mllifecycle.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.registry.Lineage;
import io.mllifecycle.registry.ModelCard;
import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.StageChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a model card in the sections of the Model Card Toolkit (model details, model parameters,
 * considerations, datasets, quantitative analysis) filled from the registry, followed by stage history,
 * gate evidence, lineage, aliases, the model's other versions and the version's audit excerpt.
 */
final class ModelCardPage {

    /** Card fields each Model Card Toolkit section shows, in order, with their headings. */
    private static final Map<String, String> DETAILS = fields("owners", "Owners", "license", "Licence",
            "references", "References", "citation", "Citation");
    private static final Map<String, String> PARAMETERS = fields("model_architecture", "Architecture",
            "input_format", "Input format", "output_format", "Output format");
    private static final Map<String, String> CONSIDERATIONS = fields("intended_use", "Intended use", "users", "Users",
            "use_cases", "Use cases", "limitations", "Limitations", "tradeoffs", "Trade-offs",
            "ethical_considerations", "Ethical considerations");
    private static final Map<String, String> DATASETS = fields("training_data", "Training data", "evaluation_data",
            "Evaluation data");

    private final ModelCard card;
    private final List<ModelVersionRecord> versions;
    private final List<AliasChange> aliasHistory;
    private final List<AuditEvent> chain;
    private final ReportOptions options;
    private final ModelVersionRecord v;

    ModelCardPage(ModelCard card, List<ModelVersionRecord> versions, List<AliasChange> aliasHistory,
            List<AuditEvent> chain, ReportOptions options) {
        this.card = card;
        this.versions = versions;
        this.aliasHistory = aliasHistory;
        this.chain = chain;
        this.options = options;
        this.v = card.version();
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    Report render(String fileName) {
        String title = "Model card: " + v.modelName() + " version " + v.version();
        ChainStatus status = ChainStatus.of(chain);
        List<AuditEvent> excerpt = chain.stream().filter(e -> e.subject().equals(v.reference())).toList();
        Html h = Page.start(title, "Stage " + v.stage() + (card.aliases().isEmpty() ? "" : " · aliases "
                + String.join(", ", card.aliases())) + " · registered " + v.createdAt(), options);
        h.raw("<nav>");
        options.links().monitoringTimeline(v.modelName(), v.version())
                .ifPresent(href -> h.link(href, "Monitoring timeline"));
        h.raw("<a href=\"#details\">Details</a><a href=\"#quantitative\">Quantitative analysis</a>"
                + "<a href=\"#gates\">Gates</a><a href=\"#audit\">Audit</a></nav>");
        details(h);
        section(h, "parameters", "Model parameters", PARAMETERS);
        signature(h);
        section(h, "considerations", "Considerations", CONSIDERATIONS);
        datasets(h);
        quantitative(h);
        otherFields(h);
        stageHistory(h);
        gates(h);
        lineage(h);
        aliases(h);
        otherVersions(h);
        h.raw("<h2 id=\"audit\">Audit excerpt</h2>");
        status.banner(h);
        if (excerpt.isEmpty()) {
            h.element("p", "note", "No audit events about " + v.reference() + ".");
        } else {
            List<AuditEvent> shown = excerpt.size() > options.maxRows()
                    ? excerpt.subList(excerpt.size() - options.maxRows(), excerpt.size()) : excerpt;
            if (shown.size() < excerpt.size()) {
                h.element("p", "note", "The latest " + shown.size() + " of " + excerpt.size() + " events are shown.");
            }
            AuditRows.table(h, shown, status, options, "audit-table");
        }
        options.links().auditTrail().ifPresent(href -> h.raw("<p>").link(href, "Whole audit trail").raw("</p>"));
        return new Report("model-card", title, fileName, Page.end(h, "model card"), json(title, status, excerpt));
    }

    private void details(Html h) {
        h.raw("<h2 id=\"details\">Model details</h2>");
        if (!v.description().isBlank()) {
            h.open("p", "pre").userText(v.description()).close("p");
        }
        h.raw("<dl class=\"kv\">");
        kv(h, "Name", v.modelName());
        kv(h, "Version", Integer.toString(v.version()));
        kv(h, "Stage", v.stage().name());
        kv(h, "Registered", v.createdAt().toString());
        h.raw("<dt>Artifact</dt><dd class=\"mono\">").text(v.artifactDigest()).raw("</dd>");
        for (Map.Entry<String, String> f : DETAILS.entrySet()) {
            String value = v.card().get(f.getKey());
            if (value != null) {
                kv(h, f.getValue(), value);
            }
        }
        new TreeMap<>(v.tags()).forEach((k, value) -> kv(h, "tag " + k, value));
        h.raw("</dl>");
    }

    private static void kv(Html h, String key, String value) {
        h.open("dt").userText(key).close("dt").open("dd", "pre").userText(value).close("dd");
    }

    private void section(Html h, String id, String title, Map<String, String> fields) {
        h.raw("<h2 id=\"" + id + "\">").text(title).raw("</h2>");
        boolean any = false;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String value = v.card().get(f.getKey());
            if (value != null) {
                h.element("h3", f.getValue()).open("p", "pre").userText(value).close("p");
                any = true;
            }
        }
        if (!any) {
            h.element("p", "note", "Not recorded: set the card fields " + String.join(", ", fields.keySet())
                    + " when registering the version.");
        }
    }

    private void signature(Html h) {
        h.raw("<h3>Signature (inputs)</h3>");
        Map<String, String> columns = new TreeMap<>();
        card.signature().ifPresent(sig -> sig.inputs().forEach(c -> columns.put(c.name(),
                c.type().name().toLowerCase(java.util.Locale.ROOT) + (c.nullable() ? ", nullable" : ", required"))));
        for (DatasetVersion d : columns.isEmpty() ? trainingDatasets() : List.<DatasetVersion>of()) {
            d.schema().forEach((k, t) -> columns.putIfAbsent(k, t.name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (columns.isEmpty()) {
            h.element("p", "note", "No input columns are known: the version has no signature and its "
                    + "training data no schema.");
            return;
        }
        h.raw("<div class=\"wrap\"><table id=\"signature\"><thead><tr><th>Input column</th><th>Type</th></tr></thead><tbody>");
        columns.forEach((k, t) -> h.raw("<tr>").td(k).td(t).raw("</tr>"));
        h.raw("</tbody></table></div>");
    }

    private List<DatasetVersion> trainingDatasets() {
        Lineage l = card.lineage();
        List<DatasetVersion> out = new ArrayList<>();
        for (int i = 0; i < l.inputs().size() && i < l.datasets().size(); i++) {
            if (l.inputs().get(i).role() == io.mllifecycle.store.DatasetRole.TRAINING) {
                out.add(l.datasets().get(i));
            }
        }
        return out;
    }

    private void datasets(Html h) {
        section(h, "datasets", "Datasets", DATASETS);
        Lineage l = card.lineage();
        if (l.inputs().isEmpty()) {
            h.element("p", "note", "The source run logged no datasets.");
            return;
        }
        h.raw("<div class=\"wrap\"><table id=\"datasets-table\"><thead><tr><th>Dataset</th><th>Role</th><th>Rows</th>"
                + "<th>Columns</th><th>Source</th><th>Digest</th></tr></thead><tbody>");
        for (int i = 0; i < l.inputs().size(); i++) {
            RunInput in = l.inputs().get(i);
            DatasetVersion d = i < l.datasets().size() ? l.datasets().get(i) : null;
            h.raw("<tr>").td(in.datasetName()).td(in.role().name()).tdNum(d == null ? "—" : Long.toString(d.rowCount()))
                    .tdNum(d == null ? "—" : Integer.toString(d.schema().size()))
                    .td(d == null || d.sourceUri() == null ? "—" : d.sourceUri()).raw("<td class=\"mono\">")
                    .text(RunComparisonPage.shortDigest(in.datasetDigest())).raw("</td></tr>");
        }
        h.raw("</tbody></table></div>");
    }

    /** Metrics named {@code metric/group} grouped by metric; the rest as overall metrics. */
    private void quantitative(Html h) {
        h.raw("<h2 id=\"quantitative\">Quantitative analysis</h2>");
        for (io.mllifecycle.registry.ModelCard.FairnessEvaluation e : card.fairnessEvaluations()) {
            h.raw("<h3>").userText(e.gate()).raw("</h3>");
            h.element("p", "note", (e.passed() ? "Passed" : "Failed") + " at " + e.evaluatedAt() + "; " + e.disparities());
            h.raw("<div class=\"wrap\"><table class=\"fairness\"><thead><tr><th>Group</th><th>Rows</th><th>Positives</th>"
                    + "<th>Selection rate</th><th>True positive rate</th><th>False positive rate</th></tr></thead><tbody>");
            for (io.mllifecycle.registry.ModelCard.GroupRow g : e.groups()) {
                h.raw("<tr>").td(g.group()).tdNum(Long.toString(g.rows())).tdNum(Long.toString(g.positives()))
                        .tdNum(Html.num(g.selectionRate()))
                        .tdNum(g.truePositiveRate().isPresent() ? Html.num(g.truePositiveRate().getAsDouble()) : "undefined")
                        .tdNum(g.falsePositiveRate().isPresent() ? Html.num(g.falsePositiveRate().getAsDouble()) : "undefined")
                        .raw("</tr>");
            }
            h.raw("</tbody></table></div>");
        }
        Map<String, MetricPoint> metrics = card.lineage().run() == null ? Map.of() : card.lineage().run().latestMetrics();
        if (metrics.isEmpty()) {
            h.element("p", "note", "The source run logged no metrics.");
            return;
        }
        Map<String, Double> overall = new TreeMap<>();
        Map<String, Map<String, Double>> groups = new TreeMap<>();
        metrics.forEach((k, p) -> {
            int slash = k.indexOf('/');
            if (slash > 0 && slash < k.length() - 1) {
                groups.computeIfAbsent(k.substring(0, slash), x -> new TreeMap<>()).put(k.substring(slash + 1), p.value());
            } else {
                overall.put(k, p.value());
            }
        });
        if (!overall.isEmpty()) {
            h.raw("<h3>Performance metrics</h3><div class=\"wrap\"><table id=\"metrics-table\"><thead><tr><th>Metric</th>"
                    + "<th>Value</th></tr></thead><tbody>");
            overall.forEach((k, value) -> h.raw("<tr>").td(k).tdNum(Html.num(value)).raw("</tr>"));
            h.raw("</tbody></table></div>");
        }
        for (Map.Entry<String, Map<String, Double>> g : groups.entrySet()) {
            h.raw("<h3>").userText(g.getKey()).raw(" by group</h3><div class=\"cols\"><div class=\"wrap\"><table class=\"groups\">"
                    + "<thead><tr><th>Group</th><th>Value</th></tr></thead><tbody>");
            g.getValue().forEach((k, value) -> h.raw("<tr>").td(k).tdNum(Html.num(value)).raw("</tr>"));
            double max = g.getValue().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double min = g.getValue().values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
            h.raw("<tr><td>largest gap</td>").tdNum(Html.num(max - min)).raw("</tr></tbody></table></div>");
            List<String> labels = new ArrayList<>(g.getValue().keySet());
            List<String> shownLabels = labels.size() > options.topCategories()
                    ? labels.subList(0, options.topCategories()) : labels;
            double[] values = shownLabels.stream().mapToDouble(k -> g.getValue().get(k)).toArray();
            Svg.bars(h, g.getKey() + " by group", "group", g.getKey() + " (metric units)", shownLabels,
                    List.of(new Svg.Series(g.getKey(), null, values)), Set.of());
            h.raw("</div>");
        }
    }

    private void otherFields(Html h) {
        Map<String, String> rest = new TreeMap<>(v.card());
        for (Map<String, String> known : List.of(DETAILS, PARAMETERS, CONSIDERATIONS, DATASETS)) {
            known.keySet().forEach(rest::remove);
        }
        if (rest.isEmpty()) {
            return;
        }
        h.raw("<h2 id=\"other-fields\">Other card fields</h2><dl class=\"kv\">");
        rest.forEach((k, value) -> kv(h, k, value));
        h.raw("</dl>");
    }

    private void stageHistory(Html h) {
        h.raw("<h2 id=\"stages\">Stage history</h2><div class=\"wrap\"><table id=\"stage-table\"><thead><tr><th>When</th>"
                + "<th>From</th><th>To</th><th>By</th><th>Reason</th></tr></thead><tbody>");
        for (StageChange c : v.stageHistory()) {
            h.raw("<tr>").td(c.at().toString()).td(c.from() == null ? "—" : c.from().name()).td(c.to().name())
                    .td(c.actor()).td(c.reason().isBlank() ? "—" : c.reason()).raw("</tr>");
        }
        h.raw("</tbody></table></div>");
    }

    private void gates(Html h) {
        h.raw("<h2 id=\"gates\">Gate evidence</h2>");
        if (v.gateReports().isEmpty()) {
            h.element("p", "note", "No gates were evaluated for this version.");
            return;
        }
        int i = 0;
        for (GateReport r : v.gateReports()) {
            i++;
            String outcome = r.overridden() ? "OVERRIDDEN" : r.passed() ? "passed" : "FAILED";
            h.raw("<section class=\"gate\" id=\"gate-" + i + "\"><h3>").text("→ " + r.targetStage() + ": ")
                    .raw("<span class=\"" + (r.passed() && !r.overridden() ? "ok" : "bad") + "\">").text(outcome)
                    .raw("</span></h3><p class=\"note\">").text("evaluated " + r.evaluatedAt() + " by ").userText(r.actor())
                    .raw("</p><div class=\"wrap\"><table><thead><tr><th>Gate</th><th>Result</th><th>Observed</th><th>Expected</th>"
                            + "<th>Evidence</th></tr></thead><tbody>");
            for (GateResult g : r.results()) {
                h.raw("<tr>").td(g.gate()).raw(g.passed() ? "<td class=\"ok\">✓ pass</td>" : "<td class=\"bad\">✗ fail</td>")
                        .td(g.observed()).td(g.expected()).td(g.message()).raw("</tr>");
            }
            h.raw("</tbody></table></div></section>");
        }
    }

    private void lineage(Html h) {
        Lineage l = card.lineage();
        h.raw("<h2 id=\"lineage\">Lineage</h2>");
        if (l.run() == null) {
            h.element("p", "note", v.sourceRunId() == null ? "The version has no source run."
                    : "The source run " + v.sourceRunId() + " is no longer in the store.");
        } else {
            h.raw("<dl class=\"kv\"><dt>Source run</dt><dd>").link(options.links().run(l.run().id()).orElse(null),
                    l.run().name() == null || l.run().name().isEmpty() ? l.run().id() : l.run().name())
                    .raw(" <span class=\"mono\">").text(l.run().id()).raw("</span></dd>");
            kv(h, "Code version", l.codeVersion().isEmpty() ? "unknown" : l.codeVersion());
            kv(h, "Gates passed", l.gatesPassed().isEmpty() ? "none" : String.join("; ", l.gatesPassed()));
            h.raw("</dl>");
            if (!l.params().isEmpty()) {
                h.raw("<div class=\"wrap\"><table id=\"params-table\"><thead><tr><th>Param</th><th>Value</th></tr></thead><tbody>");
                new TreeMap<>(l.params()).forEach((k, value) -> h.raw("<tr>").td(k).td(value).raw("</tr>"));
                h.raw("</tbody></table></div>");
            }
        }
    }

    private void aliases(Html h) {
        h.raw("<h2 id=\"aliases\">Aliases</h2>");
        h.open("p").text(card.aliases().isEmpty() ? "No alias points at this version."
                : "Pointing here now: ").userText(String.join(", ", card.aliases())).close("p");
        List<AliasChange> mine = aliasHistory.stream().filter(a -> Integer.valueOf(v.version()).equals(a.fromVersion())
                || Integer.valueOf(v.version()).equals(a.toVersion())).toList();
        if (mine.isEmpty()) {
            return;
        }
        h.raw("<div class=\"wrap\"><table id=\"alias-table\"><thead><tr><th>When</th><th>Alias</th><th>From version</th>"
                + "<th>To version</th><th>By</th></tr></thead><tbody>");
        for (AliasChange a : mine) {
            h.raw("<tr>").td(a.at().toString()).td(a.alias()).tdNum(a.fromVersion() == null ? "—" : a.fromVersion().toString())
                    .tdNum(a.toVersion() == null ? "—" : a.toVersion().toString()).td(a.actor()).raw("</tr>");
        }
        h.raw("</tbody></table></div>");
    }

    /** The versions nearest to this one (at most maxRows / 20, at least 10), newest first. */
    private void otherVersions(Html h) {
        h.raw("<h2 id=\"versions\">Versions of ").userText(v.modelName()).raw("</h2>");
        int limit = Math.max(10, Math.min(25, options.maxRows()));
        List<ModelVersionRecord> near = new ArrayList<>(versions);
        near.sort(Comparator.comparingInt((ModelVersionRecord x) -> Math.abs(x.version() - v.version()))
                .thenComparingInt(x -> -x.version()));
        List<ModelVersionRecord> shown = new ArrayList<>(near.subList(0, Math.min(limit, near.size())));
        shown.sort(Comparator.comparingInt(ModelVersionRecord::version).reversed());
        Map<Integer, TreeSet<String>> byVersion = new TreeMap<>();
        aliasNow().forEach((alias, ver) -> byVersion.computeIfAbsent(ver, x -> new TreeSet<>()).add(alias));
        h.element("p", "note", versions.size() + " versions" + (shown.size() < versions.size() ? "; the " + shown.size()
                + " nearest to version " + v.version() + " are shown" : "") + ".");
        h.raw("<div class=\"wrap\"><table id=\"versions-table\"><thead><tr><th>Version</th><th>Stage</th><th>Registered</th>"
                + "<th>Aliases</th></tr></thead><tbody>");
        for (ModelVersionRecord x : shown) {
            h.raw(x.version() == v.version() ? "<tr class=\"hl\">" : "<tr>").raw("<td>")
                    .link(x.version() == v.version() ? null : options.links().modelVersion(x.modelName(), x.version())
                            .orElse(null), "v" + x.version()).raw("</td>").td(x.stage().name()).td(x.createdAt().toString())
                    .td(String.join(", ", byVersion.getOrDefault(x.version(), new TreeSet<>()))).raw("</tr>");
        }
        h.raw("</tbody></table></div>");
    }

    private Map<String, Integer> aliasNow() {
        Map<String, Integer> now = new TreeMap<>();
        for (AliasChange a : aliasHistory) {
            if (a.toVersion() == null) {
                now.remove(a.alias());
            } else {
                now.put(a.alias(), a.toVersion());
            }
        }
        card.aliases().forEach(a -> now.put(a, v.version()));
        return now;
    }

    private String json(String title, ChainStatus status, List<AuditEvent> excerpt) {
        ObjectNode root = Json.object();
        root.put("kind", "model-card");
        root.put("title", title);
        try {
            // core writes maps in their iteration order, which differs between JVMs: sort every object
            root.set("card", Json.sorted(Json.parse(card.toJson())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("model card JSON of " + v.reference() + " could not be read", e);
        }
        ObjectNode sections = root.putObject("modelCardToolkit");
        Map<String, Map<String, String>> toolkit = new LinkedHashMap<>();
        toolkit.put("modelDetails", DETAILS);
        toolkit.put("modelParameters", PARAMETERS);
        toolkit.put("considerations", CONSIDERATIONS);
        toolkit.put("datasets", DATASETS);
        for (Map.Entry<String, Map<String, String>> s : toolkit.entrySet()) {
            ObjectNode n = sections.putObject(s.getKey());
            s.getValue().keySet().forEach(k -> n.put(k, v.card().get(k)));
        }
        ArrayNode vs = root.putArray("versions");
        versions.stream().sorted(Comparator.comparingInt(ModelVersionRecord::version))
                .forEach(x -> vs.addObject().put("version", x.version()).put("stage", x.stage().name())
                        .put("createdAt", x.createdAt().toString()));
        ArrayNode aliases = root.putArray("aliasHistory");
        aliasHistory.forEach(a -> aliases.addObject().put("alias", a.alias()).put("fromVersion", a.fromVersion())
                .put("toVersion", a.toVersion()).put("at", a.at().toString()).put("actor", a.actor()));
        ObjectNode audit = root.putObject("audit");
        AuditPage.chainJson(audit, status);
        ArrayNode events = audit.putArray("events");
        excerpt.forEach(e -> AuditPage.eventJson(events.addObject(), e, status));
        return Json.write(root);
    }
}
