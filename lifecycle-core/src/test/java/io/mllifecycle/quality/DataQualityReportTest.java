package io.mllifecycle.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a person reads: the text, the Markdown and the JSON of a report. */
class DataQualityReportTest {
    static Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("age", new double[] {30, 140, Double.NaN, 41});
        m.put("country", new String[] {"DE", "FR", "X|Y", "DE"});
        return m;
    }

    static DataQualitySuite suite() {
        return DataQualitySuite.builder("training")
                .range("age range", "age", 0, 120)
                .categories("known country", "country", Set.of("DE", "FR"))
                .rowCount("rows", 1, 100)
                .build();
    }

    @Test
    void text_summaryThenFailuresWithExamplesThenPasses() {
        DataQualityReport r = suite().evaluate(data());
        assertThat(r.passed()).isFalse();
        assertThat(r.toString()).isEqualTo("""
                data quality 'training' over 4 rows: 2 of 3 expectations failed (age range, known country)
                ✗ age range: observed 1 of 3 values outside [0, 120] (min 30, max 140); expected all values of 'age' in [0, 120]
                    row 1: age=140
                ✗ known country: observed 1 of 4 values not allowed: 'X|Y' ×1; expected all values of 'country' in {'DE', 'FR'}
                    row 2: country='X|Y'
                ✓ rows: observed 4 rows; expected between 1 and 100 rows""");
    }

    @Test
    void markdown_tableOfEveryExpectation_pipesEscaped() {
        String md = suite().evaluate(data()).toMarkdown();
        assertThat(md).startsWith("### Data quality: training\n\n")
                .contains("| ✗ | known country | 1 of 4 values not allowed: 'X\\|Y' ×1 | all values of 'country' in"
                        + " {'DE', 'FR'} |\n")
                .contains("| ✓ | rows | 4 rows | between 1 and 100 rows |\n")
                .contains("**age range**, example rows:\n\n- row 1: age=140\n");
    }

    @Test
    void json_holdsEveryResultAndExampleValues() throws Exception {
        JsonNode json = new ObjectMapper().readTree(DataQualitySuite.builder("s")
                .completeness("c", "age", 1).build().evaluate(data()).toJson());
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("rows").asLong()).isEqualTo(4);
        JsonNode result = json.get("results").get(0);
        assertThat(result.get("unexpected").asLong()).isEqualTo(1);
        assertThat(result.get("examples").get(0).get("row").asInt()).isEqualTo(2);
        assertThat(result.get("examples").get(0).get("values").get("age").isNull()).isTrue();
    }

    @Test
    void allPassing_summarySaysSo() {
        DataQualityReport r = DataQualitySuite.builder("s").rowCount("rows", 4, 4).build().evaluate(data());
        assertThat(r.passed()).isTrue();
        assertThat(r.failures()).isEmpty();
        assertThat(r.summary()).isEqualTo("data quality 's' over 4 rows: all 1 expectations passed");
    }
}
