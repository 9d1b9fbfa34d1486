package io.mllifecycle.examples;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.DriftTest;
import io.mllifecycle.monitoring.AlertRules;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.monitoring.RetrainingPolicy;
import io.mllifecycle.monitoring.RetrainingRequest;
import io.mllifecycle.monitoring.WindowResult;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.report.ReportLinks;
import io.mllifecycle.report.ReportOptions;
import io.mllifecycle.report.Reports;
import io.mllifecycle.retirement.RetirementPlan;
import io.mllifecycle.retirement.RetirementPolicy;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StoreProviders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The production story: deploy a version with the reference profile of its training data, stream
 * synthetic traffic that drifts half-way, raise alerts, trigger retraining, promote the retrained
 * version, retire the old one by policy, and print the timeline.
 *
 * <p>Usage: {@code MonitoringExample [store-uri [report-directory]]}; default {@value #DEFAULT_STORE}
 * and {@code reports}, where the drift report of the last window, the timeline and the model cards are
 * written as HTML and JSON.
 */
public final class MonitoringExample {
    /** Store used when no URI is given. */
    public static final String DEFAULT_STORE = "mem:monitoring-example";
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    private MonitoringExample() {}

    public static void main(String[] args) {
        try (LifecycleStore store = StoreProviders.open(args.length > 0 ? args[0] : DEFAULT_STORE)) {
            run(store, Path.of(args.length > 1 ? args[1] : "reports")).forEach(System.out::println);
        }
    }

    /** Runs the story on {@code store}; returns the timeline lines. */
    public static List<String> run(LifecycleStore store) {
        return run(store, null);
    }

    /** Runs the story on {@code store}, writing reports into {@code reports} unless it is null. */
    public static List<String> run(LifecycleStore store, Path reports) {
        List<String> timeline = new ArrayList<>();
        Lifecycle lifecycle = Lifecycle.builder().store(store).actor("monitoring-example").build();
        Random random = new Random(2026);

        ModelVersion v1 = train(lifecycle, random, 0.0, "v1");
        v1.promote(Stage.STAGING).promote(Stage.PRODUCTION);
        lifecycle.models().model("fraud").setAlias("champion", v1.version());
        timeline.add("deployed " + v1.reference() + " as champion");

        List<RetrainingRequest> retrainRequests = new ArrayList<>();
        Monitor monitor = lifecycle.monitor("fraud@champion")
                .windows(Chunker.byPeriod(Duration.ofHours(1), START))
                .alert(AlertRules.statisticAbove(DriftTest.PSI, 0.25, 2))
                .alert(AlertRules.missingRateJump(0.05))
                .onAlert(a -> timeline.add(String.format(Locale.ROOT, "window %2d ALERT %s: %s", a.window(), a.rule(),
                        a.message())))
                .retraining(RetrainingPolicy.whenDriftedFeatures(1, 3).cooldown(Duration.ofHours(12)), retrainRequests::add)
                .start();
        for (int hour = 0; hour < 12; hour++) {
            double shift = hour < 6 ? 0.0 : 1.5; // half-way, amounts grow
            monitor.observe(traffic(random, START.plus(Duration.ofHours(hour)), 2_000, shift, hour < 6 ? 0.0 : 0.1));
        }
        monitor.close();
        for (WindowResult w : monitor.results()) {
            timeline.add(String.format(Locale.ROOT, "window %2d %s rows=%d drifted=%s", w.index(), w.start(), w.rows(),
                    w.drift().drifted().stream().map(c -> c.column()).toList()));
        }
        timeline.sort(null);
        if (retrainRequests.isEmpty()) {
            timeline.add("no retraining was requested");
            return timeline;
        }
        timeline.add("retraining requested: " + retrainRequests.get(0).reason());

        ModelVersion v2 = train(lifecycle, random, 1.5, "v2");
        v2.promote(Stage.STAGING).promote(Stage.PRODUCTION);
        lifecycle.models().model("fraud").moveAlias("champion", v1.version(), v2.version());
        timeline.add("retrained " + v2.reference() + " promoted and made champion");

        RetirementPlan plan = lifecycle.planRetirement("fraud", RetirementPolicy.builder()
                .supersededFor(Duration.ZERO).includeProduction().build());
        plan.decisions().forEach(d -> timeline.add("plan: " + d));
        plan.apply().forEach(o -> timeline.add("applied: " + o.detail()));
        RetirementPlan retire = lifecycle.planRetirement("fraud", RetirementPolicy.builder().keepLatest(1).build());
        retire.apply().forEach(o -> timeline.add("applied: " + o.detail()));
        timeline.add("final: " + v1.reference() + " " + v1.stage() + ", " + v2.reference() + " " + v2.stage()
                + "; " + lifecycle.audit().verify());
        if (reports != null) {
            // pages that link to each other as files in one directory
            ReportOptions files = ReportOptions.DEFAULTS.withLinks(ReportLinks.relativeFiles());
            List<WindowResult> windows = monitor.results();
            List<Path> written = List.of(
                    Reports.driftWindow("fraud", v1.version(), windows.get(windows.size() - 1), files).writeTo(reports),
                    Reports.monitoringTimeline(lifecycle, "fraud", v1.version(), files).writeTo(reports),
                    Reports.modelCard(lifecycle, "fraud", v1.version(), files).writeTo(reports),
                    Reports.modelCard(lifecycle, "fraud", v2.version(), files).writeTo(reports));
            written.forEach(p -> timeline.add("report: " + p));
        }
        return timeline;
    }

    private static ModelVersion train(Lifecycle lifecycle, Random random, double shift, String name) {
        int n = 20_000;
        double[] amount = new double[n];
        double[] age = new double[n];
        String[] channel = new String[n];
        for (int i = 0; i < n; i++) {
            amount[i] = Math.exp(3 + shift * 0.3 + random.nextGaussian());
            age[i] = 45 + 12 * random.nextGaussian();
            channel[i] = random.nextDouble() < 0.6 ? "web" : random.nextBoolean() ? "app" : "store";
        }
        try (Run run = lifecycle.experiment("fraud-training").startRun(r -> r.name(name))) {
            run.logMetric("auc", 0.9, 1);
            run.logArtifact("model.bin", ("fraud model " + name).getBytes(StandardCharsets.UTF_8));
            return lifecycle.models().register("fraud", run.id(), "model.bin", s -> s.referenceProfiles(
                    ReferenceProfiles.fit(Map.of("amount", amount, "age", age, "channel", channel))));
        }
    }

    private static ProductionBatch traffic(Random random, Instant from, int rows, double shift, double missing) {
        Instant[] t = new Instant[rows];
        double[] amount = new double[rows];
        double[] age = new double[rows];
        String[] channel = new String[rows];
        long step = Duration.ofHours(1).toMillis() / rows;
        for (int i = 0; i < rows; i++) {
            t[i] = from.plusMillis(i * step);
            amount[i] = random.nextDouble() < missing ? Double.NaN : Math.exp(3 + shift * 0.3 + random.nextGaussian());
            age[i] = 45 + 12 * random.nextGaussian();
            channel[i] = random.nextDouble() < 0.6 ? "web" : random.nextBoolean() ? "app" : "store";
        }
        return ProductionBatch.builder(t).numeric("amount", amount).numeric("age", age).categorical("channel", channel)
                .build();
    }
}
