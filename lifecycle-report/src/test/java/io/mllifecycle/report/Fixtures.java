package io.mllifecycle.report;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.DriftTest;
import io.mllifecycle.drift.Table;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.monitoring.AlertRules;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.monitoring.RetrainingPolicy;
import io.mllifecycle.monitoring.RetrainingRequest;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.registry.VersionSpec;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.tracking.Datasets;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Data the report tests render: drift tables with awkward columns and a small lifecycle story. */
public final class Fixtures {
    public static final String MARKUP = "<script>alert('x')</script>";
    public static final String RTL = "מחיר ללקוח";
    public static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    private Fixtures() {}

    /** Reference and current tables with {@code columns} columns, some drifted, with the awkward ones first. */
    static Table[] tables(int columns, long seed, int rows) {
        Random r = new Random(seed);
        Table.Builder ref = Table.builder();
        Table.Builder cur = Table.builder();
        for (int c = 0; c < columns; c++) {
            String name = switch (c) {
                case 0 -> MARKUP;
                case 1 -> RTL;
                case 2 -> "all_missing";
                case 3 -> "zip_code";
                case 4 -> "channel";
                default -> "feature_" + c;
            };
            if (c == 3) {
                String[] a = new String[rows];
                String[] b = new String[rows];
                for (int i = 0; i < rows; i++) {
                    a[i] = "z" + r.nextInt(10_000);
                    b[i] = "z" + (r.nextInt(12_000));
                }
                ref.categorical(name, a);
                cur.categorical(name, b);
            } else if (c == 4) {
                String[] a = new String[rows];
                String[] b = new String[rows];
                for (int i = 0; i < rows; i++) {
                    a[i] = r.nextDouble() < 0.6 ? "web" : r.nextBoolean() ? "app" : "<b>store</b>";
                    b[i] = r.nextDouble() < 0.05 ? null : r.nextDouble() < 0.4 ? "web" : r.nextBoolean() ? "app" : "kiosk";
                }
                ref.categorical(name, a);
                cur.categorical(name, b);
            } else {
                double shift = c % 3 == 0 ? 0.5 : 0.0;
                double[] a = new double[rows];
                double[] b = new double[rows];
                for (int i = 0; i < rows; i++) {
                    a[i] = c == 2 ? Double.NaN : 10 + 3 * r.nextGaussian();
                    b[i] = c == 2 ? Double.NaN : 10 + shift * 3 + 3 * r.nextGaussian();
                    if (c == 1 && i % 20 == 0) {
                        b[i] = Double.NaN;
                    }
                }
                ref.numeric(name, a);
                cur.numeric(name, b);
            }
        }
        return new Table[] {ref.build(), cur.build()};
    }

    static DriftReport drift(Table[] t) {
        return DriftDetector.builder().numericTests(DriftTest.KS, DriftTest.PSI).parallelism(1).build()
                .compare(t[0], t[1]);
    }

    /** A small world: two tracked runs, a model with two versions, gates, aliases, a monitored champion. */
    public static final class World {
        public final Lifecycle lifecycle;
        public final List<String> runIds = new ArrayList<>();
        final List<RetrainingRequest> retraining = new ArrayList<>();
        public final ModelVersion v1;
        public final ModelVersion v2;
        public final Monitor monitor;
        public static final String MODEL = "churn <i>" + RTL + "<i>&amp;";

        public World() {
            lifecycle = Lifecycle.builder().store(new InMemoryStore())
                    .clock(Clock.fixed(Instant.parse("2026-05-30T12:00:00Z"), ZoneOffset.UTC)).actor("ci <bot>").build();
            Random r = new Random(7);
            double[] amount = new double[5_000];
            double[] age = new double[5_000];
            String[] channel = new String[5_000];
            for (int i = 0; i < amount.length; i++) {
                amount[i] = Math.exp(3 + r.nextGaussian());
                age[i] = 45 + 12 * r.nextGaussian();
                channel[i] = r.nextDouble() < 0.6 ? "web" : r.nextBoolean() ? "app" : "store";
            }
            var dataset = Datasets.columns("customers").numeric("amount", amount).numeric("age", age)
                    .categorical("channel", channel).sourceUri("s3://bucket/customers.csv").build();
            ModelVersion first = null;
            ModelVersion second = null;
            for (int k = 0; k < 2; k++) {
                double lr = k == 0 ? 0.1 : 0.03;
                int n = k;
                try (Run run = lifecycle.experiment("churn").startRun(s -> s.name(n == 0 ? "baseline" : "lr " + MARKUP)
                        .tag("team", n == 0 ? "risk" : RTL))) {
                    run.logParam("learning_rate", lr);
                    run.logParam("depth", 6);
                    run.logParam("note", n == 0 ? "plain" : MARKUP);
                    for (int epoch = 0; epoch < 30; epoch++) {
                        run.logMetric("loss", 1.0 / (1 + epoch * lr * (n + 1)) + 0.01 * r.nextDouble(), epoch);
                        run.logMetric("auc", 0.7 + 0.2 * (1 - Math.exp(-epoch * lr * (n + 2))), epoch);
                    }
                    run.logMetric("accuracy/female", 0.86 + 0.01 * n, 29);
                    run.logMetric("accuracy/male", 0.88, 29);
                    run.logMetric("accuracy/" + RTL, 0.84, 29);
                    run.logInput(dataset, DatasetRole.TRAINING);
                    run.logArtifact("model.bin", ("model " + n).getBytes(StandardCharsets.UTF_8));
                    runIds.add(run.id());
                    ModelVersion v = lifecycle.models().register(MODEL, run.id(), "model.bin", s -> s
                            .description("Predicts churn. " + MARKUP)
                            .card(VersionSpec.INTENDED_USE, "Retention offers for existing customers.")
                            .card(VersionSpec.LIMITATIONS, "Not for new customers; " + MARKUP)
                            .card(VersionSpec.OWNERS, "risk-team@example.com")
                            .card(VersionSpec.TRAINING_DATA, "customers 2025, " + RTL)
                            .card("model_architecture", "gradient-boosted trees")
                            .tag("framework", "xgboost")
                            .referenceProfiles(ReferenceProfiles.fit(Map.of("amount", amount, "age", age,
                                    "channel", channel))));
                    if (n == 0) {
                        first = v;
                    } else {
                        second = v;
                    }
                }
            }
            v1 = first;
            v2 = second;
            v1.promote(Stage.STAGING, Gates.metric("auc").atLeast(0.8), Gates.fairness("accuracy", 0.1))
                    .promote(Stage.PRODUCTION);
            lifecycle.models().model(MODEL).setAlias("champion", v1.version());
            try {
                v2.promote(Stage.STAGING, Gates.metric("auc").atLeast(0.99));
            } catch (GateFailedException expected) {
                // the failed report is evidence the card shows
            }
            lifecycle.models().model(MODEL).setAlias("challenger", v2.version());
            monitor = lifecycle.monitor(v1).windows(Chunker.byPeriod(Duration.ofHours(1), START))
                    .alert(AlertRules.statisticAbove(DriftTest.PSI, 0.25, 2)).alert(AlertRules.missingRateJump(0.05))
                    .retraining(RetrainingPolicy.whenDriftedFeatures(1, 3), retraining::add).start();
            for (int hour = 0; hour < 8; hour++) {
                monitor.observe(traffic(r, START.plus(Duration.ofHours(hour)), 600, hour < 4 ? 0 : 1.5,
                        hour < 4 ? 0 : 0.1));
            }
            monitor.close();
        }

        private static ProductionBatch traffic(Random r, Instant from, int rows, double shift, double missing) {
            Instant[] t = new Instant[rows];
            double[] amount = new double[rows];
            double[] age = new double[rows];
            String[] channel = new String[rows];
            double[] predictions = new double[rows];
            double[] labels = new double[rows];
            long step = Duration.ofHours(1).toMillis() / rows;
            for (int i = 0; i < rows; i++) {
                t[i] = from.plusMillis(i * step);
                amount[i] = r.nextDouble() < missing ? Double.NaN : Math.exp(3 + shift * 0.3 + r.nextGaussian());
                age[i] = 45 + 12 * r.nextGaussian();
                channel[i] = r.nextDouble() < 0.6 ? "web" : r.nextBoolean() ? "app" : "store";
                labels[i] = r.nextDouble() < 0.3 ? 1 : 0;
                predictions[i] = Math.min(1, Math.max(0, labels[i] * 0.35 + 0.65 * r.nextDouble() - shift * 0.1));
            }
            return ProductionBatch.builder(t).numeric("amount", amount).numeric("age", age)
                    .categorical("channel", channel).predictions(predictions).labels(labels).build();
        }

        /** Every report of the world, keyed by file name, linked as sibling files. */
        Map<String, Report> reports() {
            ReportOptions o = ReportOptions.DEFAULTS.withLinks(ReportLinks.relativeFiles());
            Map<String, Report> out = new LinkedHashMap<>();
            List<Report> all = new ArrayList<>();
            all.add(Reports.runComparison(lifecycle, runIds, o));
            for (String id : runIds) {
                all.add(Reports.runComparison(lifecycle, List.of(id), o));
            }
            all.add(Reports.modelCard(lifecycle, MODEL, v1.version(), o));
            all.add(Reports.modelCard(lifecycle, MODEL, v2.version(), o));
            all.add(Reports.monitoringTimeline(lifecycle, MODEL, v1.version(), o));
            all.add(Reports.monitoringTimeline(lifecycle, MODEL, v2.version(), o));
            monitor.results().forEach(w -> all.add(Reports.driftWindow(MODEL, v1.version(), w, o)));
            all.add(Reports.auditTrail(lifecycle, o));
            all.forEach(rep -> out.put(rep.fileName(), rep));
            return out;
        }
    }
}
