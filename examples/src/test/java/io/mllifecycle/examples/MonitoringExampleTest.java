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
    void run_abTest_splitRoutesTenPercent_sequentialTestStops_gatePromotesTheChallenger() {
        InMemoryStore store = new InMemoryStore();
        List<String> timeline = MonitoringExample.run(store);
        String ab = timeline.stream().filter(l -> l.startsWith("ab: routed")).findFirst().orElseThrow();
        // 20 000 requests, 10% ± 5 sd to the challenger
        assertThat(ab).containsPattern("challenger=(1[89]\\d\\d|2[01]\\d\\d), champion=");
        assertThat(ab).containsPattern("stopped after \\d+ requests");
        assertThat(timeline).contains("ab: fraud/3 passed challengerBeats and is STAGING");
        assertThat(store.registry().getModel("fraud").tags()).containsEntry("traffic.split",
                "challenger=0.1;champion=0.9");
    }

    @Test
    void run_delayedLabels_perWindowAccuracy_andLateAlertOnTheWorseWindow() {
        InMemoryStore store = new InMemoryStore();
        List<String> timeline = MonitoringExample.run(store);
        String text = String.join("\n", timeline);
        assertThat(text).contains("labels: 1900 of 2000 labels arrived").contains("; 100 still awaited");
        // window 0 is right on every labelled row; window 1 wrong on about a fifth of them
        assertThat(text).containsPattern("accuracy per window \\[1\\.000, 0\\.(7[6-9]|8[0-4])\\d\\]");
        assertThat(timeline).filteredOn(l -> l.startsWith("labels: window 1 ALERT perf.accuracy < 0.9"))
                .singleElement().asString().contains("once labels arrived");
        assertThat(timeline).filteredOn(l -> l.startsWith("labels: window 0 ALERT")).isEmpty();
    }

    @Test
    void run_segments_storeChannelDriftsAlone_estimateBesideRealised_fairnessGapOpens() {
        InMemoryStore store = new InMemoryStore();
        List<String> timeline = MonitoringExample.run(store);
        List<String> windows = timeline.stream().filter(l -> l.startsWith("segments: window ") && l.contains("drifted"))
                .toList();
        assertThat(windows).hasSize(4);
        assertThat(windows.get(0)).contains("drifted []");
        assertThat(windows.get(1)).contains("drifted []");
        assertThat(windows.get(2)).contains("drifted [store]");
        assertThat(windows.get(3)).contains("drifted [store]");
        for (String w : windows) {
            // estimated accuracy a [lo, hi], realised r: r inside the band
            var m = java.util.regex.Pattern.compile("estimated accuracy ([0-9.]+) \\[([0-9.]+), ([0-9.]+)\\], realised ([0-9.]+)")
                    .matcher(w);
            assertThat(m.find()).as(w).isTrue();
            assertThat(Double.parseDouble(m.group(4))).isBetween(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
        }
        assertThat(timeline).filteredOn(l -> l.startsWith("segments: window 2 ALERT drift in segment 'store': 'amount'"))
                .hasSize(1);
        assertThat(timeline).filteredOn(l -> l.startsWith("segments: window 2 ALERT demographic_parity_difference of"
                + " 'channel' was")).hasSize(1);
        assertThat(timeline).filteredOn(l -> l.startsWith("segments: window") && l.contains("ALERT")).hasSize(2);
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
