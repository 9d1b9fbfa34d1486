package io.mllifecycle.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 11 "Monitors": configuration snapshot, whole-batch checks, one active monitor, clock, end of run. */
class MonitorRobustnessTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2031-01-02T03:04:05Z");
    private final InMemoryStore store = new InMemoryStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .actor("monitor").build();
    private final Random random = new Random(5);

    private void deploy() {
        double[] age = new double[2_000];
        String[] plan = new String[2_000];
        for (int i = 0; i < age.length; i++) {
            age[i] = 40 + 10 * random.nextGaussian();
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
        }
        Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(Map.of("age", age, "plan", plan));
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register("churn", run.id(), "m.bin", s -> s.referenceProfiles(profiles));
        }
    }

    private ProductionBatch batch(int first, int rows, double[] predictions) {
        Instant[] t = new Instant[rows];
        double[] age = new double[rows];
        String[] plan = new String[rows];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = T0.plusSeconds(first + i);
            age[i] = 40 + 10 * random.nextGaussian();
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
            y[i] = i % 2;
        }
        double[] p = predictions != null ? predictions : y.clone();
        return ProductionBatch.builder(t).numeric("age", age).categorical("plan", plan).predictions(p).labels(y).build();
    }

    @Test
    void builder_changesAfterStartRefused_andSecondStartRefused() {
        deploy();
        MonitorBuilder builder = lifecycle.monitor("churn/1").windows(Chunker.byCount(100));
        Monitor monitor = builder.start();
        assertThatThrownBy(() -> builder.alert(AlertRules.driftVerdict())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started");
        assertThatThrownBy(() -> builder.windows(Chunker.byCount(5))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started");
        monitor.observe(batch(0, 250, null));
        assertThat(monitor.results()).extracting(WindowResult::rows).containsExactly(100, 100);
        monitor.close();
        assertThat(MonitoringRuns.runs(store, "churn", 1)).hasSize(1);
        assertThat(MonitoringRuns.history(store, "churn", 1, "window.rows")).containsExactly(100.0, 100.0, 50.0);
    }

    @Test
    void categoricalAgainstNumericProfile_typedErrorAtObserve_nothingKept() {
        deploy();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(1_000)).start();
        monitor.observe(batch(0, 600, null));
        Instant[] t = {T0.plusSeconds(600), T0.plusSeconds(601)};
        ProductionBatch wrongKind = ProductionBatch.builder(t).categorical("age", new String[] {"a", "b"})
                .categorical("plan", new String[] {"pro", "pro"}).build();
        assertThatThrownBy(() -> monitor.observe(wrongKind)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'age' must be numeric (double[]) like its reference profile, but was categorical");
        ProductionBatch swapped = ProductionBatch.builder(t).numeric("age", new double[] {1, 2})
                .numeric("plan", new double[] {1, 2}).build();
        assertThatThrownBy(() -> monitor.observe(swapped)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'plan' must be categorical");
        // a batch whose 301st row goes back in time: its first 300 rows must not be kept either
        ProductionBatch backwards = batch(600, 500, null);
        ProductionBatch tail = batch(300, 1, null);
        assertThatThrownBy(() -> monitor.observe(tail)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-decreasing time order");
        monitor.observe(backwards);
        monitor.observe(batch(1_100, 400, null));
        assertThat(monitor.results()).extracting(WindowResult::rows).containsExactly(1_000);
        monitor.close();
        assertThat(monitor.results()).extracting(WindowResult::rows).containsExactly(1_000, 500);
    }

    @Test
    void nanPredictions_refusedWithTypedError_nothingKept() {
        deploy();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(10)).start();
        double[] p = new double[10];
        p[7] = Double.NaN;
        assertThatThrownBy(() -> monitor.observe(batch(0, 10, p))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predictions[7] must be finite, but was NaN");
        double[] q = new double[10];
        q[2] = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> monitor.observe(batch(0, 10, q))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predictions[2] must be finite, but was Infinity");
        assertThat(monitor.results()).isEmpty();
        monitor.observe(batch(0, 10, null));
        assertThat(monitor.results()).hasSize(1);
        assertThat(monitor.results().get(0).metrics().get("perf.accuracy")).isEqualTo(1.0);
    }

    @Test
    void oneActiveMonitorPerVersionAndStore() {
        deploy();
        Monitor first = lifecycle.monitor("churn/1").start();
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("churn/1 already has an active monitor");
        Lifecycle sameStore = Lifecycle.builder().store(store).actor("other").build();
        assertThatThrownBy(() -> sameStore.monitor("churn/1").start()).isInstanceOf(IllegalStateException.class);
        first.close();
        first.close(); // idempotent
        assertThatThrownBy(() -> first.observe(batch(0, 1, null))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was closed");
        Monitor second = lifecycle.monitor("churn/1").start();
        second.close();
        // another store is another registry: its churn/1 is a different version
        InMemoryStore other = new InMemoryStore();
        Lifecycle otherLifecycle = Lifecycle.builder().store(other).actor("x").build();
        try (Run run = otherLifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            otherLifecycle.models().register("churn", run.id(), "m.bin", s -> s.referenceProfiles(
                    ReferenceProfiles.fit(Map.of("age", new double[] {1, 2, 3}))));
        }
        Monitor again = lifecycle.monitor("churn/1").start();
        Monitor elsewhere = otherLifecycle.monitor("churn/1").start();
        again.close();
        elsewhere.close();
    }

    @Test
    void lifecycleClock_stampsTheRun_andCloseEndsIt_restartContinuesWindowIndices() {
        deploy();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(100)).start();
        RunRecord running = store.tracking().getRun(monitor.runId());
        assertThat(running.startTime()).isEqualTo(NOW);
        assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
        monitor.observe(batch(0, 150, null));
        monitor.close();
        RunRecord ended = store.tracking().getRun(monitor.runId());
        assertThat(ended.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(ended.endTime()).isEqualTo(NOW);

        Monitor restarted = lifecycle.monitor("churn/1").windows(Chunker.byCount(100)).start();
        assertThat(restarted.runId()).isNotEqualTo(monitor.runId());
        restarted.observe(batch(150, 100, null));
        assertThat(restarted.results()).extracting(WindowResult::index).containsExactly(2);
        restarted.close();
        List<RunRecord> runs = MonitoringRuns.runs(store, "churn", 1);
        assertThat(runs).extracting(RunRecord::id).containsExactly(monitor.runId(), restarted.runId());
        assertThat(MonitoringRuns.find(store, "churn", 1)).map(RunRecord::id).contains(restarted.runId());
        assertThat(MonitoringRuns.history(store, "churn", 1, "window.rows")).containsExactly(100.0, 50.0, 100.0);
    }

    @Test
    void badLabels_refused() {
        deploy();
        Monitor monitor = lifecycle.monitor("churn/1").start();
        Instant[] t = {T0, T0};
        ProductionBatch twos = ProductionBatch.builder(t).numeric("age", new double[] {1, 2})
                .categorical("plan", new String[] {"pro", "pro"}).predictions(new double[] {0.1, 0.2})
                .labels(new double[] {0, 2}).build();
        assertThatThrownBy(() -> monitor.observe(twos)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels[1] must be 0 or 1 for binary classification, but was 2.0");
        monitor.close();
    }
}
