package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.OrderBy;
import io.mllifecycle.store.RunFilter;
import io.mllifecycle.store.RunQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSearchTranslatorTest {
    @Test
    void translate_usesTheSearchLanguage() {
        String filter = "params.depth = '6' AND tags.`team name` = \"risk\" and metrics.auc >= 0.8"
                + " and attributes.status = 'FINISHED' and tags.team LIKE 'ri%' and params.lr IN ('0.1', '0.2')";
        RunQuery q = RunSearchTranslator.translate("e1", filter, List.of("metrics.auc DESC", "params.depth"), 50, null);
        assertThat(q.experimentIds()).containsExactly("e1");
        assertThat(q.filter()).isEqualTo(RunFilter.parse(filter));
        assertThat(q.orderBy()).isEqualTo(List.of(OrderBy.parse("metrics.auc DESC").get(0),
                OrderBy.parse("params.depth").get(0)));
        assertThat(q.pageSize()).isEqualTo(50);
    }

    @Test
    void translate_emptyFilterAndNoOrder() {
        RunQuery q = RunSearchTranslator.translate("e1", "", List.of(), 10, null);
        assertThat(q.filter().clauses()).isEmpty();
        assertThat(q.orderBy()).isEmpty();
    }

    @Test
    void translate_badExpressions_areInvalidParameterWithThePosition() {
        for (String filter : List.of("metrics.auc", "tags.a = 'x' OR tags.b = 'y'", "metrics.auc LIKE 'x%'",
                "attributes.colour = 'red'")) {
            assertThatThrownBy(() -> RunSearchTranslator.translate("e1", filter, List.of(), 10, null))
                    .as(filter).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).code).isEqualTo(ApiException.Code.INVALID_PARAMETER_VALUE))
                    .hasMessageContaining("Invalid search expression");
        }
        assertThatThrownBy(() -> RunSearchTranslator.translate("e1", "metrics.auc", List.of(), 10, null))
                .hasMessageContaining("expected a comparison after 'metrics.auc' at 11");
    }
}
