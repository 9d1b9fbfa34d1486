package io.mllifecycle.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.memory.InMemoryStore;
import org.junit.jupiter.api.Test;

class ArchivedExperimentTest {
    @Test
    void archivedExperiment_takesNoNewRuns_untilRestored() {
        InMemoryStore store = new InMemoryStore();
        Lifecycle lifecycle = Lifecycle.builder().store(store).actor("ci").build();
        Experiment exp = lifecycle.experiment("old");
        exp.startRun().close();
        exp.archive();
        assertThatThrownBy(exp::startRun).isInstanceOf(ConflictException.class).hasMessageContaining("'old'")
                .hasMessageContaining("archived");
        assertThat(store.tracking().getExperiment(exp.id()).archived()).isTrue();
        exp.restore();
        exp.startRun().close();
    }
}
