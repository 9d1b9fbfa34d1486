package io.mllifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.abtest.SequentialDecision;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.tracking.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's A/B and fairness-gate sample is the code between the markers below, compiled and run here. */
class AbReadmeSampleTest {

    @Test
    void sample_splitsRoutesComparesAndGates() {
        Lifecycle lifecycle = Lifecycle.builder().store(new InMemoryStore()).actor("readme").build();
        for (int i = 0; i < 2; i++) {
            try (Run run = lifecycle.experiment("train").startRun()) {
                run.logArtifact("m.bin", ("m" + i).getBytes(StandardCharsets.UTF_8));
                lifecycle.models().register("churn", run.id(), "m.bin", s -> { });
            }
        }
        lifecycle.models().model("churn").setAlias("champion", 1);
        lifecycle.models().model("churn").setAlias("challenger", 2);
        double[] scores = {0.9, 0.2, 0.8, 0.1, 0.9, 0.1, 0.1, 0.1};
        double[] labels = {1, 1, 0, 0, 1, 0, 0, 0};
        String[] country = {"fr", "fr", "fr", "fr", "de", "de", "de", "de"};
        ModelVersion v2 = lifecycle.models().version("churn", 2);
        SequentialDecision d = sample(lifecycle, v2, scores, labels, country);
        assertThat(d.rejected()).isTrue();
        assertThat(v2.stage()).isEqualTo(Stage.STAGING);
    }

    private static SequentialDecision sample(Lifecycle lifecycle, ModelVersion v2, double[] scores, double[] labels,
                                             String[] country) {
        // README:begin
        TrafficSplit split = lifecycle.models().split("churn", Map.of("champion", 0.9, "challenger", 0.1));
        String arm = split.arm("customer-42");          // same key, same arm: SHA-256 of model and key
        ModelVersion serving = split.route("customer-42"); // the version the arm's alias points at
        split.recordOutcome("customer-42", "conversion", true);
        split.recordCounts("champion", "conversion", 800, 10_000);   // or counts from elsewhere
        split.recordCounts("challenger", "conversion", 150, 1_000);
        SequentialDecision d = split.compare("champion", "challenger", "conversion", 0.95); // always-valid p
        v2.promote(Stage.STAGING,
                Gates.challengerBeats("champion", "conversion", 0.95),
                Gates.fairness(scores, labels, country, 0.5, Map.of("demographic_parity_ratio", 0.5,
                        "equalized_odds_difference", 0.5)));
        // README:end
        assertThat(serving.record().reference()).endsWith(arm.equals("champion") ? "/1" : "/2");
        return d;
    }

    @Test
    void readme_containsTheSampleVerbatim() throws IOException {
        Path self = Path.of("src/test/java/io/mllifecycle/registry/AbReadmeSampleTest.java");
        List<String> lines = Files.readAllLines(self, StandardCharsets.UTF_8);
        int begin = lines.indexOf("        // README:begin");
        int end = lines.indexOf("        // README:end");
        assertThat(begin).isPositive();
        StringBuilder sample = new StringBuilder();
        for (String line : lines.subList(begin + 1, end)) {
            sample.append(line.length() >= 8 ? line.substring(8) : line.strip()).append('\n');
        }
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("```java\n" + sample + "```\n");
    }
}
