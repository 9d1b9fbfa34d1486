package io.mllifecycle.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.drift.estimation.Metric;
import io.mllifecycle.drift.estimation.MetricEstimate;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.testing.TestStores;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 CBPE inside the monitor, on generated data whose truth is known: x ~ N(μ, 1), P(y = 1 | x) =
 * sigmoid(1.5 x) and the model's score is exactly that probability (well calibrated). Covariate shift moves μ;
 * concept drift changes P(y | x) while the scores stay.
 */
class MonitorPerformanceEstimationTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private static final int WINDOW = 1_000;
    private final LifecycleStore store = TestStores.newStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).actor("monitor").build();
    private final Random random = new Random(2026);
    private double[] refScores;
    private double[] refLabels;

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    MonitorPerformanceEstimationTest() {
        int n = 5_000;
        double[] x = new double[n];
        refScores = new double[n];
        refLabels = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
            refScores[i] = sigmoid(1.5 * x[i]);
            refLabels[i] = random.nextDouble() < refScores[i] ? 1 : 0;
        }
        Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(Map.of("x", x));
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register("churn", run.id(), "m.bin", s -> s.referenceProfiles(profiles));
        }
    }

    /** One window of rows at mean {@code mu}; labels flipped with probability {@code flip} (concept drift). */
    private ProductionBatch window(int w, double mu, double flip, boolean delayed) {
        Instant[] t = new Instant[WINDOW];
        double[] x = new double[WINDOW];
        double[] p = new double[WINDOW];
        double[] y = new double[WINDOW];
        String[] ids = new String[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            t[i] = T0.plusSeconds((long) w * WINDOW + i);
            x[i] = mu + random.nextGaussian();
            p[i] = sigmoid(1.5 * x[i]);
            boolean label = random.nextDouble() < p[i];
            y[i] = (random.nextDouble() < flip) != label ? 1 : 0;
            ids[i] = "w" + w + "r" + i;
        }
        ProductionBatch.Builder b = ProductionBatch.builder(t).numeric("x", x).predictions(p);
        return delayed ? b.ids(ids).build() : b.labels(y).build();
    }

    @Test
    void covariateShift_estimateWithinItsBandInAtLeast90PercentOfWindows_forEveryMetric() {
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(WINDOW))
                .estimatePerformance(refScores, refLabels).start();
        int windows = 40;
        for (int w = 0; w < windows; w++) {
            monitor.observe(window(w, -1 + 2.5 * w / (windows - 1), 0, false));
        }
        List<WindowResult> results = monitor.results();
        assertThat(results).hasSize(windows);
        Map<Metric, Integer> covered = new EnumMap<>(Metric.class);
        for (WindowResult r : results) {
            assertThat(r.drift().verdict()).isNotNull();
            for (Metric m : Metric.values()) {
                String name = "cbpe." + m.name().toLowerCase(java.util.Locale.ROOT);
                MetricEstimate e = r.estimate().get(m).orElseThrow();
                double realised = r.metrics().get(name + ".realised");
                assertThat(r.metrics()).containsEntry(name, e.value()).containsEntry(name + ".lower", e.lower())
                        .containsEntry(name + ".upper", e.upper()).containsKey(name + ".sampling_error");
                assertThat(r.metrics().get(name + ".in_band")).isEqualTo(e.covers(realised) ? 1.0 : 0.0);
                covered.merge(m, e.covers(realised) ? 1 : 0, Integer::sum);
            }
            // the recorded realised accuracy is the monitor's own perf.accuracy (same threshold, same rows)
            assertThat(r.metrics().get("cbpe.accuracy.realised")).isEqualTo(r.metrics().get("perf.accuracy"));
        }
        assertThat(covered).allSatisfy((m, n) -> assertThat(n).as(m.name()).isGreaterThanOrEqualTo(36));
        // the estimate follows the shift: precision rises as μ grows and more rows are predicted positive
        double first = results.get(0).estimate().get(Metric.PRECISION).orElseThrow().value();
        double last = results.get(windows - 1).estimate().get(Metric.PRECISION).orElseThrow().value();
        assertThat(last - first).isGreaterThan(0.1);
        assertThat(MonitoringRuns.history(store, "churn", 1, "cbpe.roc_auc")).hasSize(windows);
        assertThat(MonitoringRuns.history(store, "churn", 1, "cbpe.f1.in_band")).hasSize(windows);
        monitor.close();
    }

    @Test
    void conceptDrift_theEstimateIsBlind_theRealisedValueShowsIt() {
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(WINDOW))
                .estimatePerformance(refScores, refLabels).start();
        for (int w = 0; w < 10; w++) {
            monitor.observe(window(w, 0, 0.3, false));
        }
        for (WindowResult r : monitor.results()) {
            // P(y | x) changed: the scores are those of the reference relation, so is the estimate
            assertThat(r.metrics().get("cbpe.accuracy")).isBetween(0.70, 0.80);
            assertThat(r.metrics().get("cbpe.accuracy.realised")).isBetween(0.54, 0.67);
            assertThat(r.metrics().get("cbpe.accuracy.in_band")).isZero();
        }
        monitor.close();
    }

    @Test
    void delayedLabels_estimateAtOnce_realisedBesideItOnceLabelsArrive() {
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(WINDOW))
                .estimatePerformance(refScores, refLabels).delayedLabels(0.5, 100_000, Duration.ofDays(2)).start();
        ProductionBatch b = window(0, 0.5, 0, true);
        monitor.observe(b);
        assertThat(monitor.results()).singleElement().satisfies(r -> {
            assertThat(r.metrics()).containsKey("cbpe.accuracy").doesNotContainKey("cbpe.accuracy.realised");
            assertThat(r.estimate()).isNotNull();
        });
        assertThat(MonitoringRuns.history(store, "churn", 1, "cbpe.accuracy.realised")).isEmpty();
        // labels for the first 600 rows arrive a day later: realised over those rows, compared with their estimate
        String[] ids = new String[600];
        double[] y = new double[600];
        double[] p = b.predictions();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "w0r" + i;
            y[i] = random.nextDouble() < p[i] ? 1 : 0;
        }
        monitor.labels(ids, y, T0.plus(Duration.ofDays(1)));
        assertThat(MonitoringRuns.history(store, "churn", 1, "cbpe.accuracy.realised")).singleElement()
                .isEqualTo(MonitoringRuns.history(store, "churn", 1, "perf.accuracy").get(0));
        assertThat(MonitoringRuns.history(store, "churn", 1, "cbpe.accuracy.in_band")).containsExactly(1.0);
        assertThat(MonitoringRuns.history(store, "churn", 1, "cbpe.accuracy")).hasSize(1);
        monitor.close();
    }

    @Test
    void probabilitiesOutsideZeroOne_orNaN_areRejected_nothingCounted() {
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(4))
                .estimatePerformance(refScores, refLabels).start();
        Instant[] t = {T0, T0.plusSeconds(1), T0.plusSeconds(2)};
        ProductionBatch above = ProductionBatch.builder(t).numeric("x", new double[] {0, 1, 2})
                .predictions(new double[] {0.2, 1.2, 0.4}).labels(new double[] {0, 1, 0}).build();
        assertThatThrownBy(() -> monitor.observe(above)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("predictions[1]").hasMessageContaining("1.2").hasMessageContaining("[0, 1]");
        ProductionBatch nan = ProductionBatch.builder(t).numeric("x", new double[] {0, 1, 2})
                .predictions(new double[] {0.2, 0.3, Double.NaN}).labels(new double[] {0, 1, 0}).build();
        assertThatThrownBy(() -> monitor.observe(nan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("predictions[2]").hasMessageContaining("NaN");
        ProductionBatch negative = ProductionBatch.builder(t).numeric("x", new double[] {0, 1, 2})
                .predictions(new double[] {-0.1, 0.3, 0.5}).labels(new double[] {0, 1, 0}).build();
        assertThatThrownBy(() -> monitor.observe(negative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("predictions[0]");
        ProductionBatch fine = ProductionBatch.builder(new Instant[] {T0, T0, T0, T0})
                .numeric("x", new double[] {0, 1, 2, 3}).predictions(new double[] {0.2, 0.9, 0.4, 0.8})
                .labels(new double[] {0, 1, 0, 1}).build();
        monitor.observe(fine);
        assertThat(monitor.results()).singleElement().satisfies(r -> assertThat(r.rows()).isEqualTo(4));
        monitor.close();
    }

    @Test
    void builder_rejectsBadReferenceData_andNonBinaryTasks() {
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").estimatePerformance(new double[] {0.1, 1.5},
                new double[] {0, 1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("referenceScores[1]").hasMessageContaining("1.5");
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").estimatePerformance(new double[] {0.1, Double.NaN},
                new double[] {0, 1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("referenceScores[1]").hasMessageContaining("NaN");
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").estimatePerformance(new double[] {0.1, 0.5},
                new double[] {0, 2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("referenceLabels[1]").hasMessageContaining("2.0");
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").estimatePerformance(new double[] {0.1, 0.5},
                new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").estimatePerformance(new double[] {0.1},
                new double[] {1, 0})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one value per");
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").estimatePerformance(refScores, refLabels)
                .task(Task.REGRESSION).start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BINARY_CLASSIFICATION");
    }
}
