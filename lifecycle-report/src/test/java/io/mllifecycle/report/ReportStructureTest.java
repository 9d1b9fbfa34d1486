package io.mllifecycle.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.ColumnReport;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.Table;
import io.mllifecycle.drift.Verdict;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("report structure")
class ReportStructureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Fixtures.World world;
    private static Map<String, Report> reports;

    @BeforeAll
    static void world() {
        world = new Fixtures.World();
        reports = world.reports();
    }

    private static JsonNode json(Report r) {
        try {
            return JSON.readTree(r.json());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int count(String haystack, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(haystack);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Nested
    @DisplayName("drift report")
    class Drift {
        private final Table[] tables = Fixtures.tables(12, 11, 2_000);
        private final DriftReport report = Fixtures.drift(tables);
        private final Report page = Reports.drift(report);

        @Test
        void summary_names_counts_level_and_correction() {
            long drifted = report.drifted().size();
            assertThat(page.html()).contains(Html.escape(drifted + " of 12 columns drifted at α = 0.05 after Benjamini–Hochberg"));
            assertThat(json(page).get("columnsDrifted").asLong()).isEqualTo(drifted);
        }

        @Test
        void every_column_has_a_row_a_section_and_json() {
            for (ColumnReport c : report.columns()) {
                assertThat(page.html()).contains("<tr data-column=\"" + Html.escape(c.column()) + "\">");
                assertThat(page.html()).contains("<section id=\"col-" + report.columns().indexOf(c) + "\"");
            }
            assertThat(count(page.html(), "<tr data-column=")).isEqualTo(12);
            assertThat(json(page).get("columns")).hasSize(12);
            for (String header : List.of("Column", "Type", "Reference | current", "Deciding test", "Statistic",
                    "p-value", "Corrected p", "PSI", "Missing (ref → cur)", "n (ref / cur)", "Verdict")) {
                assertThat(page.html()).contains("<th>" + header + "</th>");
            }
        }

        @Test
        void columns_are_sorted_by_effect_with_undecided_last() {
            JsonNode cols = json(page).get("columns");
            double previous = Double.POSITIVE_INFINITY;
            boolean undecided = false;
            for (JsonNode c : cols) {
                if (c.get("verdict").asText().equals("INSUFFICIENT_DATA")) {
                    undecided = true;
                    continue;
                }
                assertThat(undecided).as("decided column after an undecided one").isFalse();
                double effect = c.get("effect").asDouble();
                assertThat(effect).isLessThanOrEqualTo(previous);
                previous = effect;
            }
            assertThat(undecided).isTrue();
        }

        @Test
        void verdict_reasons_and_deciding_bins_are_shown() {
            for (ColumnReport c : report.columns()) {
                assertThat(page.html()).contains(Html.escape(c.reason()));
            }
            ColumnReport channel = report.column("channel");
            assertThat(channel.verdict()).isEqualTo(Verdict.DRIFT);
            assertThat(page.html()).contains("PSI contribution per bin").contains("UNSEEN").contains("MISSING");
        }

        @Test
        void column_all_missing_is_undecided_and_draws_nothing() {
            ColumnReport missing = report.column("all_missing");
            assertThat(missing.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
            String section = page.html().substring(page.html().indexOf("<section id=\"col-2\""));
            section = section.substring(0, section.indexOf("</section>"));
            assertThat(section).contains("not tested").doesNotContain("<svg");
        }

        @Test
        void ten_thousand_categories_show_top_n_and_other() {
            JsonNode zip = null;
            for (JsonNode c : json(page).get("columns")) {
                if (c.get("name").asText().equals("zip_code")) {
                    zip = c;
                }
            }
            assertThat(zip).isNotNull();
            JsonNode bins = zip.get("psi").get("bins");
            assertThat(bins.size()).isLessThanOrEqualTo(ReportOptions.DEFAULTS.topCategories() + 3);
            assertThat(zip.get("psi").get("otherCategories").asInt()).isGreaterThan(1_000);
            int other = zip.get("psi").get("otherCategories").asInt();
            assertThat(bins.get(bins.size() - 2).get("label").asText()).isEqualTo("other (" + other + " categories)");
            assertThat(page.html()).contains(other + " smaller categories are summed in the bin");
            Report top5 = Reports.drift(report, "five", ReportOptions.DEFAULTS.withTopCategories(5));
            assertThat(top5.html()).contains((other + 15) + " smaller categories are summed in the bin");
        }

        @Test
        void empty_report_renders_a_sentence() {
            Report empty = Reports.drift(Fixtures.drift(new Table[] {Table.builder().build(), Table.builder().build()}));
            assertThat(empty.html()).contains("0 of 0 columns drifted").contains("No columns were compared");
            assertThat(json(empty).get("columns")).isEmpty();
        }

        @Test
        void empty_window_is_undecided_everywhere() {
            Table[] t = Fixtures.tables(6, 5, 500);
            Table.Builder none = Table.builder();
            for (String name : t[0].names()) {
                if (t[0].type(name) == io.mllifecycle.drift.ColumnType.NUMERIC) {
                    none.numeric(name, new double[0]);
                } else {
                    none.categorical(name, new String[0]);
                }
            }
            Report r = Reports.drift(Fixtures.drift(new Table[] {t[0], none.build()}));
            assertThat(r.html()).contains("0 of 6 columns drifted").contains("6 with too little data to decide");
            assertThat(count(r.html(), "<tr data-column=")).isEqualTo(6);
        }

        @Test
        void fifty_columns_fit_in_300_kb() {
            Table[] t = Fixtures.tables(50, 3, 5_000);
            DriftReport fifty = Fixtures.drift(t);
            byte[] plain = Reports.drift(fifty).htmlBytes();
            byte[] withRaw = Reports.drift(fifty, t[0], t[1], "raw", ReportOptions.DEFAULTS).htmlBytes();
            System.out.printf("50-column drift report: %d bytes (bins), %d bytes (raw ECDFs)%n", plain.length,
                    withRaw.length);
            assertThat(plain.length).isLessThanOrEqualTo(300 * 1024);
            assertThat(withRaw.length).isLessThanOrEqualTo(300 * 1024);
        }

        @Test
        void same_input_gives_same_bytes() {
            Report again = Reports.drift(Fixtures.drift(Fixtures.tables(12, 11, 2_000)));
            assertThat(again.html()).isEqualTo(page.html());
            assertThat(again.json()).isEqualTo(page.json());
        }
    }

    @Nested
    @DisplayName("every report")
    class Every {
        @Test
        void user_values_never_become_markup() {
            assertThat(reports).isNotEmpty();
            int escaped = 0;
            for (Report r : reports.values()) {
                assertThat(r.html()).as(r.fileName()).doesNotContain("<script").doesNotContain("<i>")
                        .doesNotContain("<b>");
                escaped += count(r.html(), "&lt;script&gt;") + count(r.html(), "&lt;i&gt;");
            }
            assertThat(escaped).isGreaterThan(reports.size());
            assertThat(reports.get("run-comparison").html()).contains("lr &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
            Report card = reports.get("model-card-" + ReportLinks.fileSafe(Fixtures.World.MODEL) + "-v1");
            assertThat(card.html()).contains("<bdi>" + Html.escape(Fixtures.RTL)).contains("&amp;amp;");
        }

        @Test
        void html_has_no_network_references_and_is_self_contained() {
            for (Report r : reports.values()) {
                assertThat(r.html()).as(r.fileName()).doesNotContain("http://", "https://", "<link rel=\"stylesheet",
                        "<img", "@import");
                assertThat(r.html()).startsWith("<!DOCTYPE html>").contains("<style>").contains("@media print")
                        .contains("name=\"viewport\"");
            }
        }

        @Test
        void charts_have_titles_and_axis_labels() {
            for (Report r : reports.values()) {
                int charts = count(r.html(), "<svg class=\"chart\"");
                assertThat(count(r.html(), "<text class=\"t\"")).as(r.fileName()).isEqualTo(charts);
                assertThat(count(r.html(), "<text class=\"al tx\"")).as(r.fileName()).isEqualTo(2 * charts);
            }
        }

        @Test
        void json_is_valid_and_names_its_kind() {
            for (Report r : reports.values()) {
                JsonNode n = json(r);
                assertThat(n.get("kind").asText()).isEqualTo(r.kind());
                assertThat(n.get("title").asText()).isEqualTo(r.title());
            }
        }

        @Test
        void rendering_twice_gives_the_same_bytes() {
            Fixtures.World fresh = new Fixtures.World();
            Map<String, Report> first = fresh.reports();
            Map<String, Report> again = fresh.reports();
            assertThat(again.keySet()).isEqualTo(first.keySet());
            again.forEach((k, r) -> {
                assertThat(r.html()).as(k).isEqualTo(first.get(k).html());
                assertThat(r.json()).as(k).isEqualTo(first.get(k).json());
            });
        }

        @Test
        void map_order_does_not_change_the_bytes() {
            RunRecord run = world.lifecycle.run(world.runIds.get(0));
            Map<String, String> reversed = new LinkedHashMap<>();
            new ArrayList<>(new java.util.TreeMap<>(run.params()).descendingMap().entrySet())
                    .forEach(e -> reversed.put(e.getKey(), e.getValue()));
            RunRecord shuffled = new RunRecord(run.id(), run.experimentId(), run.parentRunId(), run.name(), run.status(),
                    run.startTime(), run.endTime(), run.failure(), reversed, run.tags(), run.latestMetrics(), run.inputs(),
                    run.artifacts(), run.source());
            Report a = Reports.runComparison(List.of(run), Map.of(), ReportOptions.DEFAULTS);
            Report b = Reports.runComparison(List.of(shuffled), Map.of(), ReportOptions.DEFAULTS);
            assertThat(b.html()).isEqualTo(a.html());
            assertThat(b.json()).isEqualTo(a.json());
            assertThat(a.html()).contains(">1 run<").doesNotContain("1 runs");
        }
    }

    @Nested
    @DisplayName("run comparison")
    class Comparison {
        @Test
        void differing_params_are_marked_and_every_curve_is_drawn() {
            Report r = reports.get("run-comparison");
            assertThat(count(r.html(), "<tr class=\"diff\"><td><bdi>learning_rate")).isEqualTo(1);
            assertThat(r.html()).contains("<tr><td><bdi>depth</bdi>");
            assertThat(r.html()).contains("loss by step").contains("auc by step");
            assertThat(json(r).get("differingParams").toString()).contains("learning_rate", "note")
                    .doesNotContain("depth");
            assertThat(json(r).get("runs").get(0).get("metrics").get("loss")).hasSize(30);
        }

        @Test
        void runs_without_metrics_render_sentences() {
            Lifecycle l = Lifecycle.builder().store(new InMemoryStore()).build();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                try (Run run = l.experiment("empty").startRun()) {
                    ids.add(run.id());
                }
            }
            Report r = Reports.runComparison(l, ids, ReportOptions.DEFAULTS);
            assertThat(r.html()).contains("No run logged a metric.").contains("No metric history to draw.")
                    .contains("No run logged a param.").doesNotContain("<svg class=\"chart\"");
        }

        @Test
        void long_curves_are_thinned() {
            RunRecord run = world.lifecycle.run(world.runIds.get(0));
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                points.add(new MetricPoint("loss", 1.0 / (i + 1), i, Instant.EPOCH.plusSeconds(i)));
            }
            Report r = Reports.runComparison(List.of(run), Map.of(run.id(), Map.of("loss", points)),
                    ReportOptions.DEFAULTS.withMaxPoints(100));
            assertThat(json(r).get("runs").get(0).get("metrics").get("loss")).hasSize(100);
            assertThat(r.htmlBytes().length).isLessThan(40_000);
        }
    }

    @Nested
    @DisplayName("model card")
    class Card {
        @Test
        void has_the_model_card_toolkit_sections_and_the_evidence() {
            Report r = reports.get("model-card-" + ReportLinks.fileSafe(Fixtures.World.MODEL) + "-v1");
            for (String id : List.of("details", "parameters", "considerations", "datasets", "quantitative", "stages",
                    "gates", "lineage", "aliases", "versions", "audit")) {
                assertThat(r.html()).as(id).contains("id=\"" + id + "\"");
            }
            assertThat(r.html()).contains("Retention offers for existing customers.").contains("accuracy by group")
                    .contains("fairness gap of accuracy").contains("Chain verified: all").contains("champion")
                    .contains("<td><bdi>amount</bdi></td><td><bdi>numeric</bdi></td>");
            Report v2 = reports.get("model-card-" + ReportLinks.fileSafe(Fixtures.World.MODEL) + "-v2");
            assertThat(v2.html()).contains("FAILED").contains("✗ fail").contains("challenger");
            JsonNode card = json(r).get("card");
            assertThat(card.get("version").asInt()).isEqualTo(1);
            assertThat(json(r).get("audit").get("intact").asBoolean()).isTrue();
        }

        @Test
        void fairness_gate_evidence_is_a_per_group_table_with_counts() {
            Lifecycle l = Lifecycle.builder().store(new InMemoryStore()).build();
            String runId;
            try (Run run = l.experiment("fair").startRun()) {
                run.logArtifact("m.bin", "m".getBytes(StandardCharsets.UTF_8));
                runId = run.id();
            }
            ModelVersion v = l.models().register("fair", runId, "m.bin", s -> { });
            // a: labels 1 0, predicted 1 0 → selection 1/2, TPR 1, FPR 0; b: labels 0 0, predicted 1 0 → TPR undefined
            v.promote(io.mllifecycle.store.Stage.STAGING, io.mllifecycle.gate.Gates.fairness(
                    new double[] {0.9, 0.1, 0.9, 0.1}, new double[] {1, 0, 0, 0}, new String[] {"a", "a", "b", "b"}, 0.5,
                    Map.of("demographic_parity_difference", 0.5)));
            String html = Reports.modelCard(l, "fair", 1, ReportOptions.DEFAULTS).html();
            String table = html.substring(html.indexOf("<table class=\"fairness\">"));
            table = table.substring(0, table.indexOf("</table>"));
            assertThat(count(table, "<tr")).isEqualTo(3);
            assertThat(table).contains("<th>Rows</th>").contains("<th>Positives</th>").contains(">undefined<");
            assertThat(html.indexOf("<table class=\"fairness\">")).isGreaterThan(html.indexOf("id=\"quantitative\""));
        }

        @Test
        void a_model_with_500_versions_lists_the_nearest() {
            Lifecycle l = Lifecycle.builder().store(new InMemoryStore()).build();
            String runId;
            try (Run run = l.experiment("many").startRun()) {
                run.logArtifact("m.bin", "m".getBytes(StandardCharsets.UTF_8));
                runId = run.id();
            }
            ModelVersion last = null;
            for (int i = 0; i < 500; i++) {
                last = l.models().register("many", runId, "m.bin", s -> { });
            }
            Report r = Reports.modelCard(l, "many", 250, ReportOptions.DEFAULTS);
            assertThat(last.version()).isEqualTo(500);
            assertThat(r.html()).contains("500 versions; the 25 nearest to version 250 are shown");
            String table = r.html().substring(r.html().indexOf("id=\"versions-table\""));
            table = table.substring(0, table.indexOf("</table>"));
            assertThat(count(table, "<tr")).isEqualTo(26);
            assertThat(json(r).get("versions")).hasSize(500);
            assertThat(r.htmlBytes().length).isLessThan(60_000);
        }
    }

    @Nested
    @DisplayName("audit trail")
    class Audit {
        private List<AuditEvent> chain(int n) {
            List<AuditEvent> out = new ArrayList<>();
            String previous = AuditChain.GENESIS;
            for (int i = 1; i <= n; i++) {
                Instant t = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i);
                Map<String, String> details = Map.of("n", Integer.toString(i), "note", Fixtures.MARKUP);
                String hash = AuditChain.hash(i, t, "ci", "model.version.update", "m/" + (i % 3 + 1), details, previous);
                out.add(new AuditEvent(i, t, "ci", "model.version.update", "m/" + (i % 3 + 1), details, previous, hash));
                previous = hash;
            }
            return out;
        }

        @Test
        void intact_chain_says_so() {
            Report r = Reports.auditTrail(chain(20), ReportOptions.DEFAULTS);
            assertThat(r.html()).contains("Chain verified: all 20 events intact.");
            assertThat(count(r.html(), "✓ verified")).isEqualTo(20);
            assertThat(json(r).get("chain").get("verifiedUpTo").asLong()).isEqualTo(20);
        }

        @Test
        void tampered_event_is_named_and_marked() {
            List<AuditEvent> events = chain(20);
            AuditEvent e = events.get(11);
            events.set(11, new AuditEvent(e.sequence(), e.time(), "mallory", e.action(), e.subject(), e.details(),
                    e.previousHash(), e.hash()));
            Report r = Reports.auditTrail(events, ReportOptions.DEFAULTS);
            assertThat(r.html()).contains("Chain BROKEN: verified up to event 11; audit event 12")
                    .contains("<tr class=\"broken\">").contains("✗ first bad event");
            assertThat(count(r.html(), "✓ verified")).isEqualTo(11);
            assertThat(count(r.html(), "not verified")).isEqualTo(8);
            assertThat(json(r).get("chain").get("firstBad").asLong()).isEqualTo(12);
        }

        @Test
        void long_trails_show_the_latest_rows_and_the_first_bad_one() {
            List<AuditEvent> events = chain(2_000);
            events.remove(99);
            Report r = Reports.auditTrail(events, ReportOptions.DEFAULTS.withMaxRows(100));
            assertThat(json(r).get("eventsShown").asInt()).isEqualTo(101);
            assertThat(r.html()).contains("The latest 100 of 1999 events are shown, with the first bad one")
                    .contains("verified up to event 99");
        }
    }

    @Nested
    @DisplayName("monitoring timeline")
    class Timeline {
        @Test
        void from_the_store_and_from_results_show_the_same_windows() {
            Report stored = reports.get("monitoring-" + ReportLinks.fileSafe(Fixtures.World.MODEL) + "-v1");
            Report live = Reports.monitoringTimeline(Fixtures.World.MODEL, 1, world.monitor.results(), world.retraining,
                    world.v1.record().stageHistory(), ReportOptions.DEFAULTS);
            assertThat(json(stored).get("windows")).hasSize(8);
            assertThat(json(live).get("windows")).isEqualTo(json(stored).get("windows"));
            assertThat(json(live).get("events")).isEqualTo(json(stored).get("events"));
            assertThat(stored.html()).contains("PSI per column").contains("Missing rate per column")
                    .contains("Performance").contains("class=\"m-alert\"").contains("class=\"m-retrain\"");
        }

        @Test
        void never_monitored_version_says_so() {
            Report r = reports.get("monitoring-" + ReportLinks.fileSafe(Fixtures.World.MODEL) + "-v2");
            assertThat(r.html()).contains("No windows have been monitored yet")
                    .contains("0 windows &middot; 0 alerts &middot; 0 retraining requests &middot; 1 stage change</bdi>");
            assertThat(reports.get("monitoring-" + ReportLinks.fileSafe(Fixtures.World.MODEL) + "-v1").html())
                    .contains("8 windows &middot; 2 alerts &middot; 1 retraining request &middot; 3 stage changes</bdi>");
        }
    }

    @Nested
    @DisplayName("links and attachments")
    class Links {
        @Test
        void relative_file_links_match_the_file_names() {
            ReportLinks links = ReportLinks.relativeFiles();
            String m = Fixtures.World.MODEL;
            assertThat(links.modelVersion(m, 1)).hasValue(reports.keySet().stream()
                    .filter(k -> k.startsWith("model-card-") && k.endsWith("-v1")).findFirst().orElseThrow() + ".html");
            assertThat(reports).containsKey(links.monitoringTimeline(m, 1).orElseThrow().replace(".html", ""));
            assertThat(reports).containsKey(links.monitoringWindow(m, 1, 3).orElseThrow().replace(".html", ""));
            assertThat(reports).containsKey(links.run(world.runIds.get(1)).orElseThrow().replace(".html", ""));
            assertThat(reports).containsKey(links.auditTrail().orElseThrow().replace(".html", ""));
            assertThat(ReportLinks.fileSafe("a/b")).isNotEqualTo(ReportLinks.fileSafe("a~b")).doesNotContain("/");
            assertThat(ReportLinks.fileSafe("..")).doesNotStartWith(".");
        }

        @Test
        void no_links_render_plain_text() {
            Report r = Reports.modelCard(world.lifecycle, Fixtures.World.MODEL, 1, ReportOptions.DEFAULTS);
            assertThat(r.html()).doesNotContain("href=\"model-card-").doesNotContain("href=\"run-");
        }

        @Test
        void reports_attach_to_runs_and_versions() {
            Fixtures.World world = new Fixtures.World();
            Report card = Reports.modelCard(world.lifecycle, Fixtures.World.MODEL, 1, ReportOptions.DEFAULTS);
            try (Run run = world.lifecycle.experiment("reports").startRun()) {
                ReportAttachments.logTo(run, "reports", card);
                assertThat(run.record().artifacts()).containsKeys("reports/" + card.fileName() + ".html",
                        "reports/" + card.fileName() + ".json");
            }
            ReportAttachments.storeWithVersion(world.lifecycle, world.v1, card);
            assertThat(ReportAttachments.readFromVersion(world.lifecycle, world.v1.record(), "model-card", "html"))
                    .hasValue(card.html());
            assertThat(ReportAttachments.readFromVersion(world.lifecycle, world.v1.record(), "model-card", "json"))
                    .hasValue(card.json());
            assertThat(ReportAttachments.readFromVersion(world.lifecycle, world.v1.record(), "drift", "html")).isEmpty();
            assertThatThrownBy(() -> ReportAttachments.readFromVersion(world.lifecycle, world.v1.record(), "drift", "pdf"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format").hasMessageContaining("pdf");
        }
    }

    @Nested
    @DisplayName("argument checks")
    class Arguments {
        @Test
        void null_and_bad_arguments_are_named() {
            assertThatThrownBy(() -> Reports.drift(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("report must not be null");
            DriftReport r = Fixtures.drift(Fixtures.tables(5, 1, 100));
            assertThatThrownBy(() -> Reports.drift(r, " ", ReportOptions.DEFAULTS))
                    .hasMessage("title must not be blank, but was ' '");
            assertThatThrownBy(() -> Reports.runComparison(List.of(), Map.of(), ReportOptions.DEFAULTS))
                    .hasMessageContaining("runs must hold at least one run");
            assertThatThrownBy(() -> Reports.modelCard(world.lifecycle, "m", 0, ReportOptions.DEFAULTS))
                    .hasMessage("version must be >= 1, but was 0");
            assertThatThrownBy(() -> ReportOptions.DEFAULTS.withTopCategories(0))
                    .hasMessage("topCategories must be >= 1, but was 0");
            assertThatThrownBy(() -> ReportLinks.fileSafe("")).hasMessageContaining("name must be a non-empty string");
            assertThatThrownBy(() -> reports.values().iterator().next().writeTo(null))
                    .hasMessage("directory must not be null");
        }
    }
}
