package io.mllifecycle.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Gates#fairness(double[], double[], String[], double, Map)}: values checked against the formulas by hand. */
class FairnessGateTest {
    private final LifecycleStore store = new InMemoryStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).actor("ci").build();

    // group a: labels 1 1 0 0, predicted 1 0 1 0 → selection 1/2, TPR 1/2, FPR 1/2
    // group b: labels 1 0 0 0, predicted 1 0 0 0 → selection 1/4, TPR 1,   FPR 0
    private static final double[] SCORES = {0.9, 0.2, 0.8, 0.1, 0.9, 0.1, 0.1, 0.1};
    private static final double[] LABELS = {1, 1, 0, 0, 1, 0, 0, 0};
    private static final String[] GROUPS = {"a", "a", "a", "a", "b", "b", "b", "b"};

    private GateResult evaluate(Gate gate) {
        ModelVersion v;
        try (Run run = lifecycle.experiment("e").startRun()) {
            run.logArtifact("m.bin", "bytes".getBytes(StandardCharsets.UTF_8));
            v = lifecycle.models().register("m", run.id(), "m.bin", s -> { });
        }
        return Gates.safely(gate, new GateContext(v.record(), Stage.STAGING, store.registry(), store.tracking()));
    }

    @Test
    void disparitiesFromPredictions_withinAndOutsideBounds() {
        GateResult pass = evaluate(Gates.fairness(SCORES, LABELS, GROUPS, 0.5,
                Map.of("demographic_parity_difference", 0.25, "demographic_parity_ratio", 0.5)));
        assertThat(pass.passed()).isTrue();
        assertThat(pass.observed()).isEqualTo("demographic_parity_difference=0.25, demographic_parity_ratio=0.5");
        GateResult fail = evaluate(Gates.fairness(SCORES, LABELS, GROUPS, 0.5,
                Map.of("equalized_odds_difference", 0.4, "demographic_parity_ratio", 0.6,
                        "true_positive_rate_difference", 0.5)));
        assertThat(fail.passed()).isFalse();
        assertThat(fail.message()).contains("demographic_parity_ratio is 0.5, below 0.6")
                .contains("equalized_odds_difference is 0.5, above 0.4")
                .doesNotContain("true_positive_rate_difference is").contains("'a' (4 rows), 'b' (4 rows)");
    }

    @Test
    void groupWithoutPositives_undefinedDisparityFailsWithReason() {
        double[] scores = {0.9, 0.1, 0.9, 0.1};
        double[] labels = {1, 0, 0, 0};
        String[] groups = {"a", "a", "b", "b"};
        GateResult r = evaluate(Gates.fairness(scores, labels, groups, 0.5,
                Map.of("true_positive_rate_difference", 0.1, "demographic_parity_difference", 0.1)));
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).contains("true_positive_rate_difference is undefined");
        assertThat(r.observed()).contains("demographic_parity_difference=0");
    }

    @Test
    void badInput_namesArgumentAndValue() {
        assertThatThrownBy(() -> Gates.fairness(new double[] {Double.NaN}, new double[] {1}, new String[] {"a"}, 0.5,
                Map.of("demographic_parity_difference", 0.1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores[0] must be in [0, 1], but was NaN");
        assertThatThrownBy(() -> Gates.fairness(new double[] {0.2}, new double[] {2}, new String[] {"a"}, 0.5,
                Map.of("demographic_parity_difference", 0.1))).hasMessage("labels[0] must be 0 or 1, but was 2.0");
        assertThatThrownBy(() -> Gates.fairness(SCORES, LABELS, GROUPS, 0.5, Map.of("parity", 0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but had 'parity'");
        assertThatThrownBy(() -> Gates.fairness(SCORES, LABELS, GROUPS, 0.5, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one disparity");
        assertThatThrownBy(() -> Gates.fairness(SCORES, new double[] {1}, GROUPS, 0.5,
                Map.of("demographic_parity_difference", 0.1))).hasMessageContaining("same length, but had 8, 1 and 8");
        assertThatThrownBy(() -> Gates.fairness(SCORES, LABELS, GROUPS, 1.5,
                Map.of("demographic_parity_difference", 0.1))).hasMessage("threshold must be in [0, 1], but was 1.5");
    }
}
