package io.mllifecycle.micrometer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.store.Stage;
import io.mllifecycle.tracking.Run;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
        assertThat(series).hasSizeGreaterThanOrEqualTo(6);

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
            String scrape = prometheus.scrape();
            assertThat(series).allSatisfy(s -> assertThat(scrape).contains("\n" + s));
        }
    }
}
