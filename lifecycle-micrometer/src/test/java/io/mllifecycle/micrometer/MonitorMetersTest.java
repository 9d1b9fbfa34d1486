package io.mllifecycle.micrometer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.audit.AuditCheckpoint;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.monitoring.AlertRules;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.monitoring.RetrainingPolicy;
import io.mllifecycle.monitoring.WindowResult;
import io.mllifecycle.tracking.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Monitoring, resolve and audit meters, read back from a real Prometheus scrape. */
class MonitorMetersTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private final Lifecycle lifecycle = Lifecycle.open("mem:");
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Random random = new Random(3);
    private Map<String, ReferenceProfile> profiles;

    @AfterEach
    void close() {
        lifecycle.close();
    }

    private void deploy() {
        double[] age = new double[4_000];
        String[] plan = new String[4_000];
        for (int i = 0; i < age.length; i++) {
            age[i] = 40 + 10 * random.nextGaussian();
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
        }
        profiles = ReferenceProfiles.fit(Map.of("age", age, "plan", plan));
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register("churn", run.id(), "m.bin", s -> s.referenceProfiles(profiles));
        }
    }

    /** {@code rows} rows; every {@code nanEvery}-th age is missing (0: none); age shifted by {@code shift}. */
    private ProductionBatch batch(int first, int rows, double shift, int nanEvery) {
        Instant[] t = new Instant[rows];
        double[] age = new double[rows];
        String[] plan = new String[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = T0.plusSeconds(first + i);
            age[i] = nanEvery > 0 && i % nanEvery == 0 ? Double.NaN : 40 + shift + 10 * random.nextGaussian();
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
        }
        return ProductionBatch.builder(t).numeric("age", age).categorical("plan", plan).build();
    }

    /** The value of the one sample whose name and labels are exactly {@code series}, if present. */
    private static OptionalDouble sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    private static String drift(String feature, String test) {
        return "mllifecycle_monitor_drift_statistic{feature=\"" + feature + "\",model=\"churn\",test=\"" + test
                + "\",version=\"1\"}";
    }

    @Test
    void afterAMonitorWindow_theScrapeHoldsEachStatisticMissingRateRowsAndDriftedCount() {
        deploy();
        LifecycleMetrics.bind(lifecycle, prometheus);
        WindowResult w;
        try (Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(500)).start()) {
            monitor.observe(batch(0, 500, 0, 10)); // 50 of 500 ages missing
            w = monitor.results().get(0);
        }
        String scrape = prometheus.scrape();
        // every statistic the monitor recorded for the window is a gauge with the same value
        List<String> recorded = new ArrayList<>();
        w.metrics().forEach((key, value) -> {
            Matcher m = Pattern.compile("drift\\.(age|plan)\\.([a-z_]+)").matcher(key);
            if (m.matches()) {
                recorded.add(key);
                assertThat(sample(scrape, drift(m.group(1), m.group(2)))).as(key).hasValue(value);
            }
        });
        assertThat(recorded).contains("drift.age.ks", "drift.age.psi", "drift.plan.chi_square");
        assertThat(sample(scrape, "mllifecycle_monitor_missing_rate{feature=\"age\",model=\"churn\",version=\"1\"}"))
                .hasValue(0.1);
        assertThat(sample(scrape, "mllifecycle_monitor_missing_rate{feature=\"plan\",model=\"churn\",version=\"1\"}"))
                .hasValue(0.0);
        assertThat(sample(scrape, "mllifecycle_monitor_window_rows_count{model=\"churn\",version=\"1\"}")).hasValue(1);
        assertThat(sample(scrape, "mllifecycle_monitor_window_rows_sum{model=\"churn\",version=\"1\"}")).hasValue(500);
        // the jump from no missing ages to 10 % is drift by itself
        assertThat(w.drift().drifted()).extracting(c -> c.column()).containsExactly("age");
        assertThat(sample(scrape, "mllifecycle_monitor_drifted_features{model=\"churn\",version=\"1\"}"))
                .hasValue(1);
    }

    @Test
    void aVanishedFeature_losesItsGauges_atTheNextWindow() {
        deploy();
        LifecycleMetrics.bind(lifecycle, prometheus);
        try (Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(500)).start()) {
            monitor.observe(batch(0, 500, 0, 0));
        }
        assertThat(sample(prometheus.scrape(), drift("plan", "chi_square"))).isPresent();
        // the version is now monitored on age alone: plan is no longer in any window
        WindowResult w;
        try (Monitor monitor = lifecycle.monitor("churn/1").reference(Map.of("age", profiles.get("age")))
                .windows(Chunker.byCount(500)).start()) {
            monitor.observe(batch(500, 500, 0, 0));
            w = monitor.results().get(0);
        }
        String scrape = prometheus.scrape();
        assertThat(scrape).doesNotContain("feature=\"plan\"");
        assertThat(sample(scrape, drift("age", "ks"))).hasValue(w.metrics().get("drift.age.ks"));
        assertThat(sample(scrape, "mllifecycle_monitor_window_rows_count{model=\"churn\",version=\"1\"}")).hasValue(2);
    }

    @Test
    void driftAlertAndRetrainingRequest_moveTheirCounters_andTheDriftedCountRises() {
        deploy();
        LifecycleMetrics.bind(lifecycle, prometheus);
        List<Object> requests = new ArrayList<>();
        try (Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(500))
                .alert(AlertRules.driftVerdict())
                .retraining(RetrainingPolicy.whenDriftedFeatures(1, 1), requests::add).start()) {
            monitor.observe(batch(0, 500, 0, 0));
            String before = prometheus.scrape();
            assertThat(before).doesNotContain("mllifecycle_monitor_alerts_total{");
            monitor.observe(batch(500, 500, 15, 0));
        }
        String scrape = prometheus.scrape();
        assertThat(requests).hasSize(1);
        assertThat(sample(scrape,
                "mllifecycle_monitor_alerts_total{model=\"churn\",rule=\"drift verdict\",version=\"1\"}")).hasValue(1);
        assertThat(sample(scrape, "mllifecycle_monitor_retraining_requests_total{model=\"churn\",version=\"1\"}"))
                .hasValue(1);
        assertThat(sample(scrape, "mllifecycle_monitor_drifted_features{model=\"churn\",version=\"1\"}")).hasValue(1);
    }

    @Test
    void resolveLatencyTimer_andAuditVerifyFailures() {
        deploy();
        LifecycleMetrics.bind(lifecycle, prometheus);
        String scrape = prometheus.scrape();
        assertThat(sample(scrape, "mllifecycle_audit_verifications_total{result=\"broken\"}")).hasValue(0);
        long before = System.nanoTime();
        lifecycle.models().resolve("churn/1");
        lifecycle.models().resolve("churn/1");
        long wall = System.nanoTime() - before;
        assertThat(lifecycle.audit().verify().intact()).isTrue();
        assertThat(lifecycle.audit().verify(new AuditCheckpoint(1, "sha256:" + "0".repeat(64))).intact()).isFalse();
        scrape = prometheus.scrape();
        assertThat(sample(scrape, "mllifecycle_resolve_seconds_count{model=\"churn\"}")).hasValue(2);
        assertThat(sample(scrape, "mllifecycle_resolve_seconds_sum{model=\"churn\"}").orElseThrow())
                .isPositive().isLessThanOrEqualTo(wall / 1e9);
        assertThat(sample(scrape, "mllifecycle_audit_verifications_total{result=\"intact\"}")).hasValue(1);
        assertThat(sample(scrape, "mllifecycle_audit_verifications_total{result=\"broken\"}")).hasValue(1);
    }

    @Test
    void close_removesTheMonitoringMeters_andStopsListening() {
        deploy();
        LifecycleMetrics metrics = LifecycleMetrics.bind(lifecycle, prometheus);
        try (Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(500)).start()) {
            monitor.observe(batch(0, 500, 0, 0));
            lifecycle.models().resolve("churn/1");
            metrics.close();
            monitor.observe(batch(500, 500, 0, 0));
        }
        lifecycle.models().resolve("churn/1");
        lifecycle.audit().verify();
        assertThat(prometheus.scrape()).doesNotContain("mllifecycle_");
    }
}
