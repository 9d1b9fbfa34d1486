package io.mllifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mllifecycle.tracking.Datasets;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.Stage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineageAndCardTest {
    private final RegistryFixture fx = new RegistryFixture();

    @Test
    void lineageAndReverseLookup_andCardWithEvidence() throws Exception {
        DatasetVersion train = Datasets.columns("train").numeric("x", new double[] {1, 2, 3}).build();
        DatasetVersion other = Datasets.columns("other").numeric("x", new double[] {4}).build();
        String runId;
        try (Run run = fx.lifecycle.experiment("e").startRun(r -> r.name("depth-6"))) {
            run.logParam("depth", 6).logMetric("auc", 0.91, 1);
            run.logInput(train, DatasetRole.TRAINING);
            run.logArtifact("model.bin", "w".getBytes(StandardCharsets.UTF_8));
            runId = run.id();
        }
        ModelVersion v = fx.lifecycle.models().register("churn", runId, "model.bin",
                s -> s.card(VersionSpec.INTENDED_USE, "churn scoring").card(VersionSpec.LIMITATIONS, "EU only"));
        try {
            v.promote(Stage.STAGING, Gates.metric("auc").atLeast(0.95));
        } catch (io.mllifecycle.gate.GateFailedException expected) {
            // evidence of the failure is kept
        }
        v.promote(Stage.STAGING, Gates.metric("auc").atLeast(0.9));
        fx.lifecycle.models().model("churn").setAlias("champion", 1);

        Lineage lineage = v.lineage();
        assertThat(lineage.run().id()).isEqualTo(runId);
        assertThat(lineage.params()).containsEntry("depth", "6");
        assertThat(lineage.datasets()).containsExactly(train);
        assertThat(lineage.gatesPassed()).containsExactly("metric auc ≥ 0.9");
        assertThat(fx.lifecycle.models().versionsUsingDataset("train", train.digest())).extracting(r -> r.reference())
                .containsExactly("churn/1");
        assertThat(fx.lifecycle.models().versionsUsingDataset("other", other.digest())).isEmpty();

        ModelCard card = v.modelCard();
        String md = card.toMarkdown();
        assertThat(md).contains("# Model card: churn/1").contains("### Intended use").contains("EU only")
                .contains("**Aliases:** champion").contains(train.digest())
                .contains("✗ metric 'auc' was 0.91, fails the bound ≥ 0.95").contains("✓ metric 'auc' was 0.91, meets ≥ 0.9");
        JsonNode json = new ObjectMapper().readTree(card.toJson());
        assertThat(json.get("stage").asText()).isEqualTo("STAGING");
        assertThat(json.get("gateReports")).hasSize(2);
        assertThat(json.get("gateReports").get(0).get("passed").asBoolean()).isFalse();
        assertThat(json.get("lineage").get("datasets").get(0).get("digest").asText()).isEqualTo(train.digest());
        assertThat(json.get("card").get("limitations").asText()).isEqualTo("EU only");
    }
}
