package io.mllifecycle.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GatesTest {
    private final LifecycleStore store = TestStores.newStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).actor("ci").build();

    private ModelVersion version(Map<String, Double> metrics, Map<String, String> tags, Map<String, String> card) {
        try (Run run = lifecycle.experiment("e").startRun()) {
            run.logMetrics(metrics, 1);
            run.logArtifact("m.bin", ("bytes" + metrics).getBytes(StandardCharsets.UTF_8));
            ModelVersion v = lifecycle.models().register("m", run.id(), "m.bin", s -> tags.forEach(s::tag));
            v.update(Map.of(), card, null, null);
            return v;
        }
    }

    private GateResult evaluate(Gate gate, ModelVersion v) {
        return Gates.safely(gate, new GateContext(v.record(), Stage.STAGING, store.registry(), store.tracking(),
                store.artifacts()));
    }

    @Nested
    @DisplayName("metric thresholds")
    class Metric {
        @Test
        void atLeast_passAndFail_nameMetricObservedAndBound() {
            ModelVersion v = version(Map.of("auc", 0.87), Map.of(), Map.of());
            assertThat(evaluate(Gates.metric("auc").atLeast(0.85), v).passed()).isTrue();
            GateResult fail = evaluate(Gates.metric("auc").atLeast(0.9), v);
            assertThat(fail.passed()).isFalse();
            assertThat(fail.message()).isEqualTo("metric 'auc' was 0.87, fails the bound ≥ 0.9");
            assertThat(fail.observed()).isEqualTo("0.87");
            assertThat(fail.expected()).isEqualTo("≥ 0.9");
            assertThat(evaluate(Gates.metric("loss").atMost(0.1), v).message())
                    .contains("metric 'loss' is missing from run");
            assertThat(evaluate(Gates.metric("auc").between(0.8, 0.9), v).passed()).isTrue();
        }

        @Test
        void badConfiguration_rejectedAtOnce() {
            assertThatThrownBy(() -> Gates.metric("auc").atLeast(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NaN");
            assertThatThrownBy(() -> Gates.metric("auc").between(0.9, 0.1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[0.9, 0.1]");
            assertThatThrownBy(() -> Gates.metric(" ")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("no regression against an alias")
    class NoRegression {
        @Test
        void withinToleranceAndRegressed_andUnsetAliasPasses() {
            ModelVersion champion = version(Map.of("auc", 0.86), Map.of(), Map.of());
            ModelVersion ok = version(Map.of("auc", 0.855), Map.of(), Map.of());
            ModelVersion worse = version(Map.of("auc", 0.80), Map.of(), Map.of());
            assertThat(evaluate(Gates.noRegressionVs("champion", "auc", 0.01), ok).message())
                    .contains("nothing to regress against");
            lifecycle.models().model("m").setAlias("champion", champion.version());
            assertThat(evaluate(Gates.noRegressionVs("champion", "auc", 0.01), ok).passed()).isTrue();
            GateResult fail = evaluate(Gates.noRegressionVs("champion", "auc", 0.01), worse);
            assertThat(fail.passed()).isFalse();
            assertThat(fail.message()).isEqualTo("metric 'auc' regressed: m/3 was 0.8, outside ≥ 0.85 (0.86 of m/1 @champion − 0.01)");
            assertThat(evaluate(Gates.noRegressionVs("champion", "auc", 0.01, false), worse).passed()).isTrue();
            assertThatThrownBy(() -> Gates.noRegressionVs("champion", "auc", -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tolerance must be finite and ≥ 0, but was -1.0");
        }
    }

    @Nested
    @DisplayName("governance: documentation and tags")
    class Governance {
        @Test
        void requireCardAndTags() {
            ModelVersion documented = version(Map.of("auc", 0.9), Map.of("owner", "risk"), Map.of("intended_use", "scoring"));
            ModelVersion bare = version(Map.of("auc", 0.9), Map.of(), Map.of("intended_use", " "));
            assertThat(evaluate(Gates.requireCard("intended_use"), documented).passed()).isTrue();
            assertThat(evaluate(Gates.requireCard("intended_use", "limitations"), bare).message())
                    .isEqualTo("model card lacks [intended_use, limitations] (required: [intended_use, limitations])");
            assertThat(evaluate(Gates.requireTags("owner"), documented).passed()).isTrue();
            assertThat(evaluate(Gates.requireTags("owner"), bare).passed()).isFalse();
            assertThatThrownBy(Gates::requireCard).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least one");
        }
    }

    @Nested
    @DisplayName("fairness across groups")
    class Fairness {
        @Test
        void gapUnderAndOverBound_andTooFewGroups() {
            ModelVersion fair = version(Map.of("accuracy/a", 0.90, "accuracy/b", 0.88), Map.of(), Map.of());
            ModelVersion unfair = version(Map.of("accuracy/a", 0.95, "accuracy/b", 0.80, "accuracy/c", 0.9), Map.of(), Map.of());
            ModelVersion single = version(Map.of("accuracy/a", 0.95), Map.of(), Map.of());
            assertThat(evaluate(Gates.fairness("accuracy", 0.05), fair).passed()).isTrue();
            GateResult fail = evaluate(Gates.fairness("accuracy", 0.05), unfair);
            assertThat(fail.passed()).isFalse();
            assertThat(fail.message()).contains("'a' (0.95)").contains("'b' (0.8)").contains("above the bound 0.05");
            assertThat(evaluate(Gates.fairness("accuracy", 0.05), single).message()).contains("at least two groups");
            assertThatThrownBy(() -> Gates.fairness("accuracy", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("composition and custom gates")
    class Composition {
        @Test
        void allAnyAndCustom_andThrowingGateFails() {
            ModelVersion v = version(Map.of("auc", 0.9), Map.of(), Map.of());
            Gate pass = Gates.metric("auc").atLeast(0.5);
            Gate fail = Gates.metric("auc").atLeast(0.95);
            assertThat(evaluate(Gates.all(pass, fail), v).passed()).isFalse();
            assertThat(evaluate(Gates.all(pass, fail), v).observed()).isEqualTo("1/2 passed");
            assertThat(evaluate(Gates.any(pass, fail), v).passed()).isTrue();
            assertThat(evaluate(Gates.check("has a run", ctx -> ctx.sourceRun().isPresent()), v).passed()).isTrue();
            Gate broken = Gates.named("broken", ctx -> {
                throw new IllegalStateException("oops");
            });
            GateResult r = evaluate(broken, v);
            assertThat(r.passed()).isFalse();
            assertThat(r.message()).isEqualTo("gate 'broken' failed with IllegalStateException: oops");
            assertThat(evaluate(ctx -> null, v).passed()).isFalse();
            assertThatThrownBy(Gates::all).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("drift between training and validation data")
    class Drift {
        @Test
        void sameDistributionPasses_shiftedFailsNamingColumn_noProfileFails() {
            java.util.Random r = new java.util.Random(5);
            double[] train = new double[2_000];
            double[] same = new double[1_000];
            double[] shifted = new double[1_000];
            for (int i = 0; i < train.length; i++) {
                train[i] = r.nextGaussian();
            }
            for (int i = 0; i < same.length; i++) {
                same[i] = r.nextGaussian();
                shifted[i] = r.nextGaussian() + 1;
            }
            String runId;
            try (Run run = lifecycle.experiment("e").startRun()) {
                run.logArtifact("m.bin", "drift".getBytes(StandardCharsets.UTF_8));
                runId = run.id();
            }
            ModelVersion v = lifecycle.models().register("d", runId, "m.bin", s -> s.referenceProfiles(
                    io.mllifecycle.monitoring.ReferenceProfiles.fit(Map.of("x", train))));
            assertThat(evaluate(Gates.drift(Map.of("x", same)), v).passed()).isTrue();
            GateResult fail = evaluate(Gates.drift(Map.of("x", shifted)), v);
            assertThat(fail.passed()).isFalse();
            assertThat(fail.message()).startsWith("drift in 'x': ");
            ModelVersion bare = version(Map.of("auc", 0.9), Map.of(), Map.of());
            assertThat(evaluate(Gates.drift(Map.of("x", same)), bare).message()).contains("has no reference profile");
            assertThat(evaluate(Gates.drift(Map.of("x", new double[] {1, 2})), v).message()).contains("too little data");
            assertThatThrownBy(() -> Gates.drift(Map.of("x", new int[1]))).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
