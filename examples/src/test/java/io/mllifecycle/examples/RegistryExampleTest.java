package io.mllifecycle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.Stage;
import io.mllifecycle.store.memory.InMemoryStore;
import org.junit.jupiter.api.Test;

class RegistryExampleTest {

    @Test
    void run_gateFailsThenPasses_championMovesAndAuditVerifies() {
        InMemoryStore store = new InMemoryStore();
        String out = RegistryExample.run(store);
        assertThat(out).contains("v1 serves as champion: churn-classifier/1")
                .contains("gate refused v2: churn-classifier/2 may not move to STAGING: metric 'auc' was 0.83, fails the bound ≥ 0.85")
                .contains("champion moved to: churn-classifier/3")
                .contains("v4 approved by risk-lead: PRODUCTION")
                .contains("verified against the checkpoint: true")
                .contains("gc freed 0 blobs")
                .contains("audit trail intact")
                .contains("# Model card: churn-classifier/3")
                .contains("Trained on EU customers only");
        assertThat(store.registry().getVersion("churn-classifier", 1).stage()).isEqualTo(Stage.DEPRECATED);
        assertThat(store.registry().getVersion("churn-classifier", 2).gateReports()).hasSize(1);
        assertThat(store.registry().getModel("churn-classifier").aliases()).containsEntry("champion", 3);
    }
}
