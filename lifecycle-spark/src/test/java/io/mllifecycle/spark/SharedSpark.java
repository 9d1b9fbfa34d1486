package io.mllifecycle.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One {@code local[2]} SparkSession for every test class of this module's test JVM: starting Spark
 * takes seconds, so it is started once, on first use, and stopped by Spark's own shutdown hook when the JVM exits.
 */
final class SharedSpark {

    private static SparkSession session;

    private SharedSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("lifecycle-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.adaptive.enabled", "false")
                    .getOrCreate();
        }
        return session;
    }
}
