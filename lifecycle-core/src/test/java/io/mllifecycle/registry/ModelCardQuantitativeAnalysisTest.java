package io.mllifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.store.Stage;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 17: the model card's quantitative analysis shows per-group rates with counts. */
class ModelCardQuantitativeAnalysisTest {
    private final RegistryFixture fx = new RegistryFixture();

    // by hand: group a: labels 1 1 0 0, predicted 1 0 1 0 → selection 1/2, TPR 1/2, FPR 1/2
    //          group b: labels 1 0 0 0, predicted 1 0 0 0 → selection 1/4, TPR 1,   FPR 0
    //          group c: labels 0 0,     predicted 1 0     → selection 1/2, TPR undefined (no positives), FPR 1/2
    private static final double[] SCORES = {0.9, 0.2, 0.8, 0.1, 0.9, 0.1, 0.1, 0.1, 0.7, 0.3};
    private static final double[] LABELS = {1, 1, 0, 0, 1, 0, 0, 0, 0, 0};
    private static final String[] GROUPS = {"a", "a", "a", "a", "b", "b", "b", "b", "c", "c"};

    @Test
    void fairnessGateEvidence_andRunGroupMetrics_becomeTablesWithCounts() throws Exception {
        String runId;
        try (Run run = fx.lifecycle.experiment("e").startRun()) {
            run.logMetrics(Map.of("accuracy/female", 0.91, "accuracy/male", 0.88, "count/female", 400.0,
                    "count/male", 600.0, "val/loss", 0.3), 1);
            run.logArtifact("model.bin", "w".getBytes(StandardCharsets.UTF_8));
            runId = run.id();
        }
        ModelVersion v = fx.lifecycle.models().register("churn", runId, "model.bin", s -> { });
        try {
            v.promote(Stage.STAGING, Gates.fairness(SCORES, LABELS, GROUPS, 0.5,
                    Map.of("demographic_parity_difference", 0.2)));
        } catch (GateFailedException expected) {
            // 0.5 − 0.25 = 0.25 > 0.2: the evidence is kept all the same
        }
        String md = v.modelCard().toMarkdown();
        assertThat(md).contains("## Quantitative analysis")
                .contains("| group | rows | positives | selection rate | true positive rate | false positive rate |")
                .contains("| a | 4 | 2 | 0.5 | 0.5 | 0.5 |")
                .contains("| b | 4 | 1 | 0.25 | 1 | 0 |")
                .contains("| c | 2 | 0 | 0.5 | undefined | 0.5 |")
                .contains("Disparities: demographic_parity_difference=0.25")
                .contains("failed)")
                .contains("| group | accuracy | count |")
                .contains("| female | 0.91 | 400 |").contains("| male | 0.88 | 600 |")
                .doesNotContain("| loss |");
        assertThat(md.indexOf("## Quantitative analysis")).isLessThan(md.indexOf("## Gate evidence"));
        assertThat(v.modelCard().fairnessEvaluations()).singleElement().satisfies(e -> {
            assertThat(e.passed()).isFalse();
            assertThat(e.groups()).extracting(ModelCard.GroupRow::group).containsExactly("a", "b", "c");
            ModelCard.GroupRow c = e.groups().get(2);
            assertThat(c.rows()).isEqualTo(2);
            assertThat(c.positives()).isZero();
            assertThat(c.selectionRate()).isEqualTo(0.5);
            assertThat(c.truePositiveRate()).isEmpty();
            assertThat(c.falsePositiveRate()).hasValue(0.5);
        });
        JsonNode qa = new ObjectMapper().readTree(v.modelCard().toJson()).get("quantitativeAnalysis");
        JsonNode groups = qa.get("fairnessGates").get(0).get("groups");
        assertThat(groups).hasSize(3);
        assertThat(groups.get(2).get("group").asText()).isEqualTo("c");
        assertThat(groups.get(2).get("rows").asLong()).isEqualTo(2);
        assertThat(groups.get(2).get("positives").asLong()).isZero();
        assertThat(groups.get(2).has("true_positive_rate")).isFalse();
        assertThat(groups.get(1).get("true_positive_rate").asDouble()).isEqualTo(1.0);
        assertThat(qa.get("runGroupMetrics").get("accuracy").get("female").asDouble()).isEqualTo(0.91);
        assertThat(qa.get("runGroupMetrics").has("val")).isFalse();
    }

    @Test
    void withoutEvaluation_theSectionSaysHowToGetOne() {
        ModelVersion v = fx.register("plain", Map.of("auc", 0.9));
        assertThat(v.modelCard().toMarkdown()).contains("## Quantitative analysis").contains("_No per-group evaluation");
    }

    @Test
    void groupNamesWithQuotesAndBrackets_surviveTheStoredEvidence() throws Exception {
        String runId;
        try (Run run = fx.lifecycle.experiment("e").startRun()) {
            run.logArtifact("model.bin", "w".getBytes(StandardCharsets.UTF_8));
            runId = run.id();
        }
        ModelVersion v = fx.lifecycle.models().register("q", runId, "model.bin", s -> { });
        v.promote(Stage.STAGING, Gates.fairness(new double[] {0.9, 0.1, 0.9, 0.1}, new double[] {1, 0, 1, 0},
                new String[] {"o'brien [x]", "o'brien [x]", "b|c", "b|c"}, 0.5, Map.of("demographic_parity_difference", 0.5)));
        JsonNode groups = new ObjectMapper().readTree(v.modelCard().toJson()).get("quantitativeAnalysis")
                .get("fairnessGates").get(0).get("groups");
        assertThat(groups).extracting(g -> g.get("group").asText()).containsExactly("b|c", "o'brien [x]");
        assertThat(v.modelCard().toMarkdown()).contains("| b\\|c | 2 | 1 | 0.5 | 1 | 0 |");
    }
}
