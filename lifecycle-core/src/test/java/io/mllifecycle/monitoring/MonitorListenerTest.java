package io.mllifecycle.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.testing.TestStores;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The lifecycle-wide monitor hook; run on every store (see the pom's surefire executions). */
class MonitorListenerTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private final LifecycleStore store = TestStores.newStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).actor("monitor").build();
    private final Random random = new Random(5);

    private final List<String> heard = new ArrayList<>();
    private final List<WindowResult> windows = new ArrayList<>();

    private final MonitorListener recorder = new MonitorListener() {
        @Override
        public void windowClosed(String model, int version, WindowResult window) {
            heard.add("window " + model + "/" + version + " #" + window.index());
            windows.add(window);
        }

        @Override
        public void alertRaised(Alert alert) {
            heard.add("alert " + alert.rule() + " #" + alert.window());
        }

        @Override
        public void retrainingRequested(RetrainingRequest request) {
            heard.add("retrain " + request.model() + "/" + request.version());
        }
    };

    private void deploy() {
        double[] age = new double[3_000];
        for (int i = 0; i < age.length; i++) {
            age[i] = 40 + 10 * random.nextGaussian();
        }
        Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(Map.of("age", age));
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register("churn", run.id(), "m.bin", s -> s.referenceProfiles(profiles));
        }
    }

    private ProductionBatch batch(int first, int rows, double shift) {
        Instant[] t = new Instant[rows];
        double[] age = new double[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = T0.plusSeconds(first + i);
            age[i] = 40 + shift + 10 * random.nextGaussian();
        }
        return ProductionBatch.builder(t).numeric("age", age).build();
    }

    @Test
    void windowsAlertsAndRetrainingRequests_reachTheLifecycleListener_inOrder() {
        deploy();
        lifecycle.addMonitorListener(recorder);
        List<RetrainingRequest> triggered = new ArrayList<>();
        try (Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(500))
                .alert(AlertRules.driftVerdict())
                .retraining(RetrainingPolicy.whenDriftedFeatures(1, 1), triggered::add).start()) {
            monitor.observe(batch(0, 500, 0));
            monitor.observe(batch(500, 500, 15));
        }
        assertThat(heard).containsExactly("window churn/1 #0", "alert drift verdict #1", "window churn/1 #1",
                "retrain churn/1");
        assertThat(triggered).hasSize(1);
        assertThat(windows.get(1).metrics()).containsEntry("drift.columns_drifted", 1.0);
        assertThat(windows.get(1).rows()).isEqualTo(500);
    }

    @Test
    void listenerAddedAfterStart_isHeard_andRemovedOneIsNot() {
        deploy();
        try (Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(500)).start()) {
            monitor.observe(batch(0, 500, 0));
            lifecycle.addMonitorListener(recorder);
            monitor.observe(batch(500, 500, 0));
            assertThat(lifecycle.removeMonitorListener(recorder)).isTrue();
            monitor.observe(batch(1_000, 500, 0));
        }
        assertThat(heard).containsExactly("window churn/1 #1");
        assertThat(lifecycle.removeMonitorListener(recorder)).isFalse();
    }

    @Test
    void faultyListener_isLoggedAndTheMonitorGoesOn() {
        deploy();
        lifecycle.addMonitorListener(new MonitorListener() {
            @Override
            public void windowClosed(String model, int version, WindowResult window) {
                throw new IllegalStateException("listener bug");
            }
        });
        lifecycle.addMonitorListener(recorder);
        try (Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(500)).start()) {
            monitor.observe(batch(0, 1_000, 0));
            assertThat(monitor.results()).hasSize(2);
        }
        assertThat(heard).containsExactly("window churn/1 #0", "window churn/1 #1");
        assertThat(MonitoringRuns.history(store, "churn", 1, "window.rows")).containsExactly(500.0, 500.0);
    }

    @Test
    void addMonitorListener_null_isNamed() {
        assertThatThrownBy(() -> lifecycle.addMonitorListener(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listener");
    }
}
