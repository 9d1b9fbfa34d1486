package io.mllifecycle.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.tracking.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The README's delayed-label sample is the code between the markers below, compiled and run here. */
class MonitoringReadmeSampleTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void sample_recordsLateAccuracy() {
        InMemoryStore store = new InMemoryStore();
        Lifecycle lifecycle = Lifecycle.builder().store(store).actor("readme").build();
        double[] ref = IntStream.range(0, 200).mapToDouble(i -> i % 40).toArray();
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register("churn", run.id(), "m.bin",
                    s -> s.referenceProfiles(ReferenceProfiles.fit(Map.of("age", ref))));
        }
        int n = 100;
        Instant[] timestamps = IntStream.range(0, n).mapToObj(T0::plusSeconds).toArray(Instant[]::new);
        double[] age = IntStream.range(0, n).mapToDouble(i -> i % 40).toArray();
        double[] scores = IntStream.range(0, n).mapToDouble(i -> i % 2 == 0 ? 0.9 : 0.1).toArray();
        String[] requestIds = IntStream.range(0, n).mapToObj(i -> "r" + i).toArray(String[]::new);
        double[] outcomes = IntStream.range(0, n).mapToDouble(i -> i % 2 == 0 ? 1 : 0).toArray();
        Instant labelledAt = T0.plus(Duration.ofDays(3));
        Monitor.LabelStatus status = sample(lifecycle, timestamps, age, scores, requestIds, outcomes, labelledAt);
        assertThat(status).isEqualTo(new Monitor.LabelStatus(100, 0, 1, 0));
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).containsExactly(1.0);
    }

    private static Monitor.LabelStatus sample(Lifecycle lifecycle, Instant[] timestamps, double[] age,
                                              double[] scores, String[] requestIds, double[] outcomes,
                                              Instant labelledAt) {
        // README:begin
        Monitor monitor = lifecycle.monitor("churn/1")
                .delayedLabels(0.8, 1_000_000, Duration.ofDays(30))   // share, cap on held predictions, TTL
                .alert(AlertRules.metricBelow("perf.accuracy", 0.9, 1))  // evaluated late, once labels are in
                .start();
        monitor.observe(ProductionBatch.builder(timestamps).numeric("age", age)
                .predictions(scores).ids(requestIds).build());          // no labels yet
        monitor.labels(requestIds, outcomes, labelledAt);               // days later; stored, replayed on restart
        monitor.close();                                                // last window; the monitoring run ends
        Monitor.LabelStatus status = monitor.labelStatus();             // held, awaited, windows, unmatched
        // README:end
        return status;
    }

    @Test
    void readme_containsTheSampleVerbatim() throws IOException {
        Path self = Path.of("src/test/java/io/mllifecycle/monitoring/MonitoringReadmeSampleTest.java");
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
