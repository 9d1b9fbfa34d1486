package io.mllifecycle.micrometer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.Stage;
import io.mllifecycle.tracking.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleMetricsTest {
    private final Lifecycle lifecycle = Lifecycle.open("mem:");
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        lifecycle.close();
    }

    private ModelVersion version(double auc) {
        try (Run run = lifecycle.experiment("e").startRun()) {
            run.logMetric("auc", auc, 1);
            run.logArtifact("m.bin", ("m" + auc).getBytes(StandardCharsets.UTF_8));
            return lifecycle.models().register("churn", run.id(), "m.bin", s -> { });
        }
    }

    @Test
    void gateFailureAndPromotionMoveTheirCounters_inThePrometheusScrape() {
        LifecycleMetrics.bind(lifecycle, prometheus);
        ModelVersion weak = version(0.7);
        assertThatThrownBy(() -> weak.promote(Stage.STAGING, Gates.metric("auc").atLeast(0.85)))
                .isInstanceOf(GateFailedException.class);
        String scrape = prometheus.scrape();
        assertThat(scrape).containsPattern("mllifecycle_gate_evaluations_total\\{gate=\"[^\"]*auc[^\"]*\",model=\"churn\",result=\"fail\"} 1\\.0");
        assertThat(scrape).doesNotContain("mllifecycle_promotions_total{");

        version(0.9).promote(Stage.STAGING, Gates.metric("auc").atLeast(0.85));
        scrape = prometheus.scrape();
        assertThat(scrape).containsPattern("mllifecycle_gate_evaluations_total\\{gate=\"[^\"]*auc[^\"]*\",model=\"churn\",result=\"pass\"} 1\\.0");
        assertThat(scrape).contains("mllifecycle_promotions_total{model=\"churn\",stage=\"STAGING\"} 1.0");
    }

    @Test
    void aliasMovesAndResolveCache() {
        LifecycleMetrics.bind(lifecycle, prometheus);
        ModelVersion v = version(0.8);
        lifecycle.models().model("churn").setAlias("champion", v.version());
        lifecycle.models().resolve("churn@champion");
        lifecycle.models().resolve("churn@champion");
        var figures = lifecycle.models().cacheFigures();
        String scrape = prometheus.scrape();
        assertThat(scrape).contains("mllifecycle_alias_moves_total{alias=\"champion\",model=\"churn\"} 1.0");
        assertThat(scrape).contains("mllifecycle_resolve_cache_total{result=\"hit\"} " + (double) figures.hits());
        assertThat(scrape).contains("mllifecycle_resolve_cache_total{result=\"miss\"} " + (double) figures.misses());
        assertThat(figures.hits() + figures.misses()).isGreaterThanOrEqualTo(2);
        assertThat(scrape).contains("mllifecycle_resolve_cache_hit_ratio " + figures.hitRatio());
    }

    @Test
    void close_unbinds_andNullArgumentsAreNamed() {
        LifecycleMetrics m = LifecycleMetrics.bind(lifecycle, prometheus);
        m.close();
        version(0.9).promote(Stage.STAGING);
        assertThat(prometheus.scrape()).doesNotContain("mllifecycle_");
        assertThatThrownBy(() -> LifecycleMetrics.bind(null, prometheus)).hasMessageContaining("lifecycle");
        assertThatThrownBy(() -> LifecycleMetrics.bind(lifecycle, null)).hasMessageContaining("meterRegistry");
    }
}
