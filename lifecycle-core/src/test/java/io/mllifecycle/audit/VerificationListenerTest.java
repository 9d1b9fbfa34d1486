package io.mllifecycle.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.testing.TestStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hook on verify outcomes; runs on every store. */
class VerificationListenerTest {
    private final Lifecycle lifecycle = Lifecycle.builder().store(TestStores.newStore()).actor("auditor").build();

    @Test
    void everyOutcome_intactAndBroken_reachesTheListener_throughAnyHandleOfTheLifecycle() {
        List<AuditVerification> heard = new ArrayList<>();
        lifecycle.audit().addVerificationListener(heard::add);
        AuditTrail trail = lifecycle.audit();
        trail.record("host.fact", "churn", Map.of("k", "v"));
        AuditVerification intact = trail.verify();
        AuditVerification broken = trail.verify(new AuditCheckpoint(1, "sha256:" + "0".repeat(64)));
        assertThat(intact.intact()).isTrue();
        assertThat(broken.intact()).isFalse();
        assertThat(heard).containsExactly(intact, broken);
    }

    @Test
    void faultyListener_doesNotChangeTheOutcome_andBadArgumentsAreNotReported() {
        List<AuditVerification> heard = new ArrayList<>();
        VerificationListener faulty = v -> {
            throw new IllegalStateException("listener bug");
        };
        lifecycle.audit().addVerificationListener(faulty);
        lifecycle.audit().addVerificationListener(heard::add);
        assertThat(lifecycle.audit().verify().intact()).isTrue();
        assertThatThrownBy(() -> lifecycle.audit().verify((AuditCheckpoint[]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpoints");
        assertThat(heard).hasSize(1);
        assertThat(lifecycle.audit().removeVerificationListener(faulty)).isTrue();
        assertThat(lifecycle.audit().removeVerificationListener(faulty)).isFalse();
        assertThatThrownBy(() -> lifecycle.audit().addVerificationListener(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listener");
    }
}
