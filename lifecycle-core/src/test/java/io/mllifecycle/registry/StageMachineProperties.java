package io.mllifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class StageMachineProperties {

    @Property
    void anySequenceOfRequests_onlyAllowedMovesHappen(@ForAll @Size(max = 25) List<Stage> requests,
                                                      @ForAll boolean forceAtEnd) {
        RegistryFixture fx = new RegistryFixture();
        ModelVersion v = fx.register("m", Map.of("auc", 0.9));
        Stage expected = Stage.DEVELOPMENT;
        for (Stage target : requests) {
            boolean allowed = expected.canMoveTo(target);
            try {
                v.promote(target);
                assertThat(allowed).as("%s → %s was accepted", expected, target).isTrue();
                expected = target;
            } catch (InvalidTransitionException e) {
                assertThat(allowed).as("%s → %s was refused: %s", expected, target, e.getMessage()).isFalse();
                assertThat(e.getMessage()).contains(expected.name()).contains(target.name());
            }
            assertThat(v.stage()).isEqualTo(expected);
        }
        if (forceAtEnd && expected != Stage.RETIRED) {
            v.forceRetire("property test");
            expected = Stage.RETIRED;
        }
        List<StageChange> history = v.record().stageHistory();
        assertThat(history.get(history.size() - 1).to()).isEqualTo(expected);
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).from()).isEqualTo(history.get(i - 1).to());
        }
        assertThat(fx.lifecycle.audit().verify().intact()).isTrue();
    }
}
