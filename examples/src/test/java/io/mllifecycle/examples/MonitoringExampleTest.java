package io.mllifecycle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.Stage;
import io.mllifecycle.store.memory.InMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringExampleTest {

    @Test
    void run_driftHalfWay_alertsRetrainPromoteRetire() {
        InMemoryStore store = new InMemoryStore();
        List<String> timeline = MonitoringExample.run(store);
        String text = String.join("\n", timeline);
        assertThat(timeline).filteredOn(l -> l.contains("drifted=[]")).hasSize(6);
        assertThat(timeline).filteredOn(l -> l.startsWith("window  6") && l.contains("drifted=[amount]")).hasSize(1);
        assertThat(text).contains("ALERT PSI > 0.25 for 2 window(s): PSI of 'amount'")
                .contains("ALERT missing rate jump > 0.05")
                .contains("retraining requested: ≥ 1 drifted feature(s) for 3 window(s) met at window 8")
                .contains("retrained fraud/2 promoted and made champion")
                .contains("fraud/1 PRODUCTION → DEPRECATED")
                .contains("audit trail intact");
        assertThat(store.registry().getVersion("fraud", 1).stage()).isEqualTo(Stage.RETIRED);
        assertThat(store.registry().getVersion("fraud", 2).stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(text).doesNotContain("ALERT PSI > 0.25 for 2 window(s): PSI of 'age'");
    }

    @Test
    void run_withReportDirectory_writesDriftReportAndModelCards(@TempDir Path dir) throws Exception {
        List<String> timeline = MonitoringExample.run(new InMemoryStore(), dir);
        assertThat(timeline).filteredOn(l -> l.startsWith("report: ")).hasSize(4);
        Path drift = dir.resolve("drift-fraud-v1-w11.html");
        Path card = dir.resolve("model-card-fraud-v2.html");
        assertThat(Files.readString(drift)).contains("1 of 3 columns drifted").contains("amount");
        assertThat(dir.resolve("drift-fraud-v1-w11.json")).exists();
        assertThat(Files.readString(card)).contains("Model card: fraud version 2").contains("Stage history")
                .contains("PRODUCTION").contains("Chain verified");
        assertThat(Files.readString(dir.resolve("monitoring-fraud-v1.html"))).contains("href=\"drift-fraud-v1-w11.html\"");
    }
}
