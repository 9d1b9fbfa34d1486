package io.mllifecycle.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.testing.TestStores;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 17 fairness from predictions per window: recorded metrics checked by counting, gap alerts, bad input. */
class MonitorFairnessTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private static final int WINDOW = 1_000;
    private static final Map<String, Double> BOUNDS = Map.of("demographic_parity_difference", 0.1,
            "equalized_odds_difference", 0.2);
    private final LifecycleStore store = TestStores.newStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).actor("monitor").build();
    private final Random random = new Random(3);

    MonitorFairnessTest() {
        double[] age = new double[2_000];
        for (int i = 0; i < age.length; i++) {
            age[i] = 40 + 10 * random.nextGaussian();
        }
        Map<String, ReferenceProfile> profiles = ReferenceProfiles.fit(Map.of("age", age));
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", "w".getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register("churn", run.id(), "m.bin", s -> s.referenceProfiles(profiles));
        }
    }

    /**
     * A window: groups f and m half each; 40% positives; the model predicts positive with TPR 0.8 and FPR 0.2,
     * except in group f when {@code unfair} (TPR 0.4, FPR 0.05). Scores 0.7 / 0.3 for predicted positive /
     * negative; threshold 0.5.
     */
    private ProductionBatch window(int w, boolean unfair, boolean delayed) {
        Instant[] t = new Instant[WINDOW];
        double[] age = new double[WINDOW];
        String[] sex = new String[WINDOW];
        double[] p = new double[WINDOW];
        double[] y = new double[WINDOW];
        String[] ids = new String[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            t[i] = T0.plusSeconds((long) w * WINDOW + i);
            age[i] = 40 + 10 * random.nextGaussian();
            sex[i] = random.nextBoolean() ? "f" : "m";
            y[i] = random.nextDouble() < 0.4 ? 1 : 0;
            boolean bad = unfair && sex[i].equals("f");
            double positiveRate = y[i] == 1 ? (bad ? 0.4 : 0.8) : (bad ? 0.05 : 0.2);
            p[i] = random.nextDouble() < positiveRate ? 0.7 : 0.3;
            ids[i] = "w" + w + "r" + i;
        }
        ProductionBatch.Builder b = ProductionBatch.builder(t).numeric("age", age).categorical("sex", sex).predictions(p);
        return delayed ? b.ids(ids).build() : b.labels(y).build();
    }

    /** Independent oracle: the formulas counted directly. */
    private static double[] rates(ProductionBatch b, String group) {
        String[] sex = (String[]) b.features().get("sex");
        double n = 0;
        double selected = 0;
        double pos = 0;
        double tp = 0;
        double neg = 0;
        double fp = 0;
        for (int i = 0; i < b.size(); i++) {
            if (!sex[i].equals(group)) {
                continue;
            }
            boolean yhat = b.predictions()[i] >= 0.5;
            n++;
            selected += yhat ? 1 : 0;
            if (b.labels()[i] == 1) {
                pos++;
                tp += yhat ? 1 : 0;
            } else {
                neg++;
                fp += yhat ? 1 : 0;
            }
        }
        return new double[] {n, selected / n, tp / pos, fp / neg, pos};
    }

    @Test
    void perWindowFairness_matchesTheFormulas_andAnAlertFiresWhenAGapOpens_oncePerStreak() {
        List<Alert> alerts = new ArrayList<>();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(WINDOW)).fairness("sex", BOUNDS)
                .onAlert(alerts::add).start();
        boolean[] unfair = {false, false, false, true, true, true, false, true};
        List<ProductionBatch> batches = new ArrayList<>();
        for (int w = 0; w < unfair.length; w++) {
            ProductionBatch b = window(w, unfair[w], false);
            batches.add(b);
            monitor.observe(b);
        }
        List<WindowResult> results = monitor.results();
        for (int w = 0; w < unfair.length; w++) {
            double[] f = rates(batches.get(w), "f");
            double[] m = rates(batches.get(w), "m");
            Map<String, Double> got = results.get(w).metrics();
            assertThat(got.get("fairness.demographic_parity_difference")).isCloseTo(Math.abs(f[1] - m[1]), within(1e-12));
            assertThat(got.get("fairness.demographic_parity_ratio"))
                    .isCloseTo(Math.min(f[1], m[1]) / Math.max(f[1], m[1]), within(1e-12));
            assertThat(got.get("fairness.equalized_odds_difference"))
                    .isCloseTo(Math.max(Math.abs(f[2] - m[2]), Math.abs(f[3] - m[3])), within(1e-12));
            assertThat(got.get("fairness.equal_opportunity_difference")).isCloseTo(Math.abs(f[2] - m[2]), within(1e-12));
            assertThat(got.get("fairness.group.f.count")).isEqualTo(f[0]);
            assertThat(got.get("fairness.group.f.positives")).isEqualTo(f[4]);
            assertThat(got.get("fairness.group.f.selection_rate")).isCloseTo(f[1], within(1e-12));
            assertThat(got.get("fairness.group.m.true_positive_rate")).isCloseTo(m[2], within(1e-12));
            assertThat(got.get("fairness.group.m.false_positive_rate")).isCloseTo(m[3], within(1e-12));
            assertThat(results.get(w).fairness()).isNotNull();
            assertThat(got.get("fairness.demographic_parity_difference") > 0.1).isEqualTo(unfair[w]);
        }
        // both bounded gaps open at window 3 and again at 7 after closing at 6: one alert each per streak
        assertThat(alerts).extracting(Alert::window).containsExactly(3, 3, 7, 7);
        assertThat(alerts).extracting(Alert::rule).containsExactly("fairness demographic_parity_difference ≤ 0.1",
                "fairness equalized_odds_difference ≤ 0.2", "fairness demographic_parity_difference ≤ 0.1",
                "fairness equalized_odds_difference ≤ 0.2");
        assertThat(alerts.get(0).message()).startsWith("demographic_parity_difference of 'sex' was")
                .contains("> 0.1").contains("'m' vs 'f'");
        assertThat(results.get(3).alerts()).hasSize(2);
        assertThat(lifecycle.audit().eventsFor("churn/1")).filteredOn(e -> e.action().equals("monitor.alert"))
                .hasSize(4);
        assertThat(MonitoringRuns.history(store, "churn", 1, "fairness.demographic_parity_difference"))
                .hasSize(unfair.length);
        monitor.close();
    }

    @Test
    void groupWithoutPositives_isLeftOutOfTheRatesItCannotDefine() {
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(WINDOW))
                .fairness("sex", Map.of("equal_opportunity_difference", 0.2)).start();
        ProductionBatch b = window(0, false, false);
        String[] sex = (String[]) b.features().get("sex");
        for (int i = 0; i < 50; i++) {
            if (b.labels()[i] == 0) {
                sex[i] = "x"; // group x: negatives only
            }
        }
        monitor.observe(b);
        Map<String, Double> got = monitor.results().get(0).metrics();
        assertThat(got).containsKey("fairness.group.x.count").containsKey("fairness.group.x.false_positive_rate")
                .doesNotContainKey("fairness.group.x.true_positive_rate");
        double[] f = rates(b, "f");
        double[] m = rates(b, "m");
        assertThat(got.get("fairness.equal_opportunity_difference")).isCloseTo(Math.abs(f[2] - m[2]), within(1e-12));
        assertThat(got.values()).allSatisfy(v -> assertThat(v).isFinite());
        assertThat(monitor.results().get(0).fairness().equalOpportunityDifference().isDefined()).isTrue();
        monitor.close();
    }

    @Test
    void delayedLabels_fairnessOnceTheShareArrived_lateAlertSaysSo() {
        List<Alert> alerts = new ArrayList<>();
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(WINDOW)).fairness("sex", BOUNDS)
                .delayedLabels(0.9, 100_000, Duration.ofDays(3)).onAlert(alerts::add).start();
        // the labels of an unfair window, generated with it, given a day later
        ProductionBatch labelled = window(0, true, false);
        String[] ids = new String[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            ids[i] = "w0r" + i;
        }
        Instant[] t = new Instant[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            t[i] = T0.plusSeconds(i);
        }
        monitor.observe(ProductionBatch.builder(t).numeric("age", (double[]) labelled.features().get("age"))
                .categorical("sex", (String[]) labelled.features().get("sex")).predictions(labelled.predictions())
                .ids(ids).build());
        assertThat(monitor.results().get(0).fairness()).isNull();
        assertThat(MonitoringRuns.history(store, "churn", 1, "fairness.demographic_parity_difference")).isEmpty();
        monitor.labels(ids, labelled.labels(), T0.plus(Duration.ofDays(1)));
        double[] f = rates(labelled, "f");
        double[] m = rates(labelled, "m");
        assertThat(MonitoringRuns.history(store, "churn", 1, "fairness.demographic_parity_difference"))
                .singleElement().satisfies(v -> assertThat(v).isCloseTo(Math.abs(f[1] - m[1]), within(1e-12)));
        assertThat(alerts).hasSize(2).allSatisfy(a -> {
            assertThat(a.window()).isZero();
            assertThat(a.message()).endsWith("once labels arrived");
        });
        monitor.close();
    }

    @Test
    void badInput_missingGroupColumn_badBounds_probabilitiesOutsideZeroOne() {
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").fairness("sex", Map.of("accuracy_gap", 0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'accuracy_gap'");
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").fairness("sex", Map.of("demographic_parity_ratio", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("demographic_parity_ratio")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> lifecycle.monitor("churn/1").fairness("sex", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bounds");
        Monitor monitor = lifecycle.monitor("churn/1").windows(Chunker.byCount(3)).fairness("sex", BOUNDS).start();
        Instant[] t = {T0, T0, T0};
        ProductionBatch lacking = ProductionBatch.builder(t).numeric("age", new double[] {1, 2, 3})
                .predictions(new double[] {0.1, 0.2, 0.3}).labels(new double[] {0, 1, 0}).build();
        assertThatThrownBy(() -> monitor.observe(lacking)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fairness group column").hasMessageContaining("'sex'");
        ProductionBatch outside = ProductionBatch.builder(t).numeric("age", new double[] {1, 2, 3})
                .categorical("sex", new String[] {"f", "m", "f"}).predictions(new double[] {0.1, 7, 0.3})
                .labels(new double[] {0, 1, 0}).build();
        assertThatThrownBy(() -> monitor.observe(outside)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("predictions[1]").hasMessageContaining("7.0");
        assertThat(monitor.results()).isEmpty();
        monitor.close();
        assertThat(MonitoringRuns.history(store, "churn", 1, "window.rows")).isEmpty();
    }
}
