package io.mllifecycle.report;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.Table;
import io.mllifecycle.monitoring.Alert;
import io.mllifecycle.monitoring.MonitoringRuns;
import io.mllifecycle.monitoring.RetrainingRequest;
import io.mllifecycle.monitoring.WindowResult;
import io.mllifecycle.registry.ModelCard;
import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.StageChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the reports. Each factory returns a {@link Report}: one self-contained HTML page (inline CSS
 * and SVG charts, no script, no network) and the same data as JSON. The same input gives the same
 * bytes: ordering is fixed and no time appears unless it is in the data. Every value that came from a
 * user (names, tags, params, messages) is escaped.
 *
 * <p>Two kinds of factory: over records (for a host or a server that already holds the data) and over
 * a {@link Lifecycle} (which reads what the page needs from its store). {@link ReportOptions#links()}
 * decides how pages link to each other: {@link ReportLinks#relativeFiles()} for files written side
 * by side, a server's URLs for live pages.
 */
public final class Reports {
    private Reports() {}

    /** A drift report with the default title and options. */
    public static Report drift(DriftReport report) {
        return drift(report, "Drift report", ReportOptions.DEFAULTS);
    }

    /**
     * A drift report: the summary line, every column sorted by effect with its deciding test, p-values
     * before and after correction and verdict, and per column the overlaid distributions, per-bin PSI
     * contributions (MISSING, UNSEEN and grouped categories marked) and the sentence behind the verdict.
     * For Kolmogorov–Smirnov columns the ECDFs are drawn at the bin edges, since the report holds no
     * raw values (see {@link #drift(DriftReport, Table, Table, String, ReportOptions)}).
     *
     * @throws IllegalArgumentException if an argument is null or {@code title} is blank
     */
    public static Report drift(DriftReport report, String title, ReportOptions options) {
        notNull("report", report);
        return new DriftPage(report, title(title), null, null, null, notNull("options", options)).render("drift-report");
    }

    /**
     * As {@link #drift(DriftReport, String, ReportOptions)}, drawing the ECDFs of Kolmogorov–Smirnov
     * columns from the raw columns the report was computed from.
     *
     * @throws IllegalArgumentException if an argument is null or {@code title} is blank
     */
    public static Report drift(DriftReport report, Table reference, Table current, String title,
            ReportOptions options) {
        notNull("report", report);
        notNull("reference", reference);
        notNull("current", current);
        return new DriftPage(report, title(title), reference, current, null, notNull("options", options))
                .render("drift-report");
    }

    /**
     * The drift report of one monitoring window, with the window's span, rows, performance and alerts,
     * linked to the version's monitoring timeline. Its file name is
     * {@code drift-<model>-v<version>-w<index>}.
     *
     * @throws IllegalArgumentException if an argument is null, {@code model} is blank or {@code version} &lt; 1
     */
    public static Report driftWindow(String model, int version, WindowResult window, ReportOptions options) {
        name("model", model);
        positive("version", version);
        notNull("window", window);
        notNull("options", options);
        return new DriftPage(window.drift(), "Drift of " + model + " v" + version + ", window " + window.index(), null,
                null, new DriftPage.WindowContext(model, version, window), options)
                .render("drift-" + ReportLinks.fileSafe(model) + "-v" + version + "-w" + window.index());
    }

    /**
     * Runs side by side: params with differences highlighted, tags, latest metrics with differences
     * from the first run, the metric curves of every run overlaid per key, inputs and artifacts.
     *
     * @param runs      the runs, the first being the baseline; at least one
     * @param histories run id → metric key → points; runs or keys without an entry draw no curve
     * @throws IllegalArgumentException if an argument is null or {@code runs} is empty or holds null
     */
    public static Report runComparison(List<RunRecord> runs, Map<String, Map<String, List<MetricPoint>>> histories,
            ReportOptions options) {
        List<RunRecord> checked = runs(runs);
        notNull("histories", histories);
        notNull("options", options);
        String title = checked.size() == 1 ? "Run " + label(checked.get(0)) : "Comparison of " + checked.size() + " runs";
        String file = checked.size() == 1 ? "run-" + ReportLinks.fileSafe(checked.get(0).id()) : "run-comparison";
        return new RunComparisonPage(checked, histories, options).render(title, file);
    }

    /**
     * {@link #runComparison(List, Map, ReportOptions)} over runs read from the lifecycle's store with
     * their full metric histories. One run gives that run's page, named {@code run-<id>}.
     *
     * @throws IllegalArgumentException if an argument is null or {@code runIds} is empty
     * @throws io.mllifecycle.store.NotFoundException if a run does not exist
     */
    public static Report runComparison(Lifecycle lifecycle, List<String> runIds, ReportOptions options) {
        notNull("lifecycle", lifecycle);
        notNull("runIds", runIds);
        if (runIds.isEmpty()) {
            throw new IllegalArgumentException("runIds must name at least one run, but was empty");
        }
        List<RunRecord> runs = new ArrayList<>();
        Map<String, Map<String, List<MetricPoint>>> histories = new LinkedHashMap<>();
        for (String id : runIds) {
            RunRecord r = lifecycle.run(notNull("run id", id));
            runs.add(r);
            Map<String, List<MetricPoint>> h = new TreeMap<>();
            for (String key : r.latestMetrics().keySet()) {
                h.put(key, lifecycle.store().tracking().metricHistory(r.id(), key, Long.MIN_VALUE, Long.MAX_VALUE));
            }
            histories.put(r.id(), h);
        }
        return runComparison(runs, histories, options);
    }

    /**
     * A model card: the Model Card Toolkit's sections (model details, model parameters with the input
     * signature, considerations, datasets, quantitative analysis with metrics named {@code metric/group}
     * grouped) filled from the registry, then stage history, every gate report with its evidence,
     * lineage, aliases, the model's versions nearest this one, and the version's audit events with the
     * status of the whole chain.
     *
     * @param versions     every version of the model (for the versions table)
     * @param aliasHistory the model's alias moves, oldest first
     * @param auditChain   the whole audit chain, oldest first (it is verified; the version's events are shown)
     * @throws IllegalArgumentException if an argument is null
     */
    public static Report modelCard(ModelCard card, List<ModelVersionRecord> versions, List<AliasChange> aliasHistory,
            List<AuditEvent> auditChain, ReportOptions options) {
        notNull("card", card);
        notNull("options", options);
        ModelVersionRecord v = card.version();
        return new ModelCardPage(card, list("versions", versions), list("aliasHistory", aliasHistory),
                list("auditChain", auditChain), options)
                .render("model-card-" + ReportLinks.fileSafe(v.modelName()) + "-v" + v.version());
    }

    /**
     * {@link #modelCard(ModelCard, List, List, List, ReportOptions)} for a version read from the
     * lifecycle's registry.
     *
     * @throws IllegalArgumentException if an argument is null or blank, or {@code version} &lt; 1
     * @throws io.mllifecycle.store.NotFoundException if the version does not exist
     */
    public static Report modelCard(Lifecycle lifecycle, String model, int version, ReportOptions options) {
        notNull("lifecycle", lifecycle);
        name("model", model);
        positive("version", version);
        ModelCard card = lifecycle.models().version(model, version).modelCard();
        return modelCard(card, lifecycle.store().registry().listVersions(model),
                lifecycle.store().registry().aliasHistory(model), lifecycle.audit().events(), options);
    }

    /**
     * A monitoring timeline from a monitor's results: per window the drift statistics, missing rates
     * and performance, with alerts, retraining requests and stage changes on one time axis.
     *
     * @throws IllegalArgumentException if an argument is null, {@code model} is blank or {@code version} &lt; 1
     */
    public static Report monitoringTimeline(String model, int version, List<WindowResult> windows,
            List<RetrainingRequest> retraining, List<StageChange> stageChanges, ReportOptions options) {
        name("model", model);
        positive("version", version);
        notNull("options", options);
        List<TimelinePage.Window> ws = new ArrayList<>();
        List<TimelinePage.Event> events = new ArrayList<>();
        for (WindowResult w : list("windows", windows)) {
            ws.add(new TimelinePage.Window(w.index(), w.end(), w.metrics()));
            for (Alert a : w.alerts()) {
                events.add(new TimelinePage.Event(a.at(), a.window(), "alert", a.rule() + ": " + a.message()));
            }
        }
        for (RetrainingRequest r : list("retraining", retraining)) {
            int window = r.evidence().isEmpty() ? -1 : r.evidence().get(r.evidence().size() - 1).index();
            events.add(new TimelinePage.Event(r.at(), window, "retrain", r.reason()));
        }
        for (StageChange c : list("stageChanges", stageChanges)) {
            events.add(stage(c));
        }
        return timeline(model, version, ws, events, options);
    }

    /**
     * The monitoring timeline of a version read from the lifecycle's store: the window metrics of its
     * monitoring run ({@link MonitoringRuns}), the {@code monitor.alert} and {@code monitor.retrain}
     * audit events about it, and its stage history. A version never monitored gives a page that says so.
     *
     * @throws IllegalArgumentException if an argument is null or blank, or {@code version} &lt; 1
     * @throws io.mllifecycle.store.NotFoundException if the version does not exist
     */
    public static Report monitoringTimeline(Lifecycle lifecycle, String model, int version, ReportOptions options) {
        notNull("lifecycle", lifecycle);
        name("model", model);
        positive("version", version);
        notNull("options", options);
        ModelVersionRecord v = lifecycle.store().registry().getVersion(model, version);
        Map<Integer, Instant> ends = new TreeMap<>();
        Map<Integer, Map<String, Double>> metrics = new TreeMap<>();
        MonitoringRuns.find(lifecycle.store(), model, version).ifPresent(run -> {
            for (String key : run.latestMetrics().keySet()) {
                for (MetricPoint p : lifecycle.store().tracking().metricHistory(run.id(), key, Long.MIN_VALUE,
                        Long.MAX_VALUE)) {
                    int index = (int) p.step();
                    metrics.computeIfAbsent(index, i -> new TreeMap<>()).put(key, p.value());
                    ends.merge(index, p.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        });
        List<TimelinePage.Window> ws = new ArrayList<>();
        metrics.forEach((i, m) -> ws.add(new TimelinePage.Window(i, ends.get(i), m)));
        List<TimelinePage.Event> events = new ArrayList<>();
        for (AuditEvent e : lifecycle.audit().eventsFor(v.reference())) {
            if (!e.subject().equals(v.reference())) {
                continue;
            }
            int window = parseWindow(e.details().get("window"));
            Instant at = window >= 0 && ends.containsKey(window) ? ends.get(window) : e.time();
            if (e.action().equals("monitor.alert")) {
                events.add(new TimelinePage.Event(at, window, "alert", e.details().getOrDefault("rule", "alert") + ": "
                        + e.details().getOrDefault("message", "")));
            } else if (e.action().equals("monitor.retrain")) {
                events.add(new TimelinePage.Event(at, window, "retrain", e.details().getOrDefault("reason", "")));
            }
        }
        v.stageHistory().forEach(c -> events.add(stage(c)));
        return timeline(model, version, ws, events, options);
    }

    /**
     * The audit trail with its chain status: verified up to event N, or the first bad event with what is
     * wrong with it. Long trails show the latest {@link ReportOptions#maxRows()} events (and the first
     * bad one).
     *
     * @param chain the whole chain, oldest first
     * @throws IllegalArgumentException if an argument is null
     */
    public static Report auditTrail(List<AuditEvent> chain, ReportOptions options) {
        return new AuditPage(list("chain", chain), notNull("options", options)).render("audit-trail");
    }

    /** {@link #auditTrail(List, ReportOptions)} over the lifecycle's whole audit trail. */
    public static Report auditTrail(Lifecycle lifecycle, ReportOptions options) {
        return auditTrail(notNull("lifecycle", lifecycle).audit().events(), options);
    }

    private static Report timeline(String model, int version, List<TimelinePage.Window> ws,
            List<TimelinePage.Event> events, ReportOptions options) {
        return new TimelinePage(model, version, ws, events, options)
                .render("monitoring-" + ReportLinks.fileSafe(model) + "-v" + version);
    }

    private static TimelinePage.Event stage(StageChange c) {
        return new TimelinePage.Event(c.at(), -1, "stage", (c.from() == null ? "registered in " : c.from() + " → ")
                + c.to() + " by " + c.actor() + (c.reason().isBlank() ? "" : " (" + c.reason() + ")"));
    }

    private static int parseWindow(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String label(RunRecord r) {
        return r.name() == null || r.name().isEmpty() ? r.id() : r.name();
    }

    private static List<RunRecord> runs(List<RunRecord> runs) {
        list("runs", runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("runs must hold at least one run, but was empty");
        }
        return List.copyOf(runs);
    }

    private static <T> List<T> list(String argument, List<T> list) {
        notNull(argument, list);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException(argument + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(list);
    }

    private static String title(String title) {
        return name("title", title);
    }

    private static String name(String argument, String value) {
        notNull(argument, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(argument + " must not be blank, but was '" + value + "'");
        }
        return value;
    }

    private static void positive(String argument, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(argument + " must be >= 1, but was " + value);
        }
    }

    static <T> T notNull(String argument, T value) {
        if (value == null) {
            throw new IllegalArgumentException(argument + " must not be null");
        }
        return value;
    }
}
