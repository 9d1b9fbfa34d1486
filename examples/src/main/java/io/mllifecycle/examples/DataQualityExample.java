package io.mllifecycle.examples;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.ColumnType;
import io.mllifecycle.drift.Table;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.quality.DataQualityReport;
import io.mllifecycle.quality.DataQualitySuite;
import io.mllifecycle.quality.DataRow;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.tracking.Datasets;
import io.mllifecycle.tracking.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The data quality story: a suite saved to and loaded from JSON, training data that fails it and passes once
 * cleaned (each check stored with the run), a promotion gated on the stored check and on validation data, and
 * a monitor that tells a broken production batch from a drifted one.
 *
 * <p>Usage: {@code DataQualityExample [store-uri]}; default {@value #DEFAULT_STORE}.
 */
public final class DataQualityExample {
    /** Store used when no URI is given. */
    public static final String DEFAULT_STORE = "mem:data-quality-example";
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private DataQualityExample() {}

    public static void main(String[] args) throws IOException {
        try (LifecycleStore store = StoreProviders.open(args.length > 0 ? args[0] : DEFAULT_STORE)) {
            Path dir = Files.createTempDirectory("data-quality-example");
            run(store, dir).forEach(System.out::println);
        }
    }

    /** Runs the story on {@code store}, writing the suite file into {@code dir}; returns what it prints. */
    public static List<String> run(LifecycleStore store, Path dir) {
        List<String> out = new ArrayList<>();
        Lifecycle lifecycle = Lifecycle.builder().store(store).actor("data-quality-example").build();
        Random random = new Random(3);
        Map<String, Object> training = customers(random, 2_000, true);
        Map<String, Object> validation = customers(random, 500, false);
        Path suiteFile = dir.resolve("customers.json");
        Predicate<DataRow> positiveIncome = row -> row.missing("income") || row.number("income") > 0;
        DatasetVersion dataset = dataset("customers", training);
        ModelVersion version;
        try (Run run = lifecycle.experiment("churn").startRun()) {
            // README: data quality
            DataQualitySuite suite = DataQualitySuite.builder("customers")
                    .schema("schema", Map.of("age", ColumnType.NUMERIC, "plan", ColumnType.CATEGORICAL))
                    .completeness("age present", "age", 0.99)
                    .range("age range", "age", 18, 120)
                    .categories("known plan", "plan", Set.of("basic", "pro"))
                    .unique("one row per customer", "customer_id")
                    .rowCount("enough rows", 100, 1_000_000)
                    .predicate("income positive", positiveIncome)
                    .build();
            write(suiteFile, suite.toJson());                               // or write the JSON by hand
            DataQualitySuite loaded = DataQualitySuite.fromFile(suiteFile, Map.of("income positive", positiveIncome));

            DataQualityReport report = run.checkDataQuality(loaded, dataset, DatasetRole.TRAINING, Table.of(training));
            out.add(report.toString());                     // stored: data-quality/customers/check-0.json and .md, tag
            // README: end
            double[] age = (double[]) training.get("age");
            for (int i = 0; i < age.length; i++) {
                age[i] = age[i] < 0 ? Double.NaN : age[i];  // the sentinel -1 meant "unknown"
            }
            DatasetVersion cleaned = dataset("customers", training);
            out.add(run.checkDataQuality(loaded, cleaned, DatasetRole.TRAINING, Table.of(training)).summary());
            run.logArtifact("model.bin", "weights".getBytes(StandardCharsets.UTF_8));
            version = lifecycle.models().register("churn", run.id(), "model.bin", s -> s.referenceProfiles(
                    ReferenceProfiles.fit(Map.of("age", age, "plan", training.get("plan")))));
        }
        DataQualitySuite suite = DataQualitySuite.fromFile(suiteFile, Map.of("income positive", positiveIncome));
        version.promote(Stage.STAGING, Gates.dataQuality(suite), Gates.dataQuality(suite, validation));
        out.add(version.reference() + " promoted to " + version.stage() + ": training and validation data passed");

        Monitor monitor = lifecycle.monitor(version.reference()).expect(suite)
                .onAlert(a -> out.add("ALERT " + a.kind() + " " + a.message())).start();
        Map<String, Object> broken = customers(random, 1_000, false);
        ((String[]) broken.get("plan"))[7] = "PRO";                          // an upstream change of spelling
        monitor.observe(batch(broken, 0));
        monitor.observe(batch(customers(random, 1_000, false), 1_000));
        monitor.close();
        return out;
    }

    private static DatasetVersion dataset(String name, Map<String, Object> columns) {
        Datasets.ColumnsBuilder b = Datasets.columns(name);
        columns.forEach((c, v) -> {
            if (v instanceof double[] d) {
                b.numeric(c, d);
            } else {
                b.categorical(c, (String[]) v);
            }
        });
        return b.build();
    }

    private static ProductionBatch batch(Map<String, Object> rows, int first) {
        double[] age = (double[]) rows.get("age");
        Instant[] t = new Instant[age.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = T0.plusSeconds(first + i);
        }
        ProductionBatch.Builder b = ProductionBatch.builder(t);
        rows.forEach((c, v) -> {
            if (v instanceof double[] d) {
                b.numeric(c, d);
            } else {
                b.categorical(c, (String[]) v);
            }
        });
        return b.build();
    }

    /** Customers with ids, ages, plans and incomes; {@code sentinels} puts the unknown-age marker -1 in 3 rows. */
    private static Map<String, Object> customers(Random random, int n, boolean sentinels) {
        String[] id = new String[n];
        double[] age = new double[n];
        String[] plan = new String[n];
        double[] income = new double[n];
        for (int i = 0; i < n; i++) {
            id[i] = "c" + random.nextInt(1_000_000_000);
            age[i] = Math.max(18, Math.min(95, Math.round(45 + 12 * random.nextGaussian())));
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
            income[i] = i % 50 == 0 ? Double.NaN : Math.exp(10.5 + 0.4 * random.nextGaussian());
        }
        if (sentinels) {
            age[10] = -1;
            age[20] = -1;
            age[30] = -1;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customer_id", id);
        m.put("age", age);
        m.put("plan", plan);
        m.put("income", income);
        return m;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
