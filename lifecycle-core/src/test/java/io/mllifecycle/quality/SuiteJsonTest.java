package io.mllifecycle.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.drift.ColumnType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON form: a round trip keeps every expectation, and a document with several errors reports all of them. */
class SuiteJsonTest {
    private static final Predicate<DataRow> POSITIVE = row -> row.number("income") > 0;

    static DataQualitySuite full() {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        types.put("age", ColumnType.NUMERIC);
        types.put("country", ColumnType.CATEGORICAL);
        return DataQualitySuite.builder("churn-training").examples(3)
                .schemaExactly("schema", types)
                .completeness("age present", "age", 0.95)
                .range("age range", "age", 0, 120)
                .range("income floor", "income", 0, Double.POSITIVE_INFINITY, 0.99)
                .categories("known country", "country", Set.of("DE", "FR"), 0.9)
                .unique("one row per customer", "customer_id", "country")
                .rowCount("enough rows", 100, Long.MAX_VALUE)
                .predicate("income positive", "positive_income", POSITIVE, 1)
                .build();
    }

    @Test
    void roundTrip_keepsEveryExpectationInOrder() {
        DataQualitySuite suite = full();
        String json = suite.toJson();
        DataQualitySuite back = DataQualitySuite.fromJson("test", json, Map.of("positive_income", POSITIVE));
        assertThat(back).isEqualTo(suite);
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(back.maxExamples()).isEqualTo(3);
        assertThat(json).contains("{\"name\":\"income floor\",\"kind\":\"range\",\"column\":\"income\",\"min\":0.0,"
                + "\"mostly\":0.99}").contains("{\"name\":\"enough rows\",\"kind\":\"row_count\",\"min\":100}");
    }

    @Test
    void fromFile_readsTheDocument(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("suite.json");
        Files.writeString(file, "{\"suite\":\"s\",\"expectations\":[{\"name\":\"rows\",\"kind\":\"row_count\","
                + "\"min\":1,\"max\":10}]}");
        DataQualitySuite s = DataQualitySuite.fromFile(file, Map.of());
        assertThat(s.expectations()).containsExactly(new Expectation.RowCount("rows", 1, 10));
        assertThat(s.maxExamples()).isEqualTo(DataQualitySuite.DEFAULT_EXAMPLES);
    }

    @Test
    void documentWithSeveralErrors_reportsEveryOneWithPathAndValue() {
        String json = """
                {"suite": "s", "examples": -2, "owner": "me", "expectations": [
                  {"name": "a", "kind": "range", "column": "age", "min": 10, "max": 1},
                  {"name": "b", "kind": "completeness", "column": "age", "atLeast": "high"},
                  {"name": "c", "kind": "categories", "column": "c", "allowed": ["x", 3], "mostli": 0.5},
                  {"name": "d", "kind": "uniqueness", "columns": ["id"]},
                  {"name": "e", "kind": "predicate", "predicate": "nope"},
                  {"name": "a", "kind": "row_count", "min": 1},
                  {"kind": "schema", "columns": {"age": "INTEGER"}},
                  {"name": "h", "kind": "range", "column": "x"}
                ]}""";
        assertThatThrownBy(() -> DataQualitySuite.fromJson("suite.json", json, Map.of("positive", POSITIVE)))
                .isInstanceOfSatisfying(DataQualitySuiteException.class, e -> {
                    assertThat(e.errors()).containsExactly(
                            "owner: unknown field (expected suite, examples, expectations)",
                            "examples must be an integer in [0, 1000], but was -2",
                            "expectations[0]: bounds of 'a' must be ordered (min ≤ max), not NaN, min < ∞, max > -∞"
                                    + " and not both infinite, but were [10.0, 1.0]",
                            "expectations[1].atLeast must be a number, but was \"high\"",
                            "expectations[2].mostli: unknown field for kind 'categories' (expected [allowed, column,"
                                    + " mostly])",
                            "expectations[2].allowed[1] must be a string, but was 3",
                            "expectations[3].kind must be one of [categories, completeness, predicate, range,"
                                    + " row_count, schema, unique], but was \"uniqueness\"",
                            "expectations[4].predicate: 'nope' is not among the predicates given to the loader"
                                    + " [positive]",
                            "expectations[5].name: 'a' is used by an earlier expectation; names must be unique",
                            "expectations[6].name must be a non-blank string, but was missing",
                            "expectations[6].columns.age must be one of [NUMERIC, CATEGORICAL], but was \"INTEGER\"",
                            "expectations[7]: a range needs min, max or both, but had neither");
                    assertThat(e.getMessage()).startsWith("suite.json has 12 errors:\n  - owner: unknown field");
                });
    }

    @Test
    void notJson_orNotAnObject_isOneError() {
        assertThatThrownBy(() -> DataQualitySuite.fromJson("{\"suite\": "))
                .isInstanceOfSatisfying(DataQualitySuiteException.class,
                        e -> assertThat(e.errors()).singleElement().asString().startsWith("not valid JSON"));
        assertThatThrownBy(() -> DataQualitySuite.fromJson("[1]"))
                .isInstanceOfSatisfying(DataQualitySuiteException.class, e -> assertThat(e.errors())
                        .containsExactly("the document must be an object with 'suite' and 'expectations', but was"
                                + " ARRAY"));
        assertThatThrownBy(() -> DataQualitySuite.fromJson("{\"suite\":\" \",\"expectations\":[]}"))
                .isInstanceOfSatisfying(DataQualitySuiteException.class, e -> assertThat(e.errors()).containsExactly(
                        "suite must be a non-blank string, but was \" \"",
                        "expectations must be a non-empty array, but was []"));
    }
}
