package io.mllifecycle.benchmarks.spark;

import io.mllifecycle.drift.ProfileSketchBuilder;
import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.spark.SparkProfiles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fitting reference profiles of {@code rows} × 10 columns (8 numeric as KLL sketches with k = 200,
 * 2 categorical with 50 categories each) with {@link SparkProfiles} on {@code local[2]}, beside the
 * baseline of fitting the same kind of profiles in one JVM thread with {@code lifecycle-drift}'s own
 * API (chunks of 65 536 rows into {@link ProfileSketchBuilder}s and merged categorical profiles).
 * Both sides generate their rows as they go (Spark: {@code range} + {@code rand}; the JVM: a
 * {@link SplittableRandom}), so neither holds the table. Rows per second = {@code rows} / the
 * single-shot time. Scale down with {@code -p rows=1000000}.
 *
 * <p>Needs Spark on the class path, so it is compiled only with the {@code spark} profile; see the
 * README's benchmark section for the command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g",
        // the options Spark's launcher adds on Java 17 (org.apache.spark.launcher.JavaModuleOptions)
        "-XX:+IgnoreUnrecognizedVMOptions", "--add-modules=jdk.incubator.vector",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
        "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
        "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class SparkProfileBenchmark {

    static final int NUMERIC = 8;
    static final int CATEGORICAL = 2;
    static final int CATEGORIES = 50;
    static final int K = 200;
    static final int CHUNK = 65_536;

    @Param({"10000000"})
    long rows;

    SparkSession spark;
    Dataset<Row> table;
    String[] numeric;
    String[] categorical;
    String[] names;

    @Setup(Level.Trial)
    public void setUp() {
        spark = SparkSession.builder().master("local[2]").appName("spark-profile-benchmark")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        numeric = new String[NUMERIC];
        categorical = new String[CATEGORICAL];
        Column[] columns = new Column[NUMERIC + CATEGORICAL];
        for (int c = 0; c < NUMERIC; c++) {
            numeric[c] = "x" + c;
            columns[c] = functions.rand(c).multiply(c + 1).as(numeric[c]);
        }
        names = new String[CATEGORIES];
        for (int i = 0; i < CATEGORIES; i++) {
            names[i] = "c" + i;
        }
        for (int c = 0; c < CATEGORICAL; c++) {
            categorical[c] = "s" + c;
            columns[NUMERIC + c] = functions.concat(functions.lit("c"),
                    functions.floor(functions.rand(100 + c).multiply(CATEGORIES)).cast("int").cast("string"))
                    .as(categorical[c]);
        }
        table = spark.range(rows).select(columns);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        spark.stop();
    }

    /** The module under test: one Spark job on {@code local[2]}. */
    @Benchmark
    public Map<String, ReferenceProfile> spark() {
        return SparkProfiles.of(table).numeric(numeric).categorical(categorical).k(K).collect();
    }

    /** Baseline: the same profiles fitted in this JVM, one thread, from generated chunks. */
    @Benchmark
    public Map<String, ReferenceProfile> oneJvm() {
        SplittableRandom random = new SplittableRandom(7);
        ProfileSketchBuilder[] builders = new ProfileSketchBuilder[NUMERIC];
        for (int c = 0; c < NUMERIC; c++) {
            builders[c] = ReferenceProfile.sketchBuilder(numeric[c], K);
        }
        ReferenceProfile[] cats = new ReferenceProfile[CATEGORICAL];
        double[] values = new double[CHUNK];
        String[] strings = new String[CHUNK];
        for (long done = 0; done < rows; done += CHUNK) {
            int n = (int) Math.min(CHUNK, rows - done);
            double[] chunk = n == CHUNK ? values : new double[n];
            String[] labels = n == CHUNK ? strings : new String[n];
            for (int c = 0; c < NUMERIC; c++) {
                for (int i = 0; i < n; i++) {
                    chunk[i] = random.nextDouble() * (c + 1);
                }
                builders[c].add(chunk);
            }
            for (int c = 0; c < CATEGORICAL; c++) {
                for (int i = 0; i < n; i++) {
                    labels[i] = names[random.nextInt(CATEGORIES)];
                }
                ReferenceProfile part = ReferenceProfile.categorical(categorical[c], labels);
                cats[c] = cats[c] == null ? part : cats[c].merge(part);
            }
        }
        Map<String, ReferenceProfile> out = new LinkedHashMap<>();
        for (int c = 0; c < NUMERIC; c++) {
            out.put(numeric[c], builders[c].build());
        }
        for (int c = 0; c < CATEGORICAL; c++) {
            out.put(categorical[c], cats[c]);
        }
        return out;
    }
}
