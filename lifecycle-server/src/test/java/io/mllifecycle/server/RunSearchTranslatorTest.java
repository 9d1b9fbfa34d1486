package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.MetricFilter;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSearchTranslatorTest {
    @Test
    void translate_equalitiesThresholdsStatusAndOrder() {
        RunQuery q = RunSearchTranslator.translate("e1", "params.depth = '6' AND tags.`team name` = \"risk\""
                + " and metrics.auc >= 0.8 and attributes.status = 'FINISHED'", List.of("metrics.auc DESC"), 50, null);
        assertThat(q.experimentId()).isEqualTo("e1");
        assertThat(q.params()).containsEntry("depth", "6");
        assertThat(q.tags()).containsEntry("team name", "risk");
        assertThat(q.metrics()).containsExactly(new MetricFilter("auc", MetricFilter.Comparison.AT_LEAST, 0.8));
        assertThat(q.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(q.orderByMetric()).isEqualTo("auc");
        assertThat(q.ascending()).isFalse();
        assertThat(q.pageSize()).isEqualTo(50);
    }

    @Test
    void translate_emptyFilterAndAscendingOrder() {
        RunQuery q = RunSearchTranslator.translate("e1", "", List.of("metrics.loss"), 10, null);
        assertThat(q.params()).isEmpty();
        assertThat(q.ascending()).isTrue();
    }

    @Test
    void translate_unsupportedClausesNameThemselves() {
        for (String filter : List.of("params.depth != '6'", "params.depth LIKE '6%'", "tags.a = 'x' OR tags.b = 'y'",
                "metrics.auc > 'high'", "attributes.run_name = 'x'", "datasets.name = 'd'")) {
            assertThatThrownBy(() -> RunSearchTranslator.translate("e1", filter, List.of(), 10, null))
                    .as(filter).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).code).isEqualTo(ApiException.Code.INVALID_PARAMETER_VALUE));
        }
        assertThatThrownBy(() -> RunSearchTranslator.translate("e1", "", List.of("params.depth"), 10, null))
                .hasMessageContaining("params.depth");
        assertThatThrownBy(() -> RunSearchTranslator.translate("e1", "", List.of("metrics.a", "metrics.b"), 10, null))
                .hasMessageContaining("one metric");
    }
}
