package io.mllifecycle.server.ui;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.monitoring.MonitoringRuns;
import io.mllifecycle.report.PageWriter;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The models list and one model's versions. */
final class ModelsView {
    private final Lifecycle lifecycle;

    ModelsView(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    private LifecycleStore store() {
        return lifecycle.store();
    }

    // ---------------------------------------------------------------- models

    String models(WebUi.Request r) {
        List<RegisteredModelRecord> all = store().registry().listModels();
        PageWriter w = PageWriter.start("Models", all.size() + (all.size() == 1 ? " model" : " models"), r.options, Views.CSS);
        if (all.isEmpty()) {
            w.element("p", "note", "No registered model yet.");
            return w.finish(Views.FOOTER);
        }
        w.raw("<div class=\"wrap\"><table id=\"models\"><thead><tr><th>Model</th><th class=\"num\">Versions</th><th>Latest</th>"
                + "<th>By stage</th><th>Aliases</th><th>Description</th></tr></thead><tbody>");
        for (RegisteredModelRecord m : all) {
            List<ModelVersionRecord> versions = store().registry().listVersions(m.name());
            w.raw("<tr><td>").link(UiLinks.model(m.name()), m.name()).raw("</td>")
                    .tdNum(Integer.toString(versions.size())).raw("<td>");
            if (!versions.isEmpty()) {
                ModelVersionRecord latest = versions.get(versions.size() - 1);
                w.link(r.options.links().modelVersion(m.name(), latest.version()).orElse(null), "v" + latest.version());
            }
            w.raw("</td>").td(byStage(versions)).raw("<td>");
            aliases(w, r, m);
            w.raw("</td>").td(m.description()).raw("</tr>");
        }
        w.raw("</tbody></table></div>");
        return w.finish(Views.FOOTER);
    }

    private static String byStage(List<ModelVersionRecord> versions) {
        Map<String, List<String>> stages = new TreeMap<>();
        versions.forEach(v -> stages.computeIfAbsent(v.stage().name(), s -> new ArrayList<>()).add("v" + v.version()));
        return stages.entrySet().stream().map(e -> e.getKey() + ": " + (e.getValue().size() > 5
                ? e.getValue().size() + " versions" : String.join(", ", e.getValue()))).collect(Collectors.joining("; "));
    }

    private static void aliases(PageWriter w, WebUi.Request r, RegisteredModelRecord m) {
        boolean first = true;
        for (Map.Entry<String, Integer> a : m.aliases().entrySet()) {
            if (!first) {
                w.raw(", ");
            }
            first = false;
            w.link(r.options.links().modelVersion(m.name(), a.getValue()).orElse(null), "@" + a.getKey() + " → v"
                    + a.getValue());
        }
    }

    String model(WebUi.Request r) {
        RegisteredModelRecord m = store().registry().getModel(r.required("name"));
        List<ModelVersionRecord> versions = new ArrayList<>(store().registry().listVersions(m.name()));
        versions.sort((a, b) -> Integer.compare(b.version(), a.version()));
        PageWriter w = PageWriter.start("Model " + m.name(), versions.size() + " versions, newest first", r.options, Views.CSS);
        w.raw("<dl class=\"kv\"><dt>Description</dt><dd>").userText(m.description().isEmpty() ? "—" : m.description())
                .raw("</dd><dt>Created</dt><dd>").text(Views.time(m.createdAt())).raw("</dd><dt>Aliases</dt><dd>");
        if (m.aliases().isEmpty()) {
            w.text("none");
        } else {
            aliases(w, r, m);
        }
        w.raw("</dd><dt>Tags</dt><dd>").userText(m.tags().isEmpty() ? "none" : Views.kv(m.tags())).raw("</dd></dl>");
        if (versions.isEmpty()) {
            w.element("p", "note", "No version registered.");
            return w.finish(Views.FOOTER);
        }
        Map<Integer, List<String>> aliasesOf = new TreeMap<>();
        m.aliases().forEach((a, v) -> aliasesOf.computeIfAbsent(v, x -> new ArrayList<>()).add("@" + a));
        Set<String> monitored = monitoredVersions(m.name());
        w.raw("<div class=\"wrap\"><table id=\"versions\"><thead><tr><th>Version</th><th>Stage</th><th>Aliases</th>"
                + "<th>Created</th><th>Source run</th><th>Gate reports</th><th class=\"num\">Stage changes</th><th>Monitoring</th>"
                + "</tr></thead><tbody>");
        for (ModelVersionRecord v : versions) {
            long passed = v.gateReports().stream().filter(GateReport::passed).count();
            w.raw("<tr><td>").link(r.options.links().modelVersion(m.name(), v.version()).orElse(null), "v" + v.version())
                    .raw("</td>").td(v.stage().name()).td(String.join(" ", aliasesOf.getOrDefault(v.version(), List.of())))
                    .td(Views.time(v.createdAt())).raw("<td class=\"mono\">")
                    .link(v.sourceRunId() == null ? null : r.options.links().run(v.sourceRunId()).orElse(null),
                            v.sourceRunId() == null ? "—" : v.sourceRunId())
                    .raw("</td>").td(v.gateReports().isEmpty() ? "—" : passed + " passed, "
                            + (v.gateReports().size() - passed) + " refused")
                    .tdNum(Integer.toString(v.stageHistory().size())).raw("<td>");
            if (monitored.contains(Integer.toString(v.version()))) {
                w.link(r.options.links().monitoringTimeline(m.name(), v.version()).orElse(null), "timeline");
            } else {
                w.text("—");
            }
            w.raw("</td></tr>");
        }
        w.raw("</tbody></table></div>");
        return w.finish(Views.FOOTER);
    }

    /** @return the versions (as text) of {@code model} that have a monitoring run */
    private Set<String> monitoredVersions(String model) {
        Set<String> out = new TreeSet<>();
        for (RunRecord run : monitoringRuns(model)) {
            String v = run.tags().get("version");
            if (model.equals(run.tags().get("model")) && v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private List<RunRecord> monitoringRuns(String model) {
        return store().tracking().findExperiment(MonitoringRuns.EXPERIMENT_PREFIX + model)
                .map(e -> Views.allRuns(store(), e.id())).orElse(List.of());
    }
}
