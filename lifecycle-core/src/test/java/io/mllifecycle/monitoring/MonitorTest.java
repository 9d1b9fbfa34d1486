package io.mllifecycle.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.DriftTest;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MonitorTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private final InMemoryStore store = new InMemoryStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).actor("monitor").build();
    private final Random random = new Random(11);

    private ModelVersion deploy() {
        double[] age = new double[5_000];
        String[] plan = new String[5_000];
        for (int i = 0; i < age.length; i++) {
            age[i] = 40 + 10 * random.nextGaussian();
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
        }
        Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(Map.of("age", age, "plan", plan));
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            return lifecycle.models().register("churn", run.id(), "m.bin", s -> s.referenceProfiles(profiles));
        }
    }

    /** {@code rows} rows one second apart from {@code first}; age shifted by {@code shift}, NaN share {@code missing}. */
    private ProductionBatch batch(int first, int rows, double shift, double missing) {
        Instant[] t = new Instant[rows];
        double[] age = new double[rows];
        String[] plan = new String[rows];
        double[] p = new double[rows];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = T0.plusSeconds(first + i);
            age[i] = random.nextDouble() < missing ? Double.NaN : 40 + shift + 10 * random.nextGaussian();
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
            y[i] = random.nextBoolean() ? 1 : 0;
            p[i] = Math.min(1, Math.max(0, y[i] * 0.6 + 0.2 + 0.2 * random.nextGaussian()));
        }
        return ProductionBatch.builder(t).numeric("age", age).categorical("plan", plan).predictions(p).labels(y).build();
    }

    @Test
    void windows_byCount_boundariesAndLastPartialWindowOnClose() {
        deploy();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(1_000)).start();
        monitor.observe(batch(0, 700, 0, 0));
        assertThat(monitor.results()).isEmpty();
        monitor.observe(batch(700, 1_800, 0, 0));
        assertThat(monitor.results()).extracting(WindowResult::rows).containsExactly(1_000, 1_000);
        monitor.close();
        assertThat(monitor.results()).extracting(WindowResult::rows).containsExactly(1_000, 1_000, 500);
        assertThat(monitor.results()).extracting(WindowResult::index).containsExactly(0, 1, 2);
        assertThat(monitor.results().get(1).start()).isEqualTo(T0.plusSeconds(1_000));
        assertThat(MonitoringRuns.history(store, "churn", 1, "window.rows")).containsExactly(1000.0, 1000.0, 500.0);
    }

    @Test
    void windows_byPeriod_halfOpenHours() {
        deploy();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byPeriod(Duration.ofHours(1))).start();
        monitor.observe(batch(0, 3_600 + 10, 0, 0));
        assertThat(monitor.results()).hasSize(1);
        assertThat(monitor.results().get(0).rows()).isEqualTo(3_600);
        assertThat(monitor.results().get(0).end()).isEqualTo(T0.plusSeconds(3_600));
    }

    @Test
    void drift_detectedAfterShift_alertNamesColumnAndIsAudited() {
        deploy();
        List<Alert> alerts = new ArrayList<>();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(2_000))
                .alert(AlertRules.driftVerdict()).onAlert(alerts::add).start();
        monitor.observe(batch(0, 4_000, 0, 0));
        assertThat(alerts).isEmpty();
        monitor.observe(batch(4_000, 2_000, 8, 0));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).window()).isEqualTo(2);
        assertThat(alerts.get(0).message()).contains("'age'").doesNotContain("'plan'");
        assertThat(lifecycle.audit().eventsFor("churn/1")).extracting(e -> e.action()).contains("monitor.alert");
        assertThat(MonitoringRuns.history(store, "churn", 1, "drift.columns_drifted")).containsExactly(0.0, 0.0, 1.0);
        assertThat(MonitoringRuns.history(store, "churn", 1, "perf.accuracy")).hasSize(3)
                .allSatisfy(a -> assertThat(a).isBetween(0.6, 1.0));
    }

    @Test
    void statisticAbove_hysteresis_firesOncePerStreakOfK() {
        deploy();
        List<Alert> alerts = new ArrayList<>();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(1_000))
                .alert(AlertRules.statisticAbove(DriftTest.PSI, 0.25, 3)).onAlert(alerts::add).start();
        double[] shifts = {10, 10, 0, 10, 10, 10, 10, 0, 10, 10, 10};
        for (int w = 0; w < shifts.length; w++) {
            monitor.observe(batch(w * 1_000, 1_000, shifts[w], 0));
        }
        assertThat(alerts).extracting(Alert::window).containsExactly(5, 10);
        assertThat(alerts.get(0).message()).startsWith("PSI of 'age' was").contains("> 0.25").contains("3 consecutive");
    }

    @Test
    void missingRateJump_andPerformanceBelow() {
        deploy();
        List<Alert> alerts = new ArrayList<>();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(1_000))
                .alert(AlertRules.missingRateJump(0.05)).alert(AlertRules.metricBelow("perf.accuracy", 0.99, 2))
                .onAlert(alerts::add).start();
        monitor.observe(batch(0, 1_000, 0, 0.2));
        monitor.observe(batch(1_000, 1_000, 0, 0.0));
        assertThat(alerts).extracting(Alert::rule).containsExactly("missing rate jump > 0.05", "perf.accuracy < 0.99 for 2 window(s)");
        assertThat(alerts.get(0).message()).containsPattern("missing rate of 'age' rose from 0 to 0\\.(1[6-9]|2[0-4])");
    }

    @Test
    void retraining_calledOncePerCooldown_andFaultyListenersAreHarmless() {
        deploy();
        List<RetrainingRequest> requests = new ArrayList<>();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(1_000))
                .alert(AlertRules.driftVerdict()).onAlert(a -> {
                    throw new IllegalStateException("pager down");
                })
                .retraining(RetrainingPolicy.whenDriftedFeatures(1, 2).cooldown(Duration.ofSeconds(3_500)), requests::add)
                .start();
        for (int w = 0; w < 8; w++) {
            monitor.observe(batch(w * 1_000, 1_000, 10, 0));
        }
        // streaks complete at windows 1, 3, 5, 7 (ends 2000s, 4000s …); cooldown 3500 s lets every other one through
        assertThat(requests).extracting(r -> r.evidence().get(r.evidence().size() - 1).index()).containsExactly(1, 5);
        assertThat(requests.get(0).reason()).contains("≥ 1 drifted feature(s) for 2 window(s)");
        assertThat(lifecycle.audit().eventsFor("churn/1")).filteredOn(e -> e.action().equals("monitor.retrain")).hasSize(2);
    }

    @Test
    void badInput_clearErrors() {
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "x".getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register("bare", run, "m.bin");
        }
        assertThatThrownBy(() -> lifecycle.monitor("bare/1").start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bare/1 has no reference profile");
        deploy();
        Monitor monitor = lifecycle.monitor("churn/1").start();
        ProductionBatch missingColumn = ProductionBatch.builder(new Instant[] {T0}).numeric("age", new double[] {1}).build();
        assertThatThrownBy(() -> monitor.observe(missingColumn)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'plan'");
        assertThatThrownBy(() -> ProductionBatch.builder(new Instant[] {T0}).numeric("age", new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one value per timestamp (1), but had 2");
        assertThatThrownBy(() -> AlertRules.statisticAbove(DriftTest.PSI, 0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReferenceProfiles.decode(new io.mllifecycle.store.ProfileData("text/plain", new byte[1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("media type");
    }

    @Test
    void performanceMetrics_matchHandComputedValues() {
        Map<String, Double> m = PerformanceMetrics.of(Task.BINARY_CLASSIFICATION,
                new double[] {0.1, 0.4, 0.35, 0.8}, new double[] {0, 0, 1, 1});
        assertThat(m.get("perf.auc")).isEqualTo(0.75); // sklearn roc_auc_score gives 0.75 for this classic example
        assertThat(m.get("perf.accuracy")).isEqualTo(0.75);
        Map<String, Double> r = PerformanceMetrics.of(Task.REGRESSION, new double[] {1, 2, 3}, new double[] {1, 2, 5});
        assertThat(r.get("perf.rmse")).isCloseTo(Math.sqrt(4.0 / 3), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(r.get("perf.mae")).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-15));
        Map<String, Double> ties = PerformanceMetrics.of(Task.BINARY_CLASSIFICATION,
                new double[] {0.5, 0.5, 0.5, 0.5}, new double[] {0, 1, 0, 1});
        assertThat(ties.get("perf.auc")).isEqualTo(0.5);
    }
}
