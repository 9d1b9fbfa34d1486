package io.mllifecycle.micrometer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.store.Stage;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.monitoring.AlertRules;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.monitoring.RetrainingPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every series the shipped dashboard queries is one the binding exports. */
class GrafanaDashboardTest {
    @Test
    void dashboardQueriesOnlyExportedSeries() throws IOException {
        String json;
        try (InputStream in = LifecycleMetrics.class.getResourceAsStream("grafana-dashboard.json")) {
            assertThat(in).isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> series = new ArrayList<>();
        Matcher m = Pattern.compile("mllifecycle_[a-z_]+").matcher(json);
        while (m.find()) {
            series.add(m.group());
        }
        // every meter of the binding has a panel: registry, serving, audit and monitoring
        assertThat(series).contains("mllifecycle_gate_evaluations_total", "mllifecycle_promotions_total",
                "mllifecycle_alias_moves_total", "mllifecycle_resolve_cache_total", "mllifecycle_resolve_cache_hit_ratio",
                "mllifecycle_resolve_seconds_sum", "mllifecycle_resolve_seconds_count",
                "mllifecycle_audit_verifications_total", "mllifecycle_monitor_drift_statistic",
                "mllifecycle_monitor_drifted_features", "mllifecycle_monitor_missing_rate",
                "mllifecycle_monitor_window_rows_sum", "mllifecycle_monitor_window_rows_count",
                "mllifecycle_monitor_alerts_total", "mllifecycle_monitor_retraining_requests_total");
        Matcher ids = Pattern.compile("\"id\": (\\d+)").matcher(json);
        List<String> panelIds = new ArrayList<>();
        while (ids.find()) {
            panelIds.add(ids.group(1));
        }
        assertThat(panelIds).hasSize(14).doesNotHaveDuplicates();

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Lifecycle lc = Lifecycle.open("mem:")) {
            LifecycleMetrics.bind(lc, prometheus);
            try (Run run = lc.experiment("e").startRun()) {
                run.logMetric("auc", 0.9, 1);
                run.logArtifact("m.bin", new byte[]{1});
                var v = lc.models().register("churn", run.id(), "m.bin", s -> { });
                v.promote(Stage.STAGING, Gates.metric("auc").atLeast(0.5));
                lc.models().model("churn").setAlias("champion", v.version());
            }
            // a monitored version: one quiet window, then one that drifts, alerts and asks for retraining
            Random random = new Random(1);
            double[] ref = new double[2_000];
            for (int i = 0; i < ref.length; i++) {
                ref[i] = random.nextGaussian();
            }
            Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(Map.of("x", ref));
            try (Monitor monitor = lc.monitor("churn@champion").reference(profiles).windows(Chunker.byCount(400))
                    .alert(AlertRules.driftVerdict())
                    .retraining(RetrainingPolicy.whenDriftedFeatures(1, 1), request -> { }).start()) {
                for (int w = 0; w < 2; w++) {
                    Instant[] t = new Instant[400];
                    double[] x = new double[400];
                    for (int i = 0; i < x.length; i++) {
                        t[i] = Instant.EPOCH.plusSeconds(w * 400L + i);
                        x[i] = random.nextGaussian() + 3 * w;
                    }
                    monitor.observe(ProductionBatch.builder(t).numeric("x", x).build());
                }
            }
            lc.models().resolve("churn@champion");
            lc.audit().verify();
            String scrape = prometheus.scrape();
            assertThat(series).allSatisfy(s -> assertThat(scrape).contains("\n" + s));
        }
    }
}
