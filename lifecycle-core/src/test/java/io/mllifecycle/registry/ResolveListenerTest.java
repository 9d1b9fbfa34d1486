package io.mllifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timing hook on {@code resolve}; runs on every store. */
class ResolveListenerTest {
    private final RegistryFixture f = new RegistryFixture();

    private record Heard(ModelVersionRecord record, long nanos) {}

    @Test
    void successfulResolves_hitsAndMisses_areTimed_failuresAndResolveUncachedAreNot() {
        ModelVersion v = f.register("churn", Map.of("auc", 0.9));
        f.lifecycle.models().model("churn").setAlias("champion", v.version());
        List<Heard> heard = new ArrayList<>();
        ResolveListener l = (r, nanos) -> heard.add(new Heard(r, nanos));
        f.lifecycle.models().addResolveListener(l);
        long before = System.nanoTime();
        f.lifecycle.models().resolve("churn@champion"); // miss: reads the store
        f.lifecycle.models().resolve("churn@champion"); // hit
        long wall = System.nanoTime() - before;
        assertThatThrownBy(() -> f.lifecycle.models().resolve("churn@nowhere")).isInstanceOf(NotFoundException.class);
        f.lifecycle.models().resolveUncached("churn/1");
        assertThat(heard).hasSize(2).allSatisfy(h -> {
            assertThat(h.record().reference()).isEqualTo("churn/1");
            assertThat(h.nanos()).isBetween(0L, wall);
        });
        assertThat(heard.get(0).nanos() + heard.get(1).nanos()).isLessThanOrEqualTo(wall);

        assertThat(f.lifecycle.models().removeResolveListener(l)).isTrue();
        f.lifecycle.models().resolve("churn@champion");
        assertThat(heard).hasSize(2);
        assertThat(f.lifecycle.models().removeResolveListener(l)).isFalse();
    }

    @Test
    void faultyListener_neverFailsTheResolve() {
        ModelVersion v = f.register("churn", Map.of("auc", 0.9));
        List<Long> heard = new ArrayList<>();
        f.lifecycle.models().addResolveListener((r, nanos) -> {
            throw new IllegalStateException("listener bug");
        });
        f.lifecycle.models().addResolveListener((r, nanos) -> heard.add(nanos));
        assertThat(f.lifecycle.models().resolve("churn/" + v.version()).version()).isEqualTo(v.version());
        assertThat(heard).hasSize(1);
        assertThatThrownBy(() -> f.lifecycle.models().addResolveListener(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listener");
    }
}
