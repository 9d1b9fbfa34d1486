package io.mllifecycle.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.spark.internal.CategoryCap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparkProfilesTest {

    static final int ROWS = 6000;
    static TestData data;

    @BeforeAll
    static void data() {
        data = new TestData(ROWS, 42, 0.0, 0.0);
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 8})
    void collect_exactAndCategoricalProfilesAreBitIdenticalToOneJvm(int partitions) {
        Map<String, ReferenceProfile> profiles = SparkProfiles.of(data.frame(partitions))
                .numeric("amount", "age").categorical("country").collect();

        assertThat(profiles).containsOnlyKeys("amount", "age", "country");
        assertThat(List.copyOf(profiles.keySet())).containsExactly("amount", "age", "country");
        assertSameBytes(profiles.get("amount"), ReferenceProfile.numeric("amount", data.amount));
        assertSameBytes(profiles.get("age"), ReferenceProfile.numeric("age", data.age));
        assertSameBytes(profiles.get("country"), ReferenceProfile.categorical("country", data.country));
        // missing values are counted as DRIFT.md says: null and NaN
        long nullOrNan = Arrays.stream(data.amount).filter(Double::isNaN).count();
        assertThat(profiles.get("amount").missingCount()).isEqualTo(nullOrNan).isGreaterThan(0);
        assertThat(profiles.get("country").missingCount())
                .isEqualTo(Arrays.stream(data.country).filter(c -> c == null).count()).isGreaterThan(0);
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 8})
    void collect_sketchProfilesAreWithinTheSketchRankErrorOfTheExactOne(int partitions) {
        ReferenceProfile sketch = SparkProfiles.of(data.frame(partitions)).numeric("amount").k(200).collect()
                .get("amount");
        ReferenceProfile exact = ReferenceProfile.numeric("amount", data.amount);
        ReferenceProfile oneJvm = ReferenceProfile.numericSketch("amount", data.amount, 200);

        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.count()).isEqualTo(exact.count());
        assertThat(sketch.missingCount()).isEqualTo(exact.missingCount());
        assertThat(sketch.rankError()).isEqualTo(oneJvm.rankError()).isGreaterThan(0);
        // KLL's documented bound: each quantile's true rank is within rankError() (99% confidence
        // per query); the sample is small enough that this sketch keeps most of it, so it holds for all
        double bound = sketch.rankError();
        for (int i = 1; i < 100; i++) {
            double p = i / 100.0;
            double q = sketch.quantile(p);
            double rankBelow = (double) exact.countAtMost(Math.nextDown(q)) / exact.count();
            double rankAtMost = (double) exact.countAtMost(q) / exact.count();
            assertThat(p).as("p=%s, q=%s", p, q).isBetween(rankBelow - bound, rankAtMost + bound);
        }
        // the mean is merged exactly up to rounding; the infinities make it NaN-free but infinite, so
        // compare the finite 'age' column instead
        ReferenceProfile age = SparkProfiles.of(data.frame(partitions)).numeric("age").k(64).collect().get("age");
        ReferenceProfile ageExact = ReferenceProfile.numeric("age", data.age);
        assertThat(age.mean()).isCloseTo(ageExact.mean(), within(1e-12 * Math.abs(ageExact.mean())));
        assertThat(age.standardDeviation()).isCloseTo(ageExact.standardDeviation(), within(1e-9));
        assertThat(age.count()).isEqualTo(ageExact.count());
    }

    @Test
    void collect_numericTypesAreCastToDouble() {
        StructType schema = new StructType().add("b", DataTypes.ByteType).add("l", DataTypes.LongType)
                .add("f", DataTypes.FloatType).add("d", DataTypes.createDecimalType(10, 2));
        List<Row> rows = List.of(RowFactory.create((byte) 3, 7L, 0.5f, new java.math.BigDecimal("1.25")),
                RowFactory.create(null, -2L, Float.NaN, null));
        Map<String, ReferenceProfile> p = SparkProfiles.of(SharedSpark.session().createDataFrame(rows, schema))
                .numeric("b", "l", "f", "d").collect();
        assertSameBytes(p.get("b"), ReferenceProfile.numeric("b", new double[] {3, Double.NaN}));
        assertSameBytes(p.get("l"), ReferenceProfile.numeric("l", new double[] {7, -2}));
        assertSameBytes(p.get("f"), ReferenceProfile.numeric("f", new double[] {0.5, Double.NaN}));
        assertSameBytes(p.get("d"), ReferenceProfile.numeric("d", new double[] {1.25, Double.NaN}));
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 8})
    void collect_foldsCategoriesBeyondTheCapIntoOtherKeepingTheirCount(int partitions) {
        ReferenceProfile capped = SparkProfiles.of(data.frame(partitions)).categorical("country").maxCategories(4)
                .collect().get("country");
        ReferenceProfile full = ReferenceProfile.categorical("country", data.country);

        assertSameBytes(capped, CategoryCap.fold(full, 4));
        assertThat(capped.categoryCounts()).hasSize(4).containsKey(SparkProfiles.OTHER);
        assertThat(capped.count()).isEqualTo(full.count());
        assertThat(capped.missingCount()).isEqualTo(full.missingCount());
        // the three most frequent countries are kept with their own counts
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(full.categoryCounts().entrySet());
        ranked.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> top : ranked.subList(0, 3)) {
            assertThat(capped.categoryCounts()).containsEntry(top.getKey(), top.getValue());
        }
    }

    @Test
    void groupBy_givesOneProfilePerGroupAsABinaryColumn() {
        Dataset<Row> perDay = SparkProfiles.of(data.frame(3)).numeric("amount").categorical("country").k(100)
                .groupBy("day");
        assertThat(perDay.columns()).containsExactly("day", "amount", "country");
        assertThat(perDay.schema().apply("amount").dataType()).isEqualTo(DataTypes.BinaryType);

        Map<String, List<Integer>> rowsOfDay = new HashMap<>();
        for (int i = 0; i < data.day.length; i++) {
            rowsOfDay.computeIfAbsent(data.day[i], d -> new ArrayList<>()).add(i);
        }
        List<Row> groups = perDay.collectAsList();
        assertThat(groups).hasSize(rowsOfDay.size());
        for (Row g : groups) {
            List<Integer> idx = rowsOfDay.get(g.getString(0));
            String[] country = idx.stream().map(i -> data.country[i]).toArray(String[]::new);
            double[] amount = idx.stream().mapToDouble(i -> data.amount[i]).toArray();
            ReferenceProfile c = ReferenceProfile.fromBytes(g.getAs("country"));
            ReferenceProfile a = ReferenceProfile.fromBytes(g.getAs("amount"));
            assertSameBytes(c, ReferenceProfile.categorical("country", country));
            ReferenceProfile exact = ReferenceProfile.numeric("amount", amount);
            assertThat(a.isExact()).isFalse();
            assertThat(a.count()).isEqualTo(exact.count());
            assertThat(a.missingCount()).isEqualTo(exact.missingCount());
        }
    }

    @Test
    void groupBy_exactProfilesPerGroupAreBitIdentical() {
        List<Row> groups = SparkProfiles.of(data.frame(8)).numeric("age").groupBy("day").collectAsList();
        for (Row g : groups) {
            double[] age = new double[0];
            for (int i = 0; i < data.day.length; i++) {
                if (data.day[i].equals(g.getString(0))) {
                    age = Arrays.copyOf(age, age.length + 1);
                    age[age.length - 1] = data.age[i];
                }
            }
            assertSameBytes(ReferenceProfile.fromBytes(g.getAs("age")), ReferenceProfile.numeric("age", age));
        }
    }

    @Test
    void collect_allNullColumnIsAProfileOfMissingValuesOnly() {
        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("c", DataTypes.StringType);
        List<Row> rows = List.of(RowFactory.create(null, null), RowFactory.create(Double.NaN, null));
        Map<String, ReferenceProfile> p = SparkProfiles.of(SharedSpark.session().createDataFrame(rows, schema))
                .numeric("x").categorical("c").collect();
        assertSameBytes(p.get("x"), ReferenceProfile.numeric("x", new double[] {Double.NaN, Double.NaN}));
        assertSameBytes(p.get("c"), ReferenceProfile.categorical("c", new String[2]));
    }

    @Test
    void badInput_wrongTypeNamesTheColumnAndItsType() {
        Dataset<Row> frame = data.frame(1);
        assertThatThrownBy(() -> SparkProfiles.of(frame).numeric("country"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numeric column 'country' of dataframe must be of a numeric type")
                .hasMessageContaining("but is string");
        assertThatThrownBy(() -> SparkProfiles.of(frame).categorical("age"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("categorical column 'age' of dataframe must be of string, but is int");
    }

    @Test
    void badInput_missingColumnNamesItAndTheColumnsThatExist() {
        assertThatThrownBy(() -> SparkProfiles.of(data.frame(1)).numeric("amount", "salary"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataframe has no column 'salary'; its columns are [amount, age, country, day]");
        assertThatThrownBy(() -> SparkProfiles.of(data.frame(1)).numeric("amount").groupBy("week"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column 'week'");
    }

    @Test
    void badInput_emptyDataFrame() {
        Dataset<Row> empty = SharedSpark.session().createDataFrame(List.of(), TestData.SCHEMA);
        assertThatThrownBy(() -> SparkProfiles.of(empty).numeric("amount").categorical("country").collect())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataframe must have at least one row to fit profiles of [amount, country], "
                        + "but has none");
        assertThatThrownBy(() -> SparkProfiles.of(empty).numeric("amount").k(50).collect())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one row");
        assertThat(SparkProfiles.of(empty).numeric("amount").groupBy("day").count()).isZero();
    }

    @Test
    void badInput_settersCheckTheirArguments() {
        Dataset<Row> frame = data.frame(1);
        assertThatThrownBy(() -> SparkProfiles.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataframe must not be null");
        assertThatThrownBy(() -> SparkProfiles.of(frame).k(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k must be in [8, 65535], but was 7");
        assertThatThrownBy(() -> SparkProfiles.of(frame).maxCategories(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2").hasMessageContaining("was 1");
        assertThatThrownBy(() -> SparkProfiles.of(frame).numeric()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numeric needs at least one column name");
        assertThatThrownBy(() -> SparkProfiles.of(frame).numeric((String) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
        assertThatThrownBy(() -> SparkProfiles.of(frame).numeric("age").numeric("age"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("column 'age' was already added as numeric");
        assertThatThrownBy(() -> SparkProfiles.of(frame).categorical("day", "day"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("column 'day' is named twice");
        assertThatThrownBy(() -> SparkProfiles.of(frame).collect()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column to profile");
        assertThatThrownBy(() -> SparkProfiles.of(frame).numeric("age").groupBy())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one grouping column");
        assertThatThrownBy(() -> SparkProfiles.of(frame).categorical("day").groupBy("day"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grouping column 'day' must not also be profiled");
    }

    @Test
    void columnNamesAreMatchedExactly() {
        StructType schema = new StructType().add("a.b", DataTypes.DoubleType).add("we`ird", DataTypes.StringType);
        List<Row> rows = List.of(RowFactory.create(1.0, "x"), RowFactory.create(2.0, "y"));
        Map<String, ReferenceProfile> p = SparkProfiles.of(SharedSpark.session().createDataFrame(rows, schema))
                .numeric("a.b").categorical("we`ird").collect();
        assertSameBytes(p.get("a.b"), ReferenceProfile.numeric("a.b", new double[] {1, 2}));
        assertSameBytes(p.get("we`ird"), ReferenceProfile.categorical("we`ird", new String[] {"x", "y"}));
    }

    static void assertSameBytes(ReferenceProfile actual, ReferenceProfile expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.toBytes()).isEqualTo(expected.toBytes());
    }
}
