package io.mllifecycle.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.drift.ColumnType;
import io.mllifecycle.drift.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each expectation at the boundary of its bound, with missing values, absent columns and wrong types. */
class ExpectationsTest {
    private static final double NaN = Double.NaN;

    private static ExpectationResult one(DataQualitySuite.Builder b, Map<String, ?> data) {
        DataQualityReport report = b.build().evaluate(data);
        assertThat(report.results()).hasSize(1);
        return report.results().get(0);
    }

    private static DataQualitySuite.Builder suite() {
        return DataQualitySuite.builder("t");
    }

    private static Map<String, Object> cols(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Nested
    @DisplayName("schema")
    class SchemaTests {
        @Test
        void schema_matchingColumnsAndTypes_passes_extraColumnsAllowedUnlessExact() {
            Map<String, ?> data = cols("age", new double[] {1}, "country", new String[] {"DE"}, "extra", new double[] {2});
            Map<String, ColumnType> types = new LinkedHashMap<>();
            types.put("age", ColumnType.NUMERIC);
            types.put("country", ColumnType.CATEGORICAL);
            assertThat(one(suite().schema("s", types), data).passed()).isTrue();
            ExpectationResult exact = one(suite().schemaExactly("s", types), data);
            assertThat(exact.passed()).isFalse();
            assertThat(exact.observed()).isEqualTo("unexpected columns [extra]");
        }

        @Test
        void schema_missingColumnAndWrongType_bothNamed() {
            Map<String, ColumnType> types = new LinkedHashMap<>();
            types.put("age", ColumnType.CATEGORICAL);
            types.put("income", ColumnType.NUMERIC);
            ExpectationResult r = one(suite().schema("s", types), cols("age", new double[] {1}));
            assertThat(r.passed()).isFalse();
            assertThat(r.observed()).isEqualTo("missing columns [income]; 'age' is NUMERIC, not CATEGORICAL");
            assertThat(r.expected()).isEqualTo("columns 'age' CATEGORICAL, 'income' NUMERIC");
            assertThat(r.unexpected()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("completeness")
    class CompletenessTests {
        @Test
        void completeness_atTheBound_passes_justBelow_fails() {
            double[] age = {1, 2, 3, 4, 5, 6, 7, 8, 9, NaN}; // 9 of 10 present
            assertThat(one(suite().completeness("c", "age", 0.9), cols("age", age)).passed()).isTrue();
            ExpectationResult r = one(suite().completeness("c", "age", 0.91), cols("age", age));
            assertThat(r.passed()).isFalse();
            assertThat(r.observed()).isEqualTo("0.9 (9 of 10 present, 1 missing)");
            assertThat(r.expected()).isEqualTo("share of non-missing values of 'age' ≥ 0.91");
            assertThat(r.examples()).singleElement().satisfies(e -> {
                assertThat(e.row()).isEqualTo(9);
                assertThat((Double) e.values().get("age")).isNaN();
            });
        }

        @Test
        void completeness_categoricalNullIsMissing_emptyStringIsAValue() {
            String[] c = {"a", "", null, null};
            ExpectationResult r = one(suite().completeness("c", "c", 0.5), cols("c", c));
            assertThat(r.passed()).isTrue();
            assertThat(r.unexpected()).isEqualTo(2);
            assertThat(one(suite().completeness("c", "c", 0.51), cols("c", c)).passed()).isFalse();
        }

        @Test
        void completeness_noRows_passes() {
            ExpectationResult r = one(suite().completeness("c", "age", 1), cols("age", new double[0]));
            assertThat(r.passed()).isTrue();
            assertThat(r.observed()).isEqualTo("no rows");
        }
    }

    @Nested
    @DisplayName("range")
    class RangeTests {
        @Test
        void range_boundsAreInclusive() {
            assertThat(one(suite().range("r", "x", 0, 120), cols("x", new double[] {0, 60, 120})).passed()).isTrue();
            ExpectationResult below = one(suite().range("r", "x", 0, 120), cols("x", new double[] {-0.001, 60, 120}));
            assertThat(below.passed()).isFalse();
            ExpectationResult above = one(suite().range("r", "x", 0, 120), cols("x", new double[] {0, 120.5, 7}));
            assertThat(above.passed()).isFalse();
            assertThat(above.observed()).isEqualTo("1 of 3 values outside [0, 120] (min 0, max 120.5)");
            assertThat(above.examples()).singleElement().hasToString("row 1: x=120.5");
        }

        @Test
        void range_missingValuesSkipped_infinityIsAValue() {
            ExpectationResult r = one(suite().range("r", "x", 0, 1), cols("x", new double[] {NaN, 0.5, NaN}));
            assertThat(r.passed()).isTrue();
            assertThat(r.checked()).isEqualTo(1);
            ExpectationResult inf = one(suite().range("r", "x", 0, 1), cols("x", new double[] {Double.POSITIVE_INFINITY}));
            assertThat(inf.passed()).isFalse();
            assertThat(one(suite().range("r", "x", 0, 1), cols("x", new double[] {NaN, NaN})).observed())
                    .isEqualTo("no non-missing values");
        }

        @Test
        void range_oneSidedBound() {
            ExpectationResult r = one(suite().range("r", "x", 0, Double.POSITIVE_INFINITY),
                    cols("x", new double[] {1e300, -1}));
            assertThat(r.passed()).isFalse();
            assertThat(r.expected()).isEqualTo("all values of 'x' ≥ 0");
        }

        @Test
        void range_mostly_atTheShare_passes_belowIt_fails() {
            double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 99}; // 9 of 10 inside
            assertThat(one(suite().range("r", "x", 0, 10, 0.9), cols("x", x)).passed()).isTrue();
            ExpectationResult r = one(suite().range("r", "x", 0, 10, 0.95), cols("x", x));
            assertThat(r.passed()).isFalse();
            assertThat(r.expected()).isEqualTo("at least 0.95 of values of 'x' in [0, 10]");
        }

        @Test
        void range_onCategoricalColumn_failsNamingTheType() {
            ExpectationResult r = one(suite().range("r", "c", 0, 1), cols("c", new String[] {"a"}));
            assertThat(r.passed()).isFalse();
            assertThat(r.observed()).isEqualTo("column 'c' is CATEGORICAL");
            assertThat(r.expected()).endsWith("(a NUMERIC column)");
        }
    }

    @Nested
    @DisplayName("categories")
    class CategoriesTests {
        @Test
        void categories_allowedPass_othersCountedByValue_nullSkipped() {
            String[] c = {"DE", "FR", null, "XX", "XX", "de"};
            assertThat(one(suite().categories("k", "c", Set.of("DE", "FR")), cols("c", new String[] {"DE", null}))
                    .passed()).isTrue();
            ExpectationResult r = one(suite().categories("k", "c", Set.of("DE", "FR")), cols("c", c));
            assertThat(r.passed()).isFalse();
            assertThat(r.checked()).isEqualTo(5);
            assertThat(r.unexpected()).isEqualTo(3);
            assertThat(r.observed()).isEqualTo("3 of 5 values not allowed: 'XX' ×2, 'de' ×1");
            assertThat(r.examples()).extracting(OffendingRow::row).containsExactly(3, 4, 5);
        }

        @Test
        void categories_mostlyBoundary() {
            String[] c = {"a", "a", "a", "b"}; // 3 of 4 allowed
            assertThat(one(suite().categories("k", "c", Set.of("a"), 0.75), cols("c", c)).passed()).isTrue();
            assertThat(one(suite().categories("k", "c", Set.of("a"), 0.76), cols("c", c)).passed()).isFalse();
        }

        @Test
        void categories_onNumericColumn_fails() {
            ExpectationResult r = one(suite().categories("k", "x", Set.of("1")), cols("x", new double[] {1}));
            assertThat(r.passed()).isFalse();
            assertThat(r.observed()).isEqualTo("column 'x' is NUMERIC");
        }
    }

    @Nested
    @DisplayName("uniqueness")
    class UniqueTests {
        @Test
        void unique_singleColumn_duplicatesNamedWithTheFirstRow() {
            assertThat(one(suite().unique("u", "id"), cols("id", new String[] {"a", "b", "c"})).passed()).isTrue();
            ExpectationResult r = one(suite().unique("u", "id"), cols("id", new String[] {"a", "b", "a", "a"}));
            assertThat(r.passed()).isFalse();
            assertThat(r.observed()).isEqualTo("2 duplicate(s) among 4 keyed rows (2 distinct keys)");
            assertThat(r.examples()).extracting(OffendingRow::toString)
                    .containsExactly("row 2: id='a' (same key as row 0)", "row 3: id='a' (same key as row 0)");
        }

        @Test
        void unique_compoundKey_andMissingPartsNotCompared() {
            Map<String, ?> data = cols("a", new String[] {"x", "x", "y", null, null},
                    "b", new double[] {1, 2, 1, 1, 1});
            assertThat(one(suite().unique("u", "a", "b"), data).passed()).isTrue();
            ExpectationResult r = one(suite().unique("u", "a", "b"), cols("a", new String[] {"x", "x"},
                    "b", new double[] {0.0, -0.0}));
            assertThat(r.passed()).as("-0.0 and 0.0 are one key").isFalse();
            ExpectationResult nan = one(suite().unique("u", "b"), cols("b", new double[] {NaN, NaN}));
            assertThat(nan.passed()).isTrue();
            assertThat(nan.observed()).isEqualTo("no rows with a complete key");
        }
    }

    @Nested
    @DisplayName("row count")
    class RowCountTests {
        @Test
        void rowCount_inclusiveBounds() {
            Map<String, ?> three = cols("x", new double[] {1, 2, 3});
            assertThat(one(suite().rowCount("n", 3, 3), three).passed()).isTrue();
            assertThat(one(suite().rowCount("n", 4, 10), three).passed()).isFalse();
            ExpectationResult r = one(suite().rowCount("n", 0, 2), three);
            assertThat(r.passed()).isFalse();
            assertThat(r.observed()).isEqualTo("3 rows");
            assertThat(r.expected()).isEqualTo("between 0 and 2 rows");
        }
    }

    @Nested
    @DisplayName("custom predicates")
    class PredicateTests {
        @Test
        void predicate_failingRowsWithAllValues_andAThrowingPredicateCountsAsFailing() {
            Map<String, ?> data = cols("income", new double[] {10, -1, NaN}, "country", new String[] {"DE", "FR", null});
            ExpectationResult r = one(suite().predicate("income positive", row -> row.number("income") > 0), data);
            assertThat(r.passed()).isFalse();
            assertThat(r.unexpected()).isEqualTo(2);
            assertThat(r.examples()).extracting(OffendingRow::toString)
                    .containsExactly("row 1: income=-1, country='FR'", "row 2: income=NaN, country=null");
            ExpectationResult missingOk = one(suite().predicate("p", "p",
                    row -> row.missing("income") || row.number("income") > 0, 0.6), data);
            assertThat(missingOk.passed()).as("2 of 3 rows pass ≥ 0.6").isTrue();
            ExpectationResult absent = one(suite().predicate("q", row -> row.number("salary") > 0), data);
            assertThat(absent.passed()).isFalse();
            assertThat(absent.observed()).startsWith("3 of 3 rows fail (row 0 threw IllegalArgumentException: column"
                    + " 'salary' does not exist");
        }
    }

    @Nested
    @DisplayName("columns the data does not have")
    class AbsentColumns {
        @Test
        void absentColumn_isAFailingExpectationThatSaysSo_andOthersStillEvaluate() {
            DataQualityReport report = suite().completeness("c", "age", 1).range("r", "agee", 0, 1)
                    .unique("u", "id", "nope").categories("k", "missing", Set.of("a")).build()
                    .evaluate(cols("age", new double[] {1}, "id", new String[] {"x"}));
            assertThat(report.failures()).extracting(ExpectationResult::name).containsExactly("r", "u", "k");
            assertThat(report.result("r").orElseThrow().observed())
                    .isEqualTo("column 'agee' does not exist in the data (its columns are [age, id])");
            assertThat(report.result("u").orElseThrow().observed()).startsWith("column 'nope' does not exist");
            assertThat(report.result("c").orElseThrow().passed()).isTrue();
        }
    }

    @Nested
    @DisplayName("evaluation")
    class EvaluationTests {
        @Test
        void onePass_predicateSeesEachRowOnce_andExamplesAreCapped() {
            AtomicInteger calls = new AtomicInteger();
            double[] x = new double[100];
            java.util.Arrays.fill(x, -1);
            DataQualityReport report = suite().examples(3).range("r", "x", 0, 1)
                    .predicate("p", row -> calls.incrementAndGet() < 0).build().evaluate(cols("x", x));
            assertThat(calls.get()).isEqualTo(100);
            assertThat(report.result("r").orElseThrow().examples()).hasSize(3);
            assertThat(report.result("r").orElseThrow().unexpected()).isEqualTo(100);
            assertThat(report.result("p").orElseThrow().examples()).extracting(OffendingRow::row).containsExactly(0, 1, 2);
        }

        @Test
        void defaultExampleLimitIsFive() {
            double[] x = new double[20];
            java.util.Arrays.fill(x, 5);
            ExpectationResult r = one(suite().range("r", "x", 0, 1), cols("x", x));
            assertThat(r.examples()).hasSize(DataQualitySuite.DEFAULT_EXAMPLES);
        }

        @Test
        void columnsOfUnequalLength_areRejectedNamingBoth() {
            DataQualitySuite s = suite().rowCount("n", 0, 10).build();
            assertThatThrownBy(() -> s.evaluate(Table.of(cols("a", new double[] {1, 2}, "b", new String[] {"x"}))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("data must have columns of equal length, but column 'b' has 1 values and 'a' has 2");
        }
    }

    @Nested
    @DisplayName("bad configuration")
    class BadConfiguration {
        @Test
        void badArguments_nameTheArgumentAndTheValue() {
            assertThatThrownBy(() -> suite().range("r", "x", 2, 1)).hasMessage("bounds of 'r' must be ordered"
                    + " (min ≤ max), not NaN, min < ∞, max > -∞ and not both infinite, but were [2.0, 1.0]");
            assertThatThrownBy(() -> suite().range("r", "x", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY))
                    .hasMessageContaining("but were [Infinity, Infinity]");
            assertThatThrownBy(() -> suite().range("r", "x", NaN, 1)).hasMessageContaining("[NaN, 1.0]");
            assertThatThrownBy(() -> suite().completeness("c", "x", 1.5))
                    .hasMessage("atLeast of 'c' must be in [0, 1], but was 1.5");
            assertThatThrownBy(() -> suite().range("r", "x", 0, 1, 0))
                    .hasMessage("mostly of 'r' must be in (0, 1], but was 0.0");
            assertThatThrownBy(() -> suite().categories("k", "c", Set.of()))
                    .hasMessage("allowed of 'k' must hold at least one value, but was empty");
            assertThatThrownBy(() -> suite().unique("u", "a", "a"))
                    .hasMessage("keyColumns of 'u' must name each column once, but named 'a' twice");
            assertThatThrownBy(() -> suite().rowCount("n", 5, 4))
                    .hasMessage("row count bounds of 'n' must satisfy 0 ≤ min ≤ max, but were [5, 4]");
            assertThatThrownBy(() -> suite().rowCount("n", 0, 1).rowCount("n", 0, 2))
                    .hasMessage("suite 't' already has an expectation named 'n'; names must be unique");
            assertThatThrownBy(() -> suite().examples(-1)).hasMessage("examples must be in [0, 1000], but was -1");
            assertThatThrownBy(() -> suite().build()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("suite 't' must have at least one expectation");
        }
    }
}
