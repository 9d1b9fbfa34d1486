package io.mllifecycle.examples;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.drift.Chunker;
import io.mllifecycle.drift.DriftTest;
import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.monitoring.AlertRules;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.MonitoringRuns;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.monitoring.RetrainingPolicy;
import io.mllifecycle.monitoring.RetrainingRequest;
import io.mllifecycle.monitoring.WindowResult;
import io.mllifecycle.monitoring.SegmentResult;
import io.mllifecycle.drift.Verdict;
import io.mllifecycle.drift.estimation.Metric;
import io.mllifecycle.drift.estimation.MetricEstimate;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.registry.TrafficSplit;
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
 * version, watch its delayed labels arrive days later (per-window accuracy and a late alert), retire
 * the old one by policy, A/B-test a challenger on a deterministic traffic split with a sequential test,
 * watch the challenger per sales channel (segment drift, performance estimated without labels, a
 * fairness gap between channels), and print the timeline.
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

        delayedLabels(lifecycle, v2, random, timeline);

        RetirementPlan plan = lifecycle.planRetirement("fraud", RetirementPolicy.builder()
                .supersededFor(Duration.ZERO).includeProduction().build());
        plan.decisions().forEach(d -> timeline.add("plan: " + d));
        plan.apply().forEach(o -> timeline.add("applied: " + o.detail()));
        RetirementPlan retire = lifecycle.planRetirement("fraud", RetirementPolicy.builder().keepLatest(1).build());
        retire.apply().forEach(o -> timeline.add("applied: " + o.detail()));
        timeline.add("final: " + v1.reference() + " " + v1.stage() + ", " + v2.reference() + " " + v2.stage()
                + "; " + lifecycle.audit().verify());
        ModelVersion challenger = abTest(lifecycle, random, timeline);
        segments(lifecycle, challenger, timeline);
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

    /**
     * Chapter "delayed labels": the champion's predictions carry request ids; whether each transaction was
     * fraud is known only days later, and the window's performance is recorded at its step once 90% of its
     * labels came. The second window's model is wrong on a fifth of its labelled rows: a late alert.
     */
    private static void delayedLabels(Lifecycle lifecycle, ModelVersion champion, Random random, List<String> timeline) {
        Instant day = START.plus(Duration.ofDays(2));
        Monitor monitor = lifecycle.monitor(champion).windows(Chunker.byCount(1_000))
                .delayedLabels(0.9, 100_000, Duration.ofDays(14))
                .alert(AlertRules.metricBelow("perf.accuracy", 0.9, 1))
                .onAlert(a -> timeline.add(String.format(Locale.ROOT, "labels: window %d ALERT %s: %s", a.window(),
                        a.rule(), a.message())))
                .start();
        String[] ids = new String[2_000];
        double[] scores = new double[2_000];
        double[] truth = new double[2_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "txn-" + i;
            truth[i] = random.nextDouble() < 0.1 ? 1 : 0;
            boolean wrong = i >= 1_000 && random.nextDouble() < 0.2;
            scores[i] = (truth[i] == 1) != wrong ? 0.8 : 0.2;
        }
        monitor.observe(traffic(random, day, 2_000, 1.5, 0.0, scores, ids));
        // labels come back three days later, the last tenth of each window never
        List<String> later = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (i % 1_000 < 950) {
                later.add(ids[i]);
                labels.add(truth[i]);
            }
        }
        monitor.labels(later.toArray(String[]::new), labels.stream().mapToDouble(Double::doubleValue).toArray(),
                day.plus(Duration.ofDays(3)));
        Monitor.LabelStatus status = monitor.labelStatus();
        monitor.close();
        List<Double> accuracy = MonitoringRuns.history(lifecycle.store(), "fraud",
                champion.version(), "perf.accuracy");
        timeline.add(String.format(Locale.ROOT, "labels: %d of %d labels arrived; accuracy per window %s; %d still awaited",
                later.size(), ids.length, accuracy.stream().map(a -> String.format(Locale.ROOT, "%.3f", a)).toList(),
                status.awaiting()));
    }

    /**
     * Chapter "A/B": a challenger takes 10% of the traffic by a stable hash of the request key; conversions
     * are recorded per arm and compared by the mixture sequential test, read after every 500 requests (safe:
     * the p-value is always valid); the gate {@code challengerBeats} then lets the challenger into staging.
     */
    private static ModelVersion abTest(Lifecycle lifecycle, Random random, List<String> timeline) {
        ModelVersion challenger = train(lifecycle, random, 1.5, "v3");
        lifecycle.models().model("fraud").setAlias("challenger", challenger.version());
        TrafficSplit split = lifecycle.models().split("fraud", Map.of("champion", 0.9, "challenger", 0.1));
        Map<String, Integer> routed = new java.util.TreeMap<>();
        String stoppedAt = "never";
        for (int i = 0; i < 20_000; i++) {
            String key = "customer-" + i;
            String arm = split.arm(key);
            routed.merge(arm, 1, Integer::sum);
            double rate = arm.equals("challenger") ? 0.12 : 0.08;            // the challenger catches more fraud
            split.recordOutcome(key, "caught", random.nextDouble() < rate);
            if ((i + 1) % 500 == 0 && stoppedAt.equals("never")
                    && split.compare("champion", "challenger", "caught", 0.95).rejected()) {
                stoppedAt = "after " + (i + 1) + " requests";
            }
        }
        var decision = split.compare("champion", "challenger", "caught", 0.95);
        timeline.add(String.format(Locale.ROOT, "ab: routed %s; rates champion %.3f, challenger %.3f; always-valid p"
                + " %.2g; stopped %s", routed, split.outcomes("champion", "caught").rate(),
                split.outcomes("challenger", "caught").rate(), decision.alwaysValidPValue(), stoppedAt));
        challenger.promote(Stage.STAGING, Gates.challengerBeats("champion", "caught", 0.95));
        timeline.add("ab: " + challenger.reference() + " passed challengerBeats and is " + challenger.stage());
        return challenger;
    }

    /**
     * Chapter "segments": the challenger is watched per sales channel; from window 2 on, amounts grow in the
     * {@code store} channel only. Drift is found in that segment (p-values corrected over channels ×
     * features), performance is estimated without labels (CBPE, calibrated on the training period) and set
     * beside the realised value, and the selection-rate gap between channels opens: a fairness alert.
     */
    private static void segments(Lifecycle lifecycle, ModelVersion version, List<String> timeline) {
        Random random = new Random(7); // its own stream: the chapters before it stay as they were
        double[] referenceScores = new double[5_000];
        double[] referenceLabels = new double[5_000];
        for (int i = 0; i < referenceScores.length; i++) {
            referenceScores[i] = fraudProbability(random.nextGaussian());
            referenceLabels[i] = random.nextDouble() < referenceScores[i] ? 1 : 0;
        }
        // README: segments
        Monitor monitor = lifecycle.monitor(version).windows(Chunker.byCount(2_000))
                .detector(DriftDetector.builder().level(0.01).build())       // FDR over channels × features
                .segmentBy("channel").maxSegments(5)                          // drift and accuracy per channel
                .estimatePerformance(referenceScores, referenceLabels)        // CBPE: no labels needed
                .fairness("channel", Map.of("demographic_parity_difference", 0.1))
                .alert(AlertRules.segmentDrift())                             // names segment and feature
                .onAlert(a -> timeline.add("segments: window " + a.window() + " ALERT " + a.message()))
                .start();
        for (int w = 0; w < 4; w++) {
            monitor.observe(channelTraffic(random, w, w >= 2 ? 1.0 : 0.0));   // store amounts grow from window 2
        }
        monitor.close();
        for (WindowResult w : monitor.results()) {
            MetricEstimate accuracy = w.estimate().get(Metric.ACCURACY).orElseThrow();
            timeline.add(String.format(Locale.ROOT, "segments: window %d drifted %s; estimated accuracy %.3f"
                    + " [%.3f, %.3f], realised %.3f; selection-rate gap %.3f", w.index(),
                    w.segments().values().stream().filter(s -> s.drift().verdict() == Verdict.DRIFT)
                            .map(SegmentResult::segment).toList(), accuracy.value(), accuracy.lower(),
                    accuracy.upper(), w.metrics().get("cbpe.accuracy.realised"),
                    w.metrics().get("fairness.demographic_parity_difference")));
        }
        // README: end
    }

    /** The calibrated fraud probability of a transaction whose standardised log amount is {@code z}. */
    private static double fraudProbability(double z) {
        return 1 / (1 + Math.exp(-(-2.5 + 1.5 * z)));
    }

    /** A window of 2 000 labelled transactions like the challenger's training data; store amounts moved by {@code shift} sd. */
    private static ProductionBatch channelTraffic(Random random, int window, double shift) {
        int rows = 2_000;
        Instant[] t = new Instant[rows];
        double[] amount = new double[rows];
        double[] age = new double[rows];
        String[] channel = new String[rows];
        double[] scores = new double[rows];
        double[] labels = new double[rows];
        Instant from = START.plus(Duration.ofDays(10)).plus(Duration.ofHours(window));
        for (int i = 0; i < rows; i++) {
            t[i] = from.plusMillis(i * 1_000L);
            channel[i] = random.nextDouble() < 0.6 ? "web" : random.nextBoolean() ? "app" : "store";
            double z = random.nextGaussian() + (channel[i].equals("store") ? shift : 0.0);
            amount[i] = Math.exp(3 + 1.5 * 0.3 + z);
            age[i] = 45 + 12 * random.nextGaussian();
            scores[i] = fraudProbability(z);
            labels[i] = random.nextDouble() < scores[i] ? 1 : 0;
        }
        return ProductionBatch.builder(t).numeric("amount", amount).numeric("age", age).categorical("channel", channel)
                .predictions(scores).labels(labels).build();
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
        return traffic(random, from, rows, shift, missing, null, null);
    }

    private static ProductionBatch traffic(Random random, Instant from, int rows, double shift, double missing,
                                           double[] scores, String[] ids) {
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
        ProductionBatch.Builder batch = ProductionBatch.builder(t).numeric("amount", amount).numeric("age", age)
                .categorical("channel", channel);
        if (scores != null) {
            batch.predictions(scores).ids(ids);                     // labels come later: Monitor.labels(ids, …)
        }
        return batch.build();
    }
}
