package io.mllifecycle.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.Table;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.WindowResult;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.tracking.Run;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the snippets of the README's "Reports" section: each README block is the code between the
 * {@code // README <name>} and {@code // END} lines of this file, compared after removing indentation.
 */
class ReadmeReportsTest {

    @Test
    void snippets_run(@TempDir Path dir) {
        Table[] t = Fixtures.tables(8, 2, 1_000);
        Table reference = t[0];
        Table current = t[1];
        Fixtures.World world = new Fixtures.World();
        Lifecycle lifecycle = world.lifecycle;
        Monitor monitor = world.monitor;
        String model = Fixtures.World.MODEL;
        String runA = world.runIds.get(0);
        String runB = world.runIds.get(1);
        ModelVersion version = world.v1;

        // README drift
        DriftReport drift = DriftDetector.builder().build().compare(reference, current);
        Report report = Reports.drift(drift, reference, current, "Churn features, June", ReportOptions.DEFAULTS);
        report.writeTo(dir);                      // dir/drift-report.html and dir/drift-report.json
        // END
        assertThat(dir.resolve("drift-report.html")).exists();
        assertThat(dir.resolve("drift-report.json")).exists();

        // README files
        ReportOptions files = ReportOptions.DEFAULTS.withLinks(ReportLinks.relativeFiles());
        Reports.runComparison(lifecycle, List.of(runA, runB), files).writeTo(dir);
        Reports.modelCard(lifecycle, model, version.version(), files).writeTo(dir);
        Reports.monitoringTimeline(lifecycle, model, version.version(), files).writeTo(dir);
        for (WindowResult w : monitor.results()) {
            Reports.driftWindow(model, version.version(), w, files).writeTo(dir);
        }
        Reports.auditTrail(lifecycle, files).writeTo(dir);
        // END
        assertThat(dir.resolve("run-comparison.html")).exists();
        assertThat(dir.resolve(files.links().modelVersion(model, 1).orElseThrow())).exists();
        assertThat(dir.resolve(files.links().monitoringWindow(model, 1, 7).orElseThrow())).exists();
        assertThat(dir.resolve("audit-trail.html")).exists();

        // README attach
        Report card = Reports.modelCard(lifecycle, model, version.version(), ReportOptions.DEFAULTS);
        try (Run run = lifecycle.experiment("reports").startRun()) {
            ReportAttachments.logTo(run, "reports", card);        // artifacts reports/<fileName>.html and .json
        }
        ReportAttachments.storeWithVersion(lifecycle, version, card);   // tags report.model-card.html / .json
        Optional<String> html = ReportAttachments.readFromVersion(lifecycle, version.record(), "model-card", "html");
        // END
        assertThat(html).hasValue(card.html());

        // README server
        ReportLinks server = new ReportLinks() {
            @Override public Optional<String> run(String runId) { return Optional.of("/ui/runs/" + runId); }
            @Override public Optional<String> modelVersion(String m, int v) { return Optional.of("/ui/models/" + m + "/" + v); }
            @Override public Optional<String> monitoringTimeline(String m, int v) { return Optional.empty(); }
            @Override public Optional<String> monitoringWindow(String m, int v, int w) { return Optional.empty(); }
            @Override public Optional<String> auditTrail() { return Optional.of("/ui/audit"); }
        };
        StringWriter response = new StringWriter();
        Reports.auditTrail(lifecycle, ReportOptions.DEFAULTS.withLinks(server).withMaxRows(200)).writeHtml(response);
        // END
        assertThat(response.toString()).contains("href=\"/ui/audit\"").contains("href=\"/ui/models/");
    }

    @Test
    void readme_shows_these_snippets() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/mllifecycle/report/ReadmeReportsTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("## Reports (`lifecycle-report`)");
        assertThat(section).as("README section").isPositive();
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(section));
        while (m.find()) {
            blocks.add(normalize(m.group(1)));
        }
        Matcher s = Pattern.compile("// README (\\w+)\n(.*?)\\s*// END", Pattern.DOTALL).matcher(source);
        int found = 0;
        while (s.find()) {
            assertThat(blocks).as("README block for snippet '%s'", s.group(1)).contains(normalize(s.group(2)));
            found++;
        }
        assertThat(found).isEqualTo(4);
    }

    private static String normalize(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
