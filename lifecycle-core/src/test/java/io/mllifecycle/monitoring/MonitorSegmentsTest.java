package io.mllifecycle.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.drift.Verdict;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.testing.TestStores;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 17 segments: drift and performance per segment value, joint correction, bounded keys, bad input. */
class MonitorSegmentsTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private final LifecycleStore store = TestStores.newStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).actor("monitor").build();
    private final Random random = new Random(17);

    /** Countries by share: DE 50%, US 47%, FR 3%. */
    private String country() {
        double u = random.nextDouble();
        return u < 0.50 ? "DE" : u < 0.97 ? "US" : "FR";
    }

    private void deploy(boolean profileCountry) {
        int n = 6_000;
        double[] age = new double[n];
        double[] income = new double[n];
        String[] country = new String[n];
        for (int i = 0; i < n; i++) {
            age[i] = 40 + 10 * random.nextGaussian();
            income[i] = 50 + 10 * random.nextGaussian();
            country[i] = country();
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("age", age);
        columns.put("income", income);
        if (profileCountry) {
            columns.put("country", country);
        }
        Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(columns);
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register("churn", run.id(), "m.bin", s -> s.referenceProfiles(profiles));
        }
    }

    /**
     * {@code rows} rows from {@code first}; in segment {@code shifted} age moves up by {@code shift} and the model
     * is right with probability {@code segmentAccuracy} (0.9 elsewhere).
     */
    private ProductionBatch batch(int first, int rows, String shifted, double shift, double segmentAccuracy) {
        Instant[] t = new Instant[rows];
        double[] age = new double[rows];
        double[] income = new double[rows];
        String[] country = new String[rows];
        double[] p = new double[rows];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = T0.plusSeconds(first + i);
            country[i] = country();
            boolean in = country[i].equals(shifted);
            age[i] = 40 + (in ? shift : 0) + 10 * random.nextGaussian();
            income[i] = 50 + 10 * random.nextGaussian();
            y[i] = random.nextBoolean() ? 1 : 0;
            boolean right = random.nextDouble() < (in ? segmentAccuracy : 0.9);
            p[i] = (y[i] == 1) == right ? 0.8 : 0.2;
        }
        return ProductionBatch.builder(t).numeric("age", age).numeric("income", income).categorical("country", country)
                .predictions(p).labels(y).build();
    }

    @Test
    void shiftInOneSegment_isFoundThere_notElsewhere_whileThePopulationAverageHidesIt() {
        deploy(true);
        List<Alert> alerts = new ArrayList<>();
        // level 0.01 for population and segments alike: few false alarms in the null segments (fixed seed)
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(2_000)).segmentBy("country")
                .detector(DriftDetector.builder().level(0.01).build()).alert(AlertRules.driftVerdict()).alert(AlertRules.metricBelow("perf.accuracy", 0.85, 1))
                .alert(AlertRules.segmentDrift()).alert(AlertRules.segmentMetricBelow("perf.accuracy", 0.75, 1))
                .onAlert(alerts::add).start();
        for (int w = 0; w < 5; w++) {
            monitor.observe(w < 2 ? batch(w * 2_000, 2_000, "FR", 0, 0.9) : batch(w * 2_000, 2_000, "FR", 12, 0.5));
        }
        List<WindowResult> results = monitor.results();
        assertThat(results).hasSize(5);
        for (WindowResult w : results) {
            boolean shiftedWindow = w.index() >= 2;
            // the population: no drift and accuracy above its bound in every window, the shift averaged away
            assertThat(w.drift().verdict()).isEqualTo(Verdict.NO_DRIFT);
            assertThat(w.metrics().get("perf.accuracy")).isGreaterThan(0.85);
            assertThat(w.segments().keySet()).containsExactly("DE", "US", "FR");
            assertThat(w.segments().get("DE").drift().verdict()).isEqualTo(Verdict.NO_DRIFT);
            assertThat(w.segments().get("US").drift().verdict()).isEqualTo(Verdict.NO_DRIFT);
            SegmentResult fr = w.segments().get("FR");
            assertThat(fr.drift().verdict()).isEqualTo(shiftedWindow ? Verdict.DRIFT : Verdict.NO_DRIFT);
            if (shiftedWindow) {
                assertThat(fr.drift().drifted()).extracting(c -> c.column()).containsExactly("age");
                assertThat(fr.metrics().get("perf.accuracy")).isLessThan(0.75);
            } else {
                assertThat(fr.metrics().get("perf.accuracy")).isGreaterThan(0.75);
            }
            // the segment column itself is not compared within its segments
            assertThat(fr.drift().columns()).extracting(c -> c.column()).containsExactlyInAnyOrder("age", "income");
            assertThat(w.segments().values().stream().mapToInt(SegmentResult::rows).sum()).isEqualTo(w.rows());
        }
        // one alert per streak, each naming the segment (and for drift the feature), none from the population rules
        assertThat(alerts).extracting(Alert::rule).containsExactly("segment drift",
                "segment perf.accuracy < 0.75 for 1 window(s)");
        assertThat(alerts).allSatisfy(a -> assertThat(a.window()).isEqualTo(2));
        assertThat(alerts.get(0).message()).contains("segment 'FR'").contains("'age'").doesNotContain("'income'")
                .doesNotContain("'DE'").doesNotContain("'US'");
        assertThat(alerts.get(1).message()).contains("segment 'FR' perf.accuracy was").doesNotContain("'DE'");
        // recorded per segment in the monitoring run, at the window's step
        assertThat(MonitoringRuns.history(store, "churn", 1, "segment.FR.drift.columns_drifted"))
                .containsExactly(0.0, 0.0, 1.0, 1.0, 1.0);
        assertThat(MonitoringRuns.history(store, "churn", 1, "segment.DE.drift.columns_drifted"))
                .containsExactly(0.0, 0.0, 0.0, 0.0, 0.0);
        assertThat(MonitoringRuns.history(store, "churn", 1, "segment.FR.perf.accuracy")).hasSize(5);
        assertThat(MonitoringRuns.history(store, "churn", 1, "drift.columns_drifted"))
                .containsExactly(0.0, 0.0, 0.0, 0.0, 0.0);
        monitor.close();
    }

    @Test
    void theConfiguredCorrection_spansSegmentsTimesFeatures() {
        deploy(false);
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(2_000)).segmentBy("country")
                .detector(DriftDetector.builder().correction(io.mllifecycle.drift.Correction.HOLM).build()).start();
        monitor.observe(batch(0, 2_000, "FR", 9, 0.9));
        WindowResult w = monitor.results().get(0);
        List<Double> raw = new ArrayList<>();
        List<Double> adjusted = new ArrayList<>();
        w.segments().values().forEach(s -> s.drift().columns().forEach(c -> {
            var ks = c.outcome(io.mllifecycle.drift.DriftTest.KS).orElseThrow();
            raw.add(ks.pValue());
            adjusted.add(ks.adjustedPValue());
        }));
        assertThat(raw).hasSize(6); // 3 segments × 2 features, one family
        double[] expected = io.mllifecycle.drift.Correction.HOLM
                .adjust(raw.stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < expected.length; i++) {
            assertThat(adjusted.get(i)).isEqualTo(expected[i]);
        }
        assertThat(w.metrics()).containsKey("segment.FR.drift.age.ks.adjusted_p_value");
    }

    @Test
    void maxSegments_poolsTheRestAsOther_keysStayBounded() {
        deploy(false);
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(2_000)).segmentBy("country")
                .maxSegments(2).start();
        monitor.observe(batch(0, 2_000, "FR", 0, 0.9));
        // a value first seen later joins "other" too, as do rows without a value
        ProductionBatch later = batch(2_000, 2_000, "FR", 0, 0.9);
        String[] country = ((String[]) later.features().get("country"));
        for (int i = 0; i < 300; i++) {
            country[i] = i < 150 ? "IT" : null;
        }
        monitor.observe(later);
        List<WindowResult> results = monitor.results();
        assertThat(results.get(0).segments().keySet()).containsExactly("DE", "US", "other");
        assertThat(results.get(1).segments().keySet()).containsExactly("DE", "US", "other", "(missing)");
        assertThat(results.get(1).segments().get("(missing)").rows()).isEqualTo(150);
        assertThat(results.get(1).segments().get("(missing)").key()).startsWith("_missing_~");
        for (WindowResult w : results) {
            assertThat(w.segments().values().stream().mapToInt(SegmentResult::rows).sum()).isEqualTo(w.rows());
        }
        monitor.close();
        List<String> keys = new ArrayList<>();
        for (var run : MonitoringRuns.runs(store, "churn", 1)) {
            keys.addAll(run.latestMetrics().keySet());
        }
        assertThat(keys.stream().filter(k -> k.startsWith("segment.")).map(k -> k.split("\\.")[1]).distinct())
                .containsExactlyInAnyOrder("DE", "US", "other", results.get(1).segments().get("(missing)").key());
    }

    @Test
    void segmentKeys_areBoundedAndEscaped() {
        assertThat(Segments.key("FR")).isEqualTo("FR");
        assertThat(Segments.key("São Paulo/Centro")).matches("S_o_Paulo_Centro~[0-9a-f]{8}");
        String longValue = "x".repeat(500);
        assertThat(Segments.key(longValue)).hasSize(Segments.MAX_KEY + 9).startsWith("x".repeat(Segments.MAX_KEY));
        assertThat(Segments.key("a.b")).isNotEqualTo(Segments.key("a_b"));
    }

    @Test
    void segmentReferences_keepSegmentsThatDifferByDesignQuiet() {
        deploy(false);
        // in production and in "its" reference, US is 10 years older than the population
        int n = 3_000;
        double[] age = new double[n];
        double[] income = new double[n];
        for (int i = 0; i < n; i++) {
            age[i] = 50 + 10 * random.nextGaussian();
            income[i] = 50 + 10 * random.nextGaussian();
        }
        Map<String, ReferenceProfile> us = ReferenceProfiles.fit(Map.of("age", age, "income", income));
        ProductionBatch b = batch(0, 2_000, "US", 10, 0.9);
        Monitor plain = lifecycle.monitor("churn/1").windows(Chunker.byCount(2_000)).segmentBy("country").start();
        plain.observe(b);
        assertThat(plain.results().get(0).segments().get("US").drift().verdict()).isEqualTo(Verdict.DRIFT);
        plain.close();
        Monitor own = lifecycle.monitor("churn/1").windows(Chunker.byCount(2_000))
                .segmentBy("country", Map.of("US", us)).start();
        own.observe(b);
        assertThat(own.results().get(0).segments().get("US").drift().verdict()).isEqualTo(Verdict.NO_DRIFT);
        own.close();
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").segmentBy("country",
                Map.of("US", ReferenceProfiles.fit(Map.of("age", age)))).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("segment 'US'")
                .hasMessageContaining("income");
    }

    @Test
    void batchWithoutTheSegmentColumn_isRejectedNamingIt_nothingCounted() {
        deploy(false);
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(1_000)).segmentBy("country").start();
        monitor.observe(batch(0, 600, "FR", 0, 0.9));
        Instant[] t = {T0.plusSeconds(600), T0.plusSeconds(601)};
        ProductionBatch lacking = ProductionBatch.builder(t).numeric("age", new double[] {40, 41})
                .numeric("income", new double[] {50, 51}).predictions(new double[] {0.2, 0.8})
                .labels(new double[] {0, 1}).build();
        assertThatThrownBy(() -> monitor.observe(lacking)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment column").hasMessageContaining("'country'");
        ProductionBatch numeric = ProductionBatch.builder(t).numeric("age", new double[] {40, 41})
                .numeric("income", new double[] {50, 51}).numeric("country", new double[] {1, 2})
                .predictions(new double[] {0.2, 0.8}).labels(new double[] {0, 1}).build();
        assertThatThrownBy(() -> monitor.observe(numeric)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'country' must be categorical");
        monitor.observe(batch(600, 400, "FR", 0, 0.9));
        assertThat(monitor.results()).singleElement().satisfies(w -> {
            assertThat(w.rows()).isEqualTo(1_000);
            assertThat(w.segments().values().stream().mapToInt(SegmentResult::rows).sum()).isEqualTo(1_000);
        });
        monitor.close();
    }

    @Test
    void delayedLabels_recordSegmentPerformanceAtTheWindowsStep_afterARestartToo() {
        deploy(false);
        ProductionBatch b = batch(0, 1_000, "FR", 0, 0.2);
        String[] ids = new String[1_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "r" + i;
        }
        Instant[] t = new Instant[1_000];
        for (int i = 0; i < t.length; i++) {
            t[i] = T0.plusSeconds(i);
        }
        ProductionBatch delayed = ProductionBatch.builder(t).numeric("age", (double[]) b.features().get("age"))
                .numeric("income", (double[]) b.features().get("income"))
                .categorical("country", (String[]) b.features().get("country")).predictions(b.predictions()).ids(ids)
                .build();
        List<Alert> alerts = new ArrayList<>();
        Monitor first = lifecycle.monitor("churn/1").windows(Chunker.byCount(1_000)).segmentBy("country")
                .delayedLabels(1.0, 10_000, Duration.ofDays(1)).start();
        first.observe(delayed);
        first.labels(java.util.Arrays.copyOf(ids, 500), java.util.Arrays.copyOf(b.labels(), 500), T0.plusSeconds(5_000));
        first.close();
        Monitor second = lifecycle.monitor("churn/1").windows(Chunker.byCount(1_000)).segmentBy("country")
                .delayedLabels(1.0, 10_000, Duration.ofDays(1))
                .alert(AlertRules.segmentMetricBelow("perf.accuracy", 0.5, 1)).onAlert(alerts::add).start();
        second.labels(java.util.Arrays.copyOfRange(ids, 500, 1_000), java.util.Arrays.copyOfRange(b.labels(), 500, 1_000),
                T0.plusSeconds(6_000));
        List<MetricPoint> fr = new ArrayList<>();
        for (var run : MonitoringRuns.runs(store, "churn", 1)) {
            fr.addAll(store.tracking().metricHistory(run.id(), "segment.FR.perf.accuracy", Long.MIN_VALUE,
                    Long.MAX_VALUE));
        }
        assertThat(fr).singleElement().satisfies(p -> {
            assertThat(p.step()).isEqualTo(0);
            assertThat(p.value()).isLessThan(0.5);
        });
        assertThat(MonitoringRuns.history(store, "churn", 1, "segment.DE.perf.accuracy")).singleElement()
                .satisfies(a -> assertThat(a).isGreaterThan(0.8));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.message()).contains("segment 'FR'")
                .contains("once labels arrived"));
        second.close();
    }
}
