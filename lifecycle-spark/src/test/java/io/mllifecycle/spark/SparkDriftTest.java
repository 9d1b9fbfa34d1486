package io.mllifecycle.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.drift.BinKind;
import io.mllifecycle.drift.ColumnReport;
import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.drift.Table;
import io.mllifecycle.drift.Verdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SparkDriftTest {

    static TestData reference;
    static Map<String, ReferenceProfile> profiles;

    @BeforeAll
    static void fit() {
        reference = new TestData(4000, 1, 0.0, 0.0);
        profiles = SparkProfiles.of(reference.frame(2)).numeric("amount", "age").categorical("country").collect();
    }

    @Test
    void compare_findsTheShiftedColumnsAndOnlyThem() {
        TestData shifted = new TestData(3000, 2, 1.5, 0.3);   // amount +1.5, 30% of countries moved to "pt"
        DriftReport report = SparkDrift.compare(profiles, shifted.frame(3));

        assertThat(verdict(report, "amount")).isEqualTo(Verdict.DRIFT);
        assertThat(verdict(report, "country")).isEqualTo(Verdict.DRIFT);
        assertThat(verdict(report, "age")).isEqualTo(Verdict.NO_DRIFT);
        assertThat(report.verdict()).isEqualTo(Verdict.DRIFT);

        DriftReport same = SparkDrift.compare(profiles, new TestData(3000, 3, 0.0, 0.0).frame(2));
        assertThat(same.verdict()).isEqualTo(Verdict.NO_DRIFT);
    }

    @Test
    void compare_returnsTheReportTheDetectorReturnsOnTheSameValues() {
        TestData current = new TestData(2500, 4, 0.2, 0.05);
        DriftDetector detector = DriftDetector.builder().parallelism(1).build();
        DriftReport onSpark = SparkDrift.compare(profiles, current.frame(4), detector);
        DriftReport inJvm = detector.compare(profiles, Table.builder().numeric("amount", current.amount)
                .numeric("age", current.age).categorical("country", current.country).build());
        // records hold arrays (compared by content) and NaN (equal to itself, bit for bit)
        assertThat(onSpark).usingRecursiveComparison()
                .withEqualsForType((a, b) -> Double.doubleToLongBits(a) == Double.doubleToLongBits(b), Double.class)
                .isEqualTo(inJvm);
    }

    @Test
    void compare_readsOnlyProfiledColumnsAndCastsNumericOnes() {
        Dataset<Row> current = new TestData(500, 5, 0.0, 0.0).frame(1)
                .withColumn("age", functions.col("age").cast("long")).withColumn("extra", functions.lit("x"));
        DriftReport report = SparkDrift.compare(Map.of("age", profiles.get("age")), current);
        assertThat(report.columns()).extracting(ColumnReport::column).containsExactly("age");
    }

    @Test
    void compare_countsCategoriesACappedProfileDoesNotListAsOther() {
        Map<String, ReferenceProfile> capped = SparkProfiles.of(reference.frame(2)).categorical("country")
                .maxCategories(4).collect();
        DriftReport report = SparkDrift.compare(capped, new TestData(3000, 6, 0.0, 0.0).frame(2));
        // the folded rare countries land in "other" on both sides: no drift, nothing unseen
        assertThat(verdict(report, "country")).isEqualTo(Verdict.NO_DRIFT);
        assertThat(report.columns().get(0).psi().bins()).noneMatch(b -> b.kind() == BinKind.UNSEEN && b.currentCount() > 0);
    }

    @Test
    void badInput_missingColumnWrongTypeEmptyAndNulls() {
        Dataset<Row> current = new TestData(100, 7, 0.0, 0.0).frame(1);
        assertThatThrownBy(() -> SparkDrift.compare(profiles, current.drop("age")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current has no column 'age'; its columns are [amount, country, day]");
        Dataset<Row> ageAsString = current.withColumn("age", functions.col("age").cast("string"));
        assertThatThrownBy(() -> SparkDrift.compare(profiles, ageAsString))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numeric column 'age' of current must be of a numeric type")
                .hasMessageContaining("but is string");
        Dataset<Row> empty = current.limit(0);
        assertThatThrownBy(() -> SparkDrift.compare(profiles, empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current must have at least one row to compare with the profiles of "
                        + "[amount, age, country], but has none");
        assertThatThrownBy(() -> SparkDrift.compare(null, current)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profiles must not be null");
        assertThatThrownBy(() -> SparkDrift.compare(Map.of(), current)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one column");
        assertThatThrownBy(() -> SparkDrift.compare(profiles, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("current must not be null");
        assertThatThrownBy(() -> SparkDrift.compare(profiles, current, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("detector must not be null");
        Map<String, ReferenceProfile> withNull = new HashMap<>();
        withNull.put("age", null);
        assertThatThrownBy(() -> SparkDrift.compare(withNull, current)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profile of column 'age' must not be null");
    }

    private static Verdict verdict(DriftReport report, String column) {
        List<ColumnReport> matching = report.columns().stream().filter(c -> c.column().equals(column)).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0).verdict();
    }
}
