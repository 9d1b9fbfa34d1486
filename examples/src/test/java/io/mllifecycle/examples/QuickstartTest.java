package io.mllifecycle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickstartTest {

    @Test
    void run_twoLearningRates_bestRunHasTrackedEverything() {
        try (Lifecycle lifecycle = Lifecycle.open("mem:quickstart-test")) {
            RunRecord best = Quickstart.run(lifecycle);
            assertThat(best.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(best.params()).containsKeys("learning_rate", "epochs");
            assertThat(best.latestMetrics().get("val_accuracy").value()).isGreaterThan(0.85);
            assertThat(best.latestMetrics().get("loss").step()).isEqualTo(20);
            assertThat(best.inputs()).hasSize(2);
            assertThat(best.artifacts()).containsKey("model/weights.txt");
            assertThat(lifecycle.experiment("quickstart").searchRuns(q -> q.pageSize(10)).runs()).hasSize(2);
        }
    }

    @Test
    void main_onFileStore_runsSurviveReopen(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String uri = dir.resolve("mlruns").toUri().toString();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            Quickstart.main(new String[] {uri});
        } finally {
            System.setOut(original);
        }
        try (Lifecycle reopened = Lifecycle.open(uri)) {
            assertThat(reopened.experiment("quickstart").searchRuns(q -> q.status(RunStatus.FINISHED)).runs()).hasSize(2);
            assertThat(reopened.experiment("quickstart").bestRun("val_accuracy", true)).isPresent();
        }
        assertThat(dir.resolve("mlruns").resolve("FORMAT")).exists();
    }

    @Test
    void main_printsComparisonAndBestRun() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Quickstart.main(new String[] {"mem:quickstart-main"});
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("param learning_rate").contains("metric val_accuracy").contains("Best run: lr-");
    }
}
