package io.mllifecycle.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.Comparison.NumberOp;
import io.mllifecycle.store.Comparison.TextOp;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunFilterTest {

    @Nested
    @DisplayName("parsing")
    class Parsing {
        @Test
        @DisplayName("the issue's example parses into one clause per comparison")
        void parse_example() {
            RunFilter f = RunFilter.parse("metrics.auc > 0.8 and params.depth = '6' and tags.team LIKE 'risk%'"
                    + " and attributes.status = 'FINISHED'");
            assertThat(f.clauses()).containsExactly(
                    new Comparison.Numeric(RunField.metric("auc"), NumberOp.GREATER_THAN, 0.8),
                    new Comparison.Text(RunField.param("depth"), TextOp.EQUAL, "6"),
                    new Comparison.Text(RunField.tag("team"), TextOp.LIKE, "risk%"),
                    new Comparison.Text(RunField.attribute(RunAttribute.STATUS), TextOp.EQUAL, "FINISHED"));
        }

        @Test
        @DisplayName("prefix aliases, quoted keys, keywords in any case, and bare attributes")
        void parse_spellings() {
            assertThat(RunFilter.parse("metric.`val loss` <= -1e-3 AND param.\"a b\" != \"x\" aNd run.run_id IN ('r1')"
                    + " and user is not null and tag.k.sub is null and parameters.p not in ('a','b')").clauses())
                    .containsExactly(
                            new Comparison.Numeric(RunField.metric("val loss"), NumberOp.AT_MOST, -1e-3),
                            new Comparison.Text(RunField.param("a b"), TextOp.NOT_EQUAL, "x"),
                            new Comparison.In(RunField.attribute(RunAttribute.RUN_ID), false, List.of("r1")),
                            new Comparison.Presence(RunField.attribute(RunAttribute.USER), true),
                            new Comparison.Presence(RunField.tag("k.sub"), false),
                            new Comparison.In(RunField.param("p"), true, List.of("a", "b")));
            assertThat(RunFilter.parse("metrics.1_auc >= .5").clauses()).containsExactly(
                    new Comparison.Numeric(RunField.metric("1_auc"), NumberOp.AT_LEAST, 0.5));
            assertThat(RunFilter.parse("params.q = 'it''s' and params.r = \"say \"\"hi\"\"\"").clauses())
                    .containsExactly(new Comparison.Text(RunField.param("q"), TextOp.EQUAL, "it's"),
                            new Comparison.Text(RunField.param("r"), TextOp.EQUAL, "say \"hi\""));
            assertThat(RunFilter.parse("   ").clauses()).isEmpty();
        }

        @Test
        @DisplayName("toString writes the filter back so that it parses to an equal filter")
        void toString_roundTrips() {
            RunFilter f = RunFilter.parse("metrics.`val loss` < 0.25 and params.note = 'it''s' and tags.`a``b` LIKE"
                    + " 'x\\%' and status NOT IN ('FAILED', 'KILLED') and end_time IS NULL and start_time > 17");
            assertThat(f.toString()).isEqualTo("metrics.`val loss` < 0.25 and params.note = 'it''s' and tags.`a``b`"
                    + " LIKE 'x\\%' and attributes.status NOT IN ('FAILED', 'KILLED') and attributes.end_time IS NULL"
                    + " and attributes.start_time > 17.0");
            assertThat(RunFilter.parse(f.toString())).isEqualTo(f);
        }

        @Test
        @DisplayName("an order string parses into keys, ascending unless DESC")
        void orderBy_parse() {
            assertThat(OrderBy.parse("metrics.auc DESC, params.depth,start_time asc")).containsExactly(
                    OrderBy.desc(RunField.metric("auc")), OrderBy.asc(RunField.param("depth")),
                    OrderBy.asc(RunField.attribute(RunAttribute.START_TIME)));
            assertThat(OrderBy.parse("")).isEmpty();
        }
    }

    @Nested
    @DisplayName("errors name the position, show a caret and say what was expected")
    class Errors {
        @Test
        @DisplayName("a missing comparator after a field")
        void missingComparator() {
            assertThatThrownBy(() -> RunFilter.parse("metrics.auc and params.depth = '6'"))
                    .isInstanceOf(FilterSyntaxException.class)
                    .hasMessage("expected a comparison after 'metrics.auc' at 12\n"
                            + "  metrics.auc and params.depth = '6'\n"
                            + "              ^")
                    .satisfies(e -> assertThat(((FilterSyntaxException) e).position()).isEqualTo(12));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "metrics.auc LIKE '0.8'|12|LIKE does not apply to metric 'auc', which is numeric",
            "params.depth > '6'|13|> does not apply to param 'depth', which is text",
            "params.depth = 6|15|expected a quoted string after 'params.depth =' (params, tags and text attributes are strings: write '6')",
            "metrics.auc > 'high'|14|expected a number after 'metrics.auc >' (not a string)",
            "metrics.auc > 1e999|14|number 1e999 is out of range",
            "attributes.colour = 'red'|11|unknown attribute 'colour': expected one of run_id, run_name, status",
            "colour = 'red'|0|unknown attribute 'colour'",
            "metricz.auc > 1|0|unknown field type 'metricz': expected metrics, params, tags or attributes",
            "metrics.auc > 1 or metrics.auc < 0|16|'or' is not supported",
            "metrics.auc > 1 metrics.loss < 2|16|expected 'and' or the end of the filter after 'metrics.auc > 1'",
            "metrics.auc > 1 and|19|expected a comparison after 'and'",
            "params.a IN ()|13|expected a quoted string after 'params.a IN ('",
            "params.a IN ('x' 'y')|17|expected ',' or ')' in the list after 'params.a IN'",
            "params.a IN 'x'|12|expected '(' after 'params.a IN'",
            "metrics.auc IN ('1')|12|IN does not apply to metric 'auc', which is numeric",
            "params.a NOT LIKE 'x'|13|expected IN after 'params.a NOT'",
            "params.a IS EMPTY|12|expected NULL after 'params.a IS'",
            "params.a = 'open|11|expected a closing ' for the text opened",
            "params.`a = 'x'|7|expected a closing ` for the text opened",
            "tags.team LIKE 'risk\\'|20|expected an escaped character after the final '\\' of the pattern",
            "metrics.val-loss > 1|11|expected a comparison after 'metrics.val' (quote a key with other characters",
            "metrics. > 1|8|expected a key after 'metrics.'",
            "metrics > 1|7|expected '.' and a key after 'metrics'",
            "= 1|0|expected a field such as metrics.auc",
        })
        void errors(String filter, int position, String expected) {
            assertThatThrownBy(() -> RunFilter.parse(filter)).isInstanceOf(FilterSyntaxException.class)
                    .hasMessageStartingWith(expected)
                    .hasMessageContaining(" at " + position + "\n  " + filter + "\n  " + " ".repeat(position) + "^")
                    .satisfies(e -> assertThat(((FilterSyntaxException) e).input()).isEqualTo(filter));
        }

        @Test
        @DisplayName("order strings report their errors the same way")
        void orderErrors() {
            assertThatThrownBy(() -> OrderBy.parse("metrics.auc DOWN")).isInstanceOf(FilterSyntaxException.class)
                    .hasMessageStartingWith("expected ASC, DESC, ',' or the end of the order after 'metrics.auc' at 12");
            assertThatThrownBy(() -> OrderBy.parse("metrics.auc,")).isInstanceOf(FilterSyntaxException.class)
                    .hasMessageStartingWith("expected a field such as metrics.auc");
            assertThatThrownBy(() -> OrderBy.parse("attributes.size")).isInstanceOf(FilterSyntaxException.class)
                    .hasMessageStartingWith("unknown attribute 'size'");
        }

        @Test
        @DisplayName("clauses built in code are checked as strictly as parsed ones")
        void builtClauses() {
            assertThatThrownBy(() -> new Comparison.Numeric(RunField.param("depth"), NumberOp.EQUAL, 6))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("params.depth is not numeric");
            assertThatThrownBy(() -> new Comparison.Numeric(RunField.metric("auc"), NumberOp.EQUAL, Double.NaN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be finite, but was NaN");
            assertThatThrownBy(() -> new Comparison.Text(RunField.metric("auc"), TextOp.LIKE, "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics.auc is numeric");
            assertThatThrownBy(() -> new Comparison.In(RunField.param("p"), false, List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
            assertThatThrownBy(() -> new Comparison.Text(RunField.tag("t"), TextOp.LIKE, "a\\"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unescaped");
            assertThatThrownBy(() -> RunQuery.builder("e").pageSize(0).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageSize must be between 1");
        }
    }
}
