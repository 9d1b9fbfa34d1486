package io.mllifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.gate.GateContext;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrafficSplitTest {
    private final InMemoryStore store = new InMemoryStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).actor("ab").build();

    TrafficSplitTest() {
        for (int i = 0; i < 2; i++) {
            try (Run run = lifecycle.experiment("train").startRun()) {
                run.logArtifact("m.bin", ("m" + i).getBytes(StandardCharsets.UTF_8));
                lifecycle.models().register("churn", run.id(), "m.bin", s -> { });
            }
        }
        lifecycle.models().model("churn").setAlias("champion", 1);
        lifecycle.models().model("churn").setAlias("challenger", 2);
    }

    @Test
    void split_storedInTheRegistry_audited_routesStablyInProportion() {
        TrafficSplit split = lifecycle.models().split("churn", Map.of("champion", 0.9, "challenger", 0.1));
        assertThat(store.registry().getModel("churn").tags()).containsEntry(TrafficSplit.TAG,
                "challenger=0.1;champion=0.9");
        assertThat(lifecycle.audit().eventsFor("churn")).extracting(e -> e.action()).contains("model.split.set");
        TrafficSplit again = Lifecycle.builder().store(store).actor("other").build().models().split("churn")
                .orElseThrow();
        assertThat(again.weights()).isEqualTo(split.weights());
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String key = "user-" + i;
            String arm = split.arm(key);
            assertThat(again.arm(key)).isEqualTo(arm);
            counts.merge(arm, 1, Integer::sum);
        }
        // binomial(20000, 0.1): sd ≈ 42; 5 sd
        assertThat(counts.get("challenger")).isBetween(2_000 - 212, 2_000 + 212);
        assertThat(split.route("user-1").version()).isEqualTo(split.arm("user-1").equals("champion") ? 1 : 2);
        assertThat(TrafficSplit.fraction("x")).isBetween(0.0, 1.0);
    }

    @Test
    void badInput_weightsNotSummingToOne_unknownAlias() {
        assertThatThrownBy(() -> lifecycle.models().split("churn", Map.of("champion", 0.9, "challenger", 0.2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must sum to 1, but summed to 1.1");
        assertThatThrownBy(() -> lifecycle.models().split("churn", Map.of("champion", 0.5, "shadow", 0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alias 'shadow'");
        assertThatThrownBy(() -> lifecycle.models().split("churn", Map.of("champion", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be in (0, 1], but was 1.5");
        assertThatThrownBy(() -> lifecycle.models().split("churn", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(lifecycle.models().split("churn")).isEmpty(); // nothing stored by a refused call
        TrafficSplit split = lifecycle.models().split("churn", Map.of("champion", 0.5, "challenger", 0.5));
        assertThatThrownBy(() -> split.arm("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> split.recordCounts("shadow", "conversion", 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'shadow' is not in the split");
        assertThatThrownBy(() -> split.recordCounts("champion", "conversion", 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Gates.challengerBeats("champion", "conversion", 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outcomes_sequentialComparison_andChallengerBeatsGate() {
        TrafficSplit split = lifecycle.models().split("churn", Map.of("champion", 0.5, "challenger", 0.5));
        ModelVersion challenger = lifecycle.models().version("churn", 2);
        GateResult early = Gates.challengerBeats("champion", "conversion", 0.95).evaluate(
                new GateContext(challenger.record(), Stage.PRODUCTION, store.registry(), store.tracking()));
        assertThat(early.passed()).isFalse();
        Random random = new Random(3);
        for (int i = 0; i < 400; i++) {
            String key = "u" + i;
            double rate = split.arm(key).equals("challenger") ? 0.3 : 0.1;
            split.recordOutcome(key, "conversion", random.nextDouble() < rate);
        }
        assertThat(split.outcomes("champion", "conversion").trials() + split.outcomes("challenger", "conversion")
                .trials()).isEqualTo(400);
        split.recordCounts("champion", "conversion", 100, 1_000);
        split.recordCounts("challenger", "conversion", 300, 1_000);
        var d = split.compare("champion", "challenger", "conversion", 0.95);
        assertThat(d.rejected()).isTrue();
        assertThat(d.difference()).isCloseTo(0.2, within(0.03));
        GateResult gate = Gates.challengerBeats("champion", "conversion", 0.95).evaluate(
                new GateContext(challenger.record(), Stage.PRODUCTION, store.registry(), store.tracking()));
        assertThat(gate.passed()).isTrue();
        assertThat(gate.message()).contains("the challenger wins");
        GateResult champion = Gates.challengerBeats("champion", "conversion", 0.95).evaluate(
                new GateContext(lifecycle.models().version("churn", 1).record(), Stage.PRODUCTION, store.registry(),
                        store.tracking()));
        assertThat(champion.passed()).isFalse();
        assertThat(champion.message()).contains("is not an arm");
    }
}
