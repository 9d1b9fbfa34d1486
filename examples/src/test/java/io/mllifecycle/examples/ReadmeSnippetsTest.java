package io.mllifecycle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README blocks that show example code must be that code, so what the README shows is what a test runs. */
class ReadmeSnippetsTest {

    private static List<String> between(Path file, String start, String end) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(start)) {
                from = i + 1;
            } else if (from >= 0 && lines.get(i).trim().equals(end)) {
                return lines.subList(from, i).stream().map(String::strip).toList();
            }
        }
        throw new AssertionError(file + " has no block between '" + start + "' and '" + end + "'");
    }

    /**
     * Asserts that the first java block after {@code heading} in the README is, line by line, the code of
     * {@code example} between {@code // README: <marker>} and {@code // README: end}.
     */
    private static void assertReadmeBlockIsExampleCode(String heading, String example, String marker)
            throws IOException {
        List<String> code = between(Path.of("src/main/java/io/mllifecycle/examples/" + example + ".java"),
                "// README: " + marker, "// README: end");
        String text = Files.readString(Path.of("..", "README.md"));
        int at = text.indexOf(heading);
        assertThat(at).as("README section '%s'", heading).isPositive();
        int open = text.indexOf("```java", at);
        String block = text.substring(open + 8, text.indexOf("```", open + 7));
        assertThat(block.lines().map(String::strip).toList()).isEqualTo(code);
    }

    @Test
    void governanceBlock_isRegistryExampleCode() throws IOException {
        assertReadmeBlockIsExampleCode("### Governance stored in the registry", "RegistryExample", "governance");
    }

    @Test
    void runLifecycleBlock_isRunLifecycleExampleCode_andDoesWhatTheReadmeSays() throws IOException {
        assertReadmeBlockIsExampleCode("### Deleting and purging runs", "RunLifecycleExample", "run lifecycle");

        io.mllifecycle.store.memory.InMemoryStore store = new io.mllifecycle.store.memory.InMemoryStore();
        java.time.Clock wall = java.time.Clock.systemUTC();
        // a month ago an old sweep was deleted; a worker died an hour ago leaving its run RUNNING
        try (io.mllifecycle.Lifecycle past = io.mllifecycle.Lifecycle.builder().store(store).actor("ana")
                .clock(java.time.Clock.offset(wall, java.time.Duration.ofDays(-31))).build();
             io.mllifecycle.Lifecycle later = io.mllifecycle.Lifecycle.builder().store(store).actor("ops")
                .clock(java.time.Clock.offset(wall, java.time.Duration.ofHours(2))).build()) {
            io.mllifecycle.tracking.Run old = past.experiment("old-sweep").startRun();
            old.logArtifact("model.bin", new byte[] {1, 2, 3, 4});
            old.close();
            past.deleteExperiment("old-sweep");
            io.mllifecycle.tracking.Run dead = past.experiment("train").startRun();
            io.mllifecycle.tracking.Run scratch = past.experiment("scratch").startRun();
            scratch.close();

            RunLifecycleExample.Outcome o = RunLifecycleExample.run(later, scratch.id());
            assertThat(o.deleted().runs()).as("the run and those of the deleted old sweep")
                    .extracting(io.mllifecycle.store.RunRecord::id).containsExactlyInAnyOrder(old.id(), scratch.id());
            assertThat(o.plan().runs()).extracting(io.mllifecycle.tracking.PurgeCandidate::id).containsExactly(old.id());
            assertThat(o.plan().bytes()).isEqualTo(4);
            assertThat(o.kept()).isEmpty();
            assertThat(o.purged().purged()).hasSize(2);
            assertThat(o.purged().freedBytes()).isEqualTo(4);
            assertThat(o.reaped()).extracting(io.mllifecycle.store.RunRecord::id).containsExactly(dead.id());
            assertThat(later.experiments()).extracting(io.mllifecycle.tracking.Experiment::name)
                    .containsExactly("train");
        }
    }

    @Test
    void signaturesBlock_isSignatureExampleCode() throws IOException {
        assertReadmeBlockIsExampleCode("### Model signatures and stored-once reference profiles", "SignatureExample",
                "signatures");
    }

    @Test
    void segmentsBlock_isMonitoringExampleCode() throws IOException {
        assertReadmeBlockIsExampleCode("**Segments, estimated performance and fairness in production.**",
                "MonitoringExample", "segments");
    }

    @Test
    void dataQualityBlock_isDataQualityExampleCode() throws IOException {
        assertReadmeBlockIsExampleCode("## Data quality checks", "DataQualityExample", "data quality");
    }
}
