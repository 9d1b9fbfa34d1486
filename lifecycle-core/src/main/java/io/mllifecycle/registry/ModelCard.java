package io.mllifecycle.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.internal.FairnessEvidence;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.StageChange;
import java.util.List;
import java.util.Optional;
import io.mllifecycle.monitoring.Signature;
import java.util.Map;

/**
 * A model version's card, built from the registry: description, card fields, stage and aliases,
 * lineage, a quantitative analysis (per-group rates with counts from fairness gates evaluated on predictions,
 * and the source run's metrics named {@code <metric>/<group>}) and every gate evaluation. Rendered as Markdown for people and JSON for tools.
 *
 * @param version the version
 * @param aliases aliases pointing at it
 * @param lineage where it came from
 */
public record ModelCard(ModelVersionRecord version, List<String> aliases, Lineage lineage) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @return the version's signature, if it has one (see {@link Signature})
     * @throws IllegalArgumentException if the stored signature is damaged
     */
    public Optional<Signature> signature() {
        return Signature.of(version);
    }

    /**
     * One group's row of a fairness evaluation (rates as stored: four significant digits).
     *
     * @param group             the group value
     * @param rows              rows of the group
     * @param positives         rows with a positive label
     * @param selectionRate     predicted positives / rows
     * @param truePositiveRate  empty when the group has no positives
     * @param falsePositiveRate empty when the group has no negatives
     */
    public record GroupRow(String group, long rows, long positives, double selectionRate,
                           java.util.OptionalDouble truePositiveRate, java.util.OptionalDouble falsePositiveRate) {}

    /**
     * A fairness gate evaluated on predictions ({@code Gates.fairness(scores, labels, groups, …)}), as stored
     * with the version's gate reports.
     *
     * @param gate        the gate's name (its bounds)
     * @param evaluatedAt when
     * @param passed      whether it passed
     * @param disparities the observed disparities, {@code name=value, …}
     * @param groups      per group, by group name
     */
    public record FairnessEvaluation(String gate, java.time.Instant evaluatedAt, boolean passed, String disparities,
                                     List<GroupRow> groups) {
        public FairnessEvaluation {
            groups = List.copyOf(groups);
        }
    }

    /** @return every fairness-on-predictions evaluation of the version, oldest first (the quantitative analysis) */
    public List<FairnessEvaluation> fairnessEvaluations() {
        List<FairnessEvaluation> out = new java.util.ArrayList<>();
        for (GateReport r : version.gateReports()) {
            for (GateResult g : r.results()) {
                List<GroupRow> rows = new java.util.ArrayList<>();
                for (FairnessEvidence.Group x : FairnessEvidence.decode(g.message())) {
                    GroupRow row = row(x);
                    if (row != null) {
                        rows.add(row);
                    }
                }
                if (!rows.isEmpty()) {
                    out.add(new FairnessEvaluation(g.gate(), r.evaluatedAt(), g.passed(), g.observed(), rows));
                }
            }
        }
        return out;
    }

    /** @return the row, or null if the stored evidence is not in the form this version writes */
    private static GroupRow row(FairnessEvidence.Group x) {
        try {
            Map<String, String> v = x.values();
            return new GroupRow(x.group(), Long.parseLong(v.get("rows")), Long.parseLong(v.get("positives")),
                    Double.parseDouble(v.get("selection_rate")), optional(v.get("true_positive_rate")),
                    optional(v.get("false_positive_rate")));
        } catch (RuntimeException e) {
            return null; // not this version's form (or damaged text): left out rather than shown wrong
        }
    }

    private static java.util.OptionalDouble optional(String v) {
        return v == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(Double.parseDouble(v));
    }

    /** @return the card as Markdown */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Model card: ").append(version.reference()).append("\n\n");
        if (!version.description().isBlank()) {
            b.append(version.description()).append("\n\n");
        }
        b.append("- **Stage:** ").append(version.stage()).append('\n');
        b.append("- **Aliases:** ").append(aliases.isEmpty() ? "none" : String.join(", ", aliases)).append('\n');
        b.append("- **Artifact:** `").append(version.artifactDigest()).append("`\n");
        b.append("- **Registered:** ").append(version.createdAt()).append('\n');
        if (!version.tags().isEmpty()) {
            b.append("- **Tags:** ").append(version.tags()).append('\n');
        }
        b.append("\n## Details\n\n");
        java.util.Map<String, String> fields = new java.util.TreeMap<>(version.card());
        fields.remove(Signature.CARD_FIELD);
        if (fields.isEmpty()) {
            b.append("_No model-card fields recorded._\n");
        }
        fields.forEach((k, v) -> b.append("### ").append(title(k)).append("\n\n").append(v).append("\n\n"));
        b.append("\n## Signature\n\n");
        b.append(signature().map(Signature::toMarkdown).orElse("_No signature recorded._\n"));
        b.append("\n## Lineage\n\n");
        if (lineage.run() == null) {
            b.append("_No source run._\n");
        } else {
            b.append("- **Run:** ").append(lineage.run().name()).append(" (`").append(lineage.run().id()).append("`)\n");
            b.append("- **Code version:** ").append(lineage.codeVersion().isEmpty() ? "unknown" : lineage.codeVersion()).append('\n');
            lineage.params().forEach((k, v) -> b.append("- param `").append(k).append("` = ").append(v).append('\n'));
            for (int i = 0; i < lineage.inputs().size(); i++) {
                RunInput in = lineage.inputs().get(i);
                DatasetVersion d = lineage.datasets().get(i);
                b.append("- dataset **").append(in.datasetName()).append("** (").append(in.role()).append(", ")
                        .append(d.rowCount()).append(" rows) `").append(in.datasetDigest()).append("`\n");
            }
            lineage.run().latestMetrics().forEach((k, p) -> b.append("- metric `").append(k).append("` = ")
                    .append(p.value()).append('\n'));
        }
        quantitativeAnalysis(b);
        b.append("\n## Gate evidence\n\n");
        if (version.gateReports().isEmpty()) {
            b.append("_No gates evaluated._\n");
        }
        for (GateReport r : version.gateReports()) {
            b.append("- ").append(r.evaluatedAt()).append(" → ").append(r.targetStage()).append(": ")
                    .append(r.overridden() ? "OVERRIDDEN" : r.passed() ? "passed" : "FAILED").append(" (by ")
                    .append(r.actor()).append(")\n");
            for (GateResult g : r.results()) {
                b.append("  - ").append(g.passed() ? "✓ " : "✗ ").append(g.message()).append('\n');
            }
        }
        b.append("\n## Stage history\n\n");
        for (StageChange c : version.stageHistory()) {
            b.append("- ").append(c.at()).append(": ").append(c.from() == null ? "—" : c.from()).append(" → ")
                    .append(c.to()).append(" by ").append(c.actor())
                    .append(c.reason().isBlank() ? "" : " (" + c.reason() + ")").append('\n');
        }
        return b.toString();
    }

    /** @return the card as a JSON document */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", version.modelName());
        root.put("version", version.version());
        root.put("description", version.description());
        root.put("stage", version.stage().name());
        root.put("artifactDigest", version.artifactDigest());
        root.put("createdAt", version.createdAt().toString());
        root.set("aliases", JSON.valueToTree(aliases));
        root.set("tags", JSON.valueToTree(version.tags()));
        java.util.Map<String, String> fields = new java.util.TreeMap<>(version.card());
        fields.remove(Signature.CARD_FIELD);
        root.set("card", JSON.valueToTree(fields));
        Optional<Signature> signature = signature();
        if (signature.isPresent()) {
            try {
                root.set("signature", JSON.readTree(signature.get().toJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a signature's own JSON did not parse", e);
            }
        } else {
            root.putNull("signature");
        }
        ObjectNode lin = root.putObject("lineage");
        if (lineage.run() != null) {
            lin.put("runId", lineage.run().id());
            lin.put("runName", lineage.run().name());
            lin.put("codeVersion", lineage.codeVersion());
            lin.set("params", JSON.valueToTree(lineage.params()));
            ArrayNode ds = lin.putArray("datasets");
            for (int i = 0; i < lineage.inputs().size(); i++) {
                ObjectNode d = ds.addObject();
                d.put("name", lineage.inputs().get(i).datasetName());
                d.put("digest", lineage.inputs().get(i).datasetDigest());
                d.put("role", lineage.inputs().get(i).role().name());
                d.put("rows", lineage.datasets().get(i).rowCount());
            }
            ObjectNode metrics = lin.putObject("metrics");
            lineage.run().latestMetrics().forEach((k, p) -> metrics.put(k, p.value()));
        }
        lin.set("gatesPassed", JSON.valueToTree(lineage.gatesPassed()));
        ArrayNode gates = root.putArray("gateReports");
        for (GateReport r : version.gateReports()) {
            ObjectNode g = gates.addObject();
            g.put("targetStage", r.targetStage().name());
            g.put("evaluatedAt", r.evaluatedAt().toString());
            g.put("actor", r.actor());
            g.put("passed", r.passed());
            g.put("overridden", r.overridden());
            ArrayNode results = g.putArray("results");
            for (GateResult x : r.results()) {
                results.addObject().put("gate", x.gate()).put("passed", x.passed()).put("observed", x.observed())
                        .put("expected", x.expected()).put("message", x.message());
            }
        }
        ObjectNode qa = root.putObject("quantitativeAnalysis");
        ArrayNode fairness = qa.putArray("fairnessGates");
        for (FairnessEvaluation e : fairnessEvaluations()) {
            ObjectNode f = fairness.addObject().put("gate", e.gate()).put("evaluatedAt", e.evaluatedAt().toString())
                    .put("passed", e.passed()).put("disparities", e.disparities());
            ArrayNode rows = f.putArray("groups");
            for (GroupRow g : e.groups()) {
                ObjectNode row = rows.addObject().put("group", g.group()).put("rows", g.rows())
                        .put("positives", g.positives()).put("selection_rate", g.selectionRate());
                g.truePositiveRate().ifPresent(v -> row.put("true_positive_rate", v));
                g.falsePositiveRate().ifPresent(v -> row.put("false_positive_rate", v));
            }
        }
        qa.set("runGroupMetrics", JSON.valueToTree(runGroupMetrics()));
        ArrayNode history = root.putArray("stageHistory");
        for (StageChange c : version.stageHistory()) {
            history.addObject().put("from", c.from() == null ? null : c.from().name()).put("to", c.to().name())
                    .put("at", c.at().toString()).put("actor", c.actor()).put("reason", c.reason());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model card of " + version.reference() + " could not be written as JSON", e);
        }
    }

    /** The fairness gates' per-group evidence, newest evaluation last, and the source run's per-group metrics. */
    private void quantitativeAnalysis(StringBuilder b) {
        b.append("\n## Quantitative analysis\n\n");
        boolean any = false;
        for (FairnessEvaluation e : fairnessEvaluations()) {
            any = true;
            b.append("### ").append(e.gate()).append(" (").append(e.evaluatedAt()).append(", ")
                    .append(e.passed() ? "passed" : "failed").append(")\n\n");
            b.append("| group | rows | positives | selection rate | true positive rate | false positive rate |\n");
            b.append("|---|---:|---:|---:|---:|---:|\n");
            for (GroupRow x : e.groups()) {
                b.append("| ").append(cell(x.group())).append(" | ").append(x.rows()).append(" | ").append(x.positives())
                        .append(" | ").append(fmt(x.selectionRate())).append(" | ").append(opt(x.truePositiveRate()))
                        .append(" | ").append(opt(x.falsePositiveRate())).append(" |\n");
            }
            if (!e.disparities().isBlank()) {
                b.append("\nDisparities: ").append(e.disparities()).append('\n');
            }
            b.append('\n');
        }
        Map<String, Map<String, Double>> perGroup = runGroupMetrics();
        if (!perGroup.isEmpty()) {
            any = true;
            java.util.Set<String> groups = new java.util.TreeSet<>();
            perGroup.values().forEach(m -> groups.addAll(m.keySet()));
            b.append("### Per-group metrics of the source run\n\n| group | ")
                    .append(String.join(" | ", perGroup.keySet())).append(" |\n|---|");
            b.append("---:|".repeat(perGroup.size())).append('\n');
            for (String group : groups) {
                b.append("| ").append(cell(group));
                perGroup.values().forEach(m -> b.append(" | ").append(m.containsKey(group) ? fmt(m.get(group)) : "—"));
                b.append(" |\n");
            }
        }
        if (!any) {
            b.append("_No per-group evaluation: evaluate Gates.fairness(scores, labels, groups, …) or log"
                    + " metrics named <metric>/<group>._\n");
        }
    }

    private static String opt(java.util.OptionalDouble v) {
        return v.isPresent() ? fmt(v.getAsDouble()) : "undefined";
    }

    /**
     * The source run's metrics named {@code <metric>/<group>} (the convention {@code Gates.fairness(metric, gap)}
     * reads), metric → group → value, for metrics with at least two groups ({@code count/<group>} gives counts).
     */
    private Map<String, Map<String, Double>> runGroupMetrics() {
        Map<String, Map<String, Double>> out = new java.util.TreeMap<>();
        if (lineage.run() == null) {
            return out;
        }
        lineage.run().latestMetrics().forEach((k, p) -> {
            int slash = k.indexOf('/');
            if (slash > 0 && slash < k.length() - 1) {
                out.computeIfAbsent(k.substring(0, slash), x -> new java.util.TreeMap<>()).put(k.substring(slash + 1),
                        p.value());
            }
        });
        out.values().removeIf(m -> m.size() < 2);
        return out;
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1")
                .replaceAll("\\.$", "");
    }

    private static String title(String field) {
        String s = field.replace('_', ' ');
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

}
