package io.mllifecycle.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 17 delayed labels: ids, late per-window performance, late alerts, bounded and stored join state. */
class DelayedLabelsTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private final InMemoryStore store = new InMemoryStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).actor("monitor").build();

    DelayedLabelsTest() {
        double[] age = IntStream.range(0, 500).mapToDouble(i -> 20 + i % 50).toArray();
        Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(Map.of("age", age));
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register("churn", run.id(), "m.bin", s -> s.referenceProfiles(profiles));
        }
    }

    private static String id(int row) {
        return "req-" + row;
    }

    /** Rows {@code first…first+rows-1}, one second apart; prediction 0.9 for even rows, 0.1 for odd ones. */
    private static ProductionBatch predictions(int first, int rows) {
        Instant[] t = new Instant[rows];
        double[] age = new double[rows];
        double[] p = new double[rows];
        String[] ids = new String[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = T0.plusSeconds(first + i);
            age[i] = 20 + (first + i) % 50;
            p[i] = (first + i) % 2 == 0 ? 0.9 : 0.1;
            ids[i] = id(first + i);
        }
        return ProductionBatch.builder(t).numeric("age", age).predictions(p).ids(ids).build();
    }

    /** Labels for rows {@code from…to-1}: right (matching the prediction) unless the row is in {@code wrong}. */
    private static void label(Monitor m, int from, int to, Instant at, int... wrong) {
        String[] ids = new String[to - from];
        double[] y = new double[to - from];
        for (int r = from; r < to; r++) {
            ids[r - from] = id(r);
            int row = r;
            boolean right = Arrays.stream(wrong).noneMatch(w -> w == row);
            y[r - from] = (r % 2 == 0) == right ? 1 : 0;
        }
        m.labels(ids, y, at);
    }

    @Test
    void performanceOnceShareArrived_recordedAtTheWindowsStep_lateAlertFires() {
        List<Alert> alerts = new ArrayList<>();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(100))
                .delayedLabels(0.8, 10_000, Duration.ofDays(1))
                .alert(AlertRules.metricBelow("perf.accuracy", 0.95, 1)).onAlert(alerts::add).start();
        monitor.observe(predictions(0, 250));
        assertThat(monitor.results()).hasSize(2);
        assertThat(monitor.results().get(0).metrics()).containsEntry("labels.pending", 100.0)
                .doesNotContainKey("perf.accuracy");
        Instant later = T0.plus(Duration.ofHours(5));
        // window 1 (rows 100..199): 80 labels, 10 of them wrong → accuracy 70/80, recorded at step 1
        label(monitor, 100, 179, later, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109);
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).isEmpty();
        assertThat(alerts).isEmpty();
        label(monitor, 179, 180, later);
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).containsExactly(70.0 / 80);
        var point = store.tracking().metricHistory(monitor.runId(), "perf.accuracy", Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(point).singleElement().satisfies(p -> {
            assertThat(p.step()).isEqualTo(1);
            assertThat(p.timestamp()).isEqualTo(later);
        });
        assertThat(MonitoringRuns.history(store, "churn", 1, "labels.share")).containsExactly(0.8);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.window()).isEqualTo(1);
            assertThat(a.message()).contains("once labels arrived");
        });
        // more labels of an evaluated window are accepted and do not record it twice
        label(monitor, 180, 200, later);
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).hasSize(1);
        // window 0 perfectly right → accuracy 1, auc 1; no new alert
        label(monitor, 0, 100, later);
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).containsExactly(1.0, 70.0 / 80);
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.auc")).first().isEqualTo(1.0);
        assertThat(alerts).hasSize(1);
        assertThat(monitor.labelStatus()).isEqualTo(new Monitor.LabelStatus(200, 0, 2, 0));
        monitor.close();
    }

    @Test
    void pendingJoin_survivesRestart_throughTheStore() {
        Monitor first = lifecycle.monitor("churn/1").windows(Chunker.byCount(100))
                .delayedLabels(1.0, 10_000, Duration.ofDays(1)).start();
        first.observe(predictions(0, 100));
        label(first, 0, 60, T0.plus(Duration.ofHours(1)), 0, 1);
        first.close();

        Lifecycle restarted = Lifecycle.builder().store(store).actor("monitor-2").build();
        Monitor second = restarted.monitor("churn/1").windows(Chunker.byCount(100))
                .delayedLabels(1.0, 10_000, Duration.ofDays(1)).start();
        assertThat(second.labelStatus()).isEqualTo(new Monitor.LabelStatus(100, 40, 1, 0));
        assertThatThrownBy(() -> label(second, 0, 1, T0.plus(Duration.ofHours(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[req-0]");
        label(second, 60, 100, T0.plus(Duration.ofHours(2)));
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).containsExactly(98.0 / 100);
        second.close();
        // a third session replays both sessions' events and records nothing twice
        Monitor third = restarted.monitor("churn/1").windows(Chunker.byCount(100)).start();
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).containsExactly(98.0 / 100);
        third.close();
    }

    @Test
    void ttlAndCap_boundThePendingState_andUnmatchedAreCounted() {
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(100))
                .delayedLabels(0.5, 250, Duration.ofHours(1)).start();
        monitor.observe(predictions(0, 300)); // 3 windows = 300 pending > cap 250: window 0 dropped
        assertThat(monitor.labelStatus()).isEqualTo(new Monitor.LabelStatus(200, 200, 2, 100));
        assertThat(MonitoringRuns.history(store, "churn", 1, "labels.unmatched")).containsExactly(100.0);
        assertThatThrownBy(() -> label(monitor, 0, 10, T0.plusSeconds(400)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels for 10 unknown id(s)").hasMessageContaining("req-0");
        label(monitor, 100, 110, T0.plusSeconds(400));
        // two hours later: both windows are past their TTL; window 1 had 10 of 100 labels
        label(monitor, 200, 201, T0.plus(Duration.ofHours(2)));
        assertThat(monitor.labelStatus()).isEqualTo(new Monitor.LabelStatus(0, 0, 0, 100 + 90 + 99));
        assertThat(MonitoringRuns.history(store, "churn", 1, "labels.unmatched")).containsExactly(100.0, 90.0, 99.0);
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).isEmpty();
        monitor.close();
    }

    @Test
    void badInput_unknownIds_openWindow_duplicates_nothingKept() {
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(100)).start();
        monitor.observe(predictions(0, 150));
        assertThatThrownBy(() -> monitor.labels(new String[] {id(3), "nobody"}, new double[] {0, 1}, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels for 1 unknown id(s) (never observed, already labelled, or expired): [nobody];"
                        + " nothing of this call was kept");
        assertThat(monitor.labelStatus().pendingPredictions()).isEqualTo(100);
        monitor.labels(new String[] {id(3)}, new double[] {0}, T0); // still waiting: the failed call kept nothing
        assertThatThrownBy(() -> monitor.labels(new String[] {id(3)}, new double[] {0}, T0))
                .hasMessageContaining("unknown id(s)");
        // a label for a row of the open window is held until the window is complete; a second one is refused
        monitor.labels(new String[] {id(120)}, new double[] {0}, T0);
        assertThatThrownBy(() -> monitor.labels(new String[] {id(120)}, new double[] {0}, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[req-120]");
        assertThatThrownBy(() -> monitor.labels(new String[] {id(4)}, new double[] {0.5}, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 0 or 1");
        assertThatThrownBy(() -> monitor.labels(new String[] {id(4), id(4)}, new double[] {0, 0}, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not repeat");
        assertThatThrownBy(() -> monitor.labels(new String[] {id(4)}, new double[] {0, 1}, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one value per id (1)");
        assertThatThrownBy(() -> monitor.observe(predictions(120, 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'req-120' was already observed");
        assertThatThrownBy(() -> ProductionBatch.builder(new Instant[] {T0, T0}).ids(new String[] {"a", "a"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' repeats at 1");
        assertThatThrownBy(() -> ProductionBatch.builder(new Instant[] {T0}).numeric("age", new double[] {1})
                .predictions(new double[] {0.5}).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("or ids");
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").delayedLabels(0, 1, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("share must be in (0, 1], but was 0.0");
        monitor.close();
        assertThat(monitor.labelStatus().awaiting()).isEqualTo(100 - 1 + 50 - 1);
    }

    @Test
    void earlyLabels_forTheOpenWindow_areAppliedWhenItCompletes_andSurviveRestart() {
        Monitor first = lifecycle.monitor("churn/1").windows(Chunker.byCount(100))
                .delayedLabels(1.0, 10_000, Duration.ofDays(1)).start();
        first.observe(predictions(0, 60));
        label(first, 0, 60, T0.plusSeconds(70));          // window 0 still open
        first.observe(predictions(60, 40));                // completes it: 60 of 100 labels
        assertThat(first.labelStatus().awaiting()).isEqualTo(40);
        first.observe(predictions(100, 30));
        label(first, 100, 130, T0.plusSeconds(140));       // held for the open window 1
        first.close();                                     // window 1 (30 rows) completes with all its labels
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).containsExactly(1.0);
        Monitor second = lifecycle.monitor("churn/1").windows(Chunker.byCount(100))
                .delayedLabels(1.0, 10_000, Duration.ofDays(1)).start();
        assertThat(second.labelStatus()).isEqualTo(new Monitor.LabelStatus(130, 40, 2, 0));
        label(second, 60, 100, T0.plusSeconds(200));
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).containsExactly(1.0, 1.0);
        second.close();
    }
}
