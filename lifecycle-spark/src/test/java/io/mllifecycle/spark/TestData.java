package io.mllifecycle.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small table made in the test JVM, both as a DataFrame and as the arrays the one-JVM profiles are
 * fitted from: {@code amount} (double with nulls, NaN, -0.0, ±Infinity and ties), {@code age} (int
 * with nulls), {@code country} (string with nulls, skewed over 12 values) and {@code day} (4 groups).
 */
final class TestData {

    static final StructType SCHEMA = new StructType()
            .add("amount", DataTypes.DoubleType, true)
            .add("age", DataTypes.IntegerType, true)
            .add("country", DataTypes.StringType, true)
            .add("day", DataTypes.StringType, false);
    static final String[] COUNTRIES = {"de", "fr", "it", "es", "nl", "be", "at", "pl", "se", "dk", "fi", "pt"};

    final List<Row> rows = new ArrayList<>();
    final double[] amount;
    final double[] age;
    final String[] country;
    final String[] day;

    /**
     * @param shift added to {@code amount}; {@code skew} moves that share of the countries to "pt"
     */
    TestData(int n, long seed, double shift, double skew) {
        SplittableRandom random = new SplittableRandom(seed);
        amount = new double[n];
        age = new double[n];
        country = new String[n];
        day = new String[n];
        for (int i = 0; i < n; i++) {
            Double a;
            int kind = random.nextInt(100);
            if (kind == 0) {
                a = null;
            } else if (kind == 1) {
                a = Double.NaN;
            } else if (kind == 2) {
                a = -0.0;
            } else if (kind == 3) {
                a = random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            } else if (kind < 20) {
                a = Math.rint(random.nextDouble() * 10) + shift;            // ties
            } else {
                a = Math.exp(random.nextDouble() * 3) + random.nextDouble() + shift;
            }
            Integer g = random.nextInt(50) == 0 ? null : 18 + random.nextInt(60);
            String c = random.nextInt(40) == 0 ? null
                    : random.nextDouble() < skew ? "pt" : COUNTRIES[(int) Math.floor(Math.pow(random.nextDouble(), 2) * 12)];
            String d = "d" + random.nextInt(4);
            rows.add(RowFactory.create(a, g, c, d));
            amount[i] = a == null ? Double.NaN : a;
            age[i] = g == null ? Double.NaN : g;
            country[i] = c;
            day[i] = d;
        }
    }

    Dataset<Row> frame(int partitions) {
        return SharedSpark.session().createDataFrame(rows, SCHEMA).repartition(partitions);
    }
}
