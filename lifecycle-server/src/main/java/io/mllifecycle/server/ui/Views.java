package io.mllifecycle.server.ui;

import com.sun.net.httpserver.HttpExchange;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.drift.DriftTest;
import io.mllifecycle.monitoring.MonitoringRuns;
import io.mllifecycle.report.PageWriter;
import io.mllifecycle.report.ReportOptions;
import io.mllifecycle.report.Reports;
import io.mllifecycle.server.Principal;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.FilterSyntaxException;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.OrderBy;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RunAttribute;
import io.mllifecycle.store.RunField;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Renders each page of the web UI; the report pages come from {@code lifecycle-report}. */
final class Views {
    static final String FOOTER = "ML Lifecycle web UI · read-only · no scripts";
    /** Style rules of the UI's own pages, after the reports' sheet. */
    static final String CSS = "header nav{display:flex;flex-wrap:wrap;gap:.2em 0;margin-bottom:.4em}"
            + "form.filter{display:flex;flex-wrap:wrap;gap:6px;margin:.6em 0}"
            + "form.filter input[type=search]{flex:1 1 300px;min-width:0;font:inherit;font-family:ui-monospace,SFMono-Regular,"
            + "Menlo,Consolas,monospace;padding:4px 6px;border:1px solid var(--line);border-radius:4px}"
            + "button{font:inherit;padding:4px 12px;border:1px solid var(--line);border-radius:4px;background:var(--alt);"
            + "cursor:pointer}button:hover{border-color:var(--mut)}"
            + "pre.error{white-space:pre;overflow-x:auto;background:#fef3f2;border:1px solid var(--bad);padding:8px;"
            + "border-radius:6px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}"
            + "nav.pager{display:flex;flex-wrap:wrap;gap:.5em 1.2em;margin:.6em 0;align-items:center}"
            + "th a{color:inherit;text-decoration:none;white-space:nowrap}th a:hover{text-decoration:underline}"
            + "th a.sorted{color:var(--ref)}td.check,th.check{width:1.6em;text-align:center}"
            + "form.login{display:grid;gap:8px;max-width:420px;margin:1em 0}form.login input{font:inherit;padding:6px;"
            + "border:1px solid var(--line);border-radius:4px}"
            + "th.num{text-align:right}#runs td,#runs th{white-space:nowrap}#runs td:nth-child(2){white-space:normal;"
            + "min-width:9em}"
            + "@media print{form.filter,nav.pager,button,td.check,th.check{display:none}}";

    private static final int MAX_METRIC_COLUMNS = 8;
    private static final int MAX_PARAM_COLUMNS = 5;
    private static final int MAX_BACK = 20;
    private static final int MAX_COMPARED = 20;
    private static final String FIRST = "~";
    private static final Set<String> TESTS = Arrays.stream(DriftTest.values())
            .map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private final Lifecycle lifecycle;

    Views(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    private LifecycleStore store() {
        return lifecycle.store();
    }

    WebUi.Answer render(WebUi.Request r) {
        return switch (r.path) {
            case "/experiments" -> ok(experiments(r));
            case "/runs" -> runs(r);
            case "/run" -> ok(Reports.runComparison(lifecycle, List.of(r.required("id")), r.options).html());
            case "/compare" -> compare(r);
            case "/models" -> ok(models(r));
            case "/model" -> ok(model(r));
            case "/version" -> ok(Reports.modelCard(lifecycle, r.required("model"), r.integer("version", 0, 1,
                    Integer.MAX_VALUE), r.options).html());
            case "/monitors" -> ok(monitors(r));
            case "/monitoring" -> ok(Reports.monitoringTimeline(lifecycle, r.required("model"), r.integer("version", 0, 1,
                    Integer.MAX_VALUE), r.options).html());
            case "/window" -> ok(window(r));
            case "/audit" -> ok(Reports.auditTrail(lifecycle, r.options).html());
            default -> new WebUi.Answer(404, WebUi.message(r.options, "Not found", "There is no page "
                    + WebUi.BASE + r.path + "."));
        };
    }

    private static WebUi.Answer ok(String html) {
        return new WebUi.Answer(200, html);
    }

    // ---------------------------------------------------------------- login

    String login(String next, String error, boolean anonymousAllowed) {
        PageWriter w = PageWriter.start("Log in", "ML Lifecycle web UI (read-only)", ReportOptions.DEFAULTS, CSS);
        if (!error.isEmpty()) {
            w.raw("<p class=\"banner bad\" id=\"login-error\">").text(error).raw("</p>");
        }
        w.raw("<form class=\"login\" method=\"post\" action=\"" + WebUi.BASE + "/login\">")
                .raw("<label for=\"token\">Bearer token (any role; reader is enough)</label>")
                .raw("<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required>")
                .raw("<input type=\"hidden\" name=\"next\"").attr("value", next).raw(">")
                .raw("<button type=\"submit\">Log in</button></form>");
        w.element("p", "note", "The token is checked once; the browser then holds only a random session id in an "
                + "HttpOnly cookie, which expires or ends when you log out. Tokens come from the server's token "
                + "file (lifecycle-server add-token).");
        if (anonymousAllowed) {
            w.raw("<p>").link(WebUi.BASE + "/experiments", "Browse without logging in (anonymous, read-only)")
                    .raw("</p>");
        }
        return w.finish(FOOTER);
    }

    String logout(Principal who) {
        ReportOptions options = who == null ? ReportOptions.DEFAULTS : ReportOptions.DEFAULTS.withLinks(new UiLinks(who));
        PageWriter w = PageWriter.start("Log out", who == null || who.anonymous() ? "not logged in"
                : "logged in as " + who.actor(), options, CSS);
        w.raw("<form method=\"post\" action=\"" + WebUi.BASE + "/logout\"><button type=\"submit\" id=\"logout\">"
                + "Log out</button></form>");
        return w.finish(FOOTER);
    }

    // ---------------------------------------------------------------- experiments

    private String experiments(WebUi.Request r) {
        List<ExperimentRecord> all = store().tracking().listExperiments();
        PageWriter w = PageWriter.start("Experiments", all.size() + (all.size() == 1 ? " experiment" : " experiments"),
                r.options, CSS);
        w.raw("<p>").link(UiLinks.url("/runs"), "Runs of every experiment").raw("</p>");
        if (all.isEmpty()) {
            w.element("p", "note", "No experiment yet.");
            return w.finish(FOOTER);
        }
        w.raw("<div class=\"wrap\"><table id=\"experiments\"><thead><tr><th>Name</th><th>Id</th><th>State</th>"
                + "<th>Created</th><th>Description</th><th>Tags</th></tr></thead><tbody>");
        for (ExperimentRecord e : all) {
            w.raw("<tr><td>").link(UiLinks.runsOf(e.id()), e.name()).raw("</td><td class=\"mono\">").text(e.id())
                    .raw("</td>").td(e.archived() ? "archived" : "active").td(time(e.createdAt()))
                    .td(e.description()).td(kv(e.tags())).raw("</tr>");
        }
        w.raw("</tbody></table></div>");
        return w.finish(FOOTER);
    }

    // ---------------------------------------------------------------- runs

    /** The state of a runs table: what is searched, in which order, which page. */
    private record RunsState(List<String> experiments, String filter, String order, String token, List<String> back,
                             int number, int size) {
        RunsState withFilter(String newFilter) {
            return new RunsState(experiments, newFilter, order, null, List.of(), 1, size);
        }

        String url(String newOrder, String newToken, List<String> newBack, int newNumber) {
            List<String> pairs = new ArrayList<>();
            experiments.forEach(e -> {
                pairs.add("experiment");
                pairs.add(e);
            });
            if (!filter.isEmpty()) {
                pairs.add("filter");
                pairs.add(filter);
            }
            if (!newOrder.isEmpty()) {
                pairs.add("order");
                pairs.add(newOrder);
            }
            if (size != 50) {
                pairs.add("size");
                pairs.add(Integer.toString(size));
            }
            if (newToken != null) {
                pairs.add("page");
                pairs.add(newToken);
                pairs.add("pn");
                pairs.add(Integer.toString(newNumber));
                if (newBack != null && !newBack.isEmpty()) {
                    pairs.add("back");
                    pairs.add(String.join(".", newBack));
                }
            }
            return UiLinks.url("/runs", pairs.toArray(String[]::new));
        }
    }

    private WebUi.Answer runs(WebUi.Request r) {
        List<String> experiments = r.params("experiment").stream().filter(s -> !s.isEmpty()).distinct().toList();
        String filter = r.param("filter") == null ? "" : r.param("filter").strip();
        String order = r.param("order") == null ? "" : r.param("order").strip();
        String token = r.param("page") == null || r.param("page").isEmpty() ? null : r.param("page");
        List<String> back = r.param("back") == null || r.param("back").isEmpty() ? List.of()
                : List.of(r.param("back").split("\\.", -1));
        int size = r.integer("size", 50, 1, 500);
        int number = token == null ? 1 : r.integer("pn", 1, 1, Integer.MAX_VALUE);
        RunsState state = new RunsState(experiments, filter, order, token, back, number, size);

        Map<String, ExperimentRecord> byId = new LinkedHashMap<>();
        store().tracking().listExperiments().forEach(e -> byId.put(e.id(), e));
        for (String id : experiments) {
            if (!byId.containsKey(id)) {
                throw new NotFoundException("experiment " + Checks.quote(id) + " does not exist");
            }
        }
        String title = experiments.isEmpty() ? "Runs of every experiment" : experiments.size() == 1
                ? "Runs of " + byId.get(experiments.get(0)).name()
                : "Runs of " + experiments.stream().map(id -> byId.get(id).name()).collect(Collectors.joining(", "));

        String error = null;
        RunPage page = null;
        List<OrderBy> orderKeys = List.of();
        try {
            RunQuery.Builder q = RunQuery.builder().experiments(experiments).pageSize(size);
            if (!filter.isEmpty()) {
                q.filter(filter);
            }
            if (!order.isEmpty()) {
                orderKeys = OrderBy.parse(order);
                q.orderBy(orderKeys.toArray(OrderBy[]::new));
            }
            if (token != null) {
                q.pageToken(token);
            }
            page = store().tracking().searchRuns(q.build());
        } catch (FilterSyntaxException e) {
            error = (e.input().equals(filter) ? "The filter" : "The order") + " does not parse: " + e.getMessage();
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }

        PageWriter w = PageWriter.start(title, experiments.isEmpty() ? byId.size() + " experiments searched"
                : "", r.options, CSS);
        w.raw("<form class=\"filter\" id=\"filter-form\" method=\"get\" action=\"" + WebUi.BASE + "/runs\">");
        for (String e : experiments) {
            w.raw("<input type=\"hidden\" name=\"experiment\"").attr("value", e).raw(">");
        }
        if (!order.isEmpty()) {
            w.raw("<input type=\"hidden\" name=\"order\"").attr("value", order).raw(">");
        }
        w.raw("<input type=\"search\" name=\"filter\" id=\"filter\" aria-label=\"Filter runs\" spellcheck=\"false\" "
                + "placeholder=\"metrics.auc &gt; 0.8 and params.depth = '6'\"").attr("value", filter)
                .raw("><button type=\"submit\">Filter</button>");
        if (!filter.isEmpty()) {
            w.link(state.withFilter("").url(order, null, null, 1), "Clear filter");
        }
        w.raw("</form>");
        w.element("p", "note", "The filter is MLflow's search language: metrics.<key>, params.<key>, tags.<key> and "
                + "attributes (status, run_name, start_time, user …) compared with = != < <= > >= LIKE ILIKE IN, "
                + "joined with and; keys with spaces in backticks.");
        if (error != null) {
            w.raw("<pre class=\"error\" id=\"filter-error\">").text(error).raw("</pre>");
            return new WebUi.Answer(400, w.finish(FOOTER));
        }
        runTable(w, r, state, page, orderKeys, byId);
        return ok(w.finish(FOOTER));
    }

    private void runTable(PageWriter w, WebUi.Request r, RunsState state, RunPage page, List<OrderBy> orderKeys,
            Map<String, ExperimentRecord> byId) {
        long first = (long) (state.number() - 1) * state.size() + 1;
        if (page.runs().isEmpty()) {
            w.raw("<p id=\"run-count\">").text(page.count() + " runs match." + (state.token() == null ? ""
                    : " This page is past the last one.")).raw("</p>");
        } else {
            w.raw("<p id=\"run-count\">").text("Runs " + first + "–" + (first + page.runs().size() - 1) + " of "
                    + page.count() + " matching.").raw("</p>");
        }
        pager(w, state, page);
        if (page.runs().isEmpty()) {
            return;
        }
        TreeSet<String> metricKeys = new TreeSet<>();
        TreeSet<String> paramKeys = new TreeSet<>();
        for (RunRecord run : page.runs()) {
            metricKeys.addAll(run.latestMetrics().keySet());
            paramKeys.addAll(run.params().keySet());
        }
        List<String> metrics = columns(metricKeys, orderKeys, RunField.Kind.METRIC, MAX_METRIC_COLUMNS);
        List<String> params = columns(paramKeys, orderKeys, RunField.Kind.PARAM, MAX_PARAM_COLUMNS);
        boolean showExperiment = state.experiments().size() != 1;

        w.raw("<form method=\"get\" action=\"" + WebUi.BASE + "/compare\" id=\"compare-form\">");
        w.raw("<p><button type=\"submit\" id=\"compare\">Compare selected runs</button></p>");
        w.raw("<div class=\"wrap\"><table id=\"runs\"><thead><tr><th class=\"check\" title=\"select to compare\">✓</th>");
        sortHeader(w, state, orderKeys, RunField.attribute(RunAttribute.RUN_NAME), "Run");
        if (showExperiment) {
            w.raw("<th>Experiment</th>");
        }
        sortHeader(w, state, orderKeys, RunField.attribute(RunAttribute.STATUS), "Status");
        sortHeader(w, state, orderKeys, RunField.attribute(RunAttribute.START_TIME), "Started");
        sortHeader(w, state, orderKeys, RunField.attribute(RunAttribute.USER), "User");
        for (String k : metrics) {
            sortHeader(w, state, orderKeys, RunField.metric(k), k);
        }
        for (String k : params) {
            sortHeader(w, state, orderKeys, RunField.param(k), k);
        }
        w.raw("</tr></thead><tbody>");
        for (RunRecord run : page.runs()) {
            w.raw("<tr><td class=\"check\"><input type=\"checkbox\" name=\"run\"").attr("value", run.id())
                    .attr("aria-label", "select " + run.id()).raw("></td><td>")
                    .link(r.options.links().run(run.id()).orElse(null), run.name().isEmpty() ? run.id() : run.name())
                    .raw("</td>");
            if (showExperiment) {
                ExperimentRecord e = byId.get(run.experimentId());
                w.raw("<td>").link(UiLinks.runsOf(run.experimentId()), e == null ? run.experimentId() : e.name())
                        .raw("</td>");
            }
            w.td(run.status().name()).td(time(run.startTime()))
                    .td(run.tags().getOrDefault(RunAttribute.USER_TAG, "—"));
            for (String k : metrics) {
                MetricPoint p = run.latestMetrics().get(k);
                w.tdNum(p == null ? "" : PageWriter.number(p.value()));
            }
            for (String k : params) {
                w.td(run.params().getOrDefault(k, ""));
            }
            w.raw("</tr>");
        }
        w.raw("</tbody></table></div>");
        int hiddenMetrics = metricKeys.size() - metrics.size();
        int hiddenParams = paramKeys.size() - params.size();
        if (hiddenMetrics > 0 || hiddenParams > 0) {
            w.element("p", "note", "Columns for " + hiddenMetrics + " more metrics and " + hiddenParams
                    + " more params of this page are left out; a run's page shows all of them.");
        }
        w.raw("</form>");
        pager(w, state, page);
    }

    /** The keys shown as columns: those the order uses first, then the others by name, at most {@code max}. */
    private static List<String> columns(TreeSet<String> keys, List<OrderBy> order, RunField.Kind kind, int max) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        order.stream().filter(o -> o.field().kind() == kind && keys.contains(o.field().key()))
                .forEach(o -> out.add(o.field().key()));
        for (String k : keys) {
            if (out.size() >= max) {
                break;
            }
            out.add(k);
        }
        return List.copyOf(out);
    }

    private static void sortHeader(PageWriter w, RunsState state, List<OrderBy> order, RunField field, String label) {
        boolean current = !order.isEmpty() && order.get(0).field().equals(field);
        boolean ascending = current ? !order.get(0).ascending() : !field.isNumeric();
        String next = new OrderBy(field, ascending).toString();
        String arrow = current ? (order.get(0).ascending() ? " ▲" : " ▼") : "";
        w.raw(field.kind() == RunField.Kind.METRIC ? "<th class=\"num\"><a" : "<th><a")
                .attr("class", current ? "sort sorted" : "sort").attr("href", state.url(next, null, null, 1))
                .attr("title", "sort by " + next).raw(">").userText(label).text(arrow).raw("</a></th>");
    }

    private static void pager(PageWriter w, RunsState state, RunPage page) {
        if (state.token() == null && !page.hasNext()) {
            return;
        }
        w.raw("<nav class=\"pager\">");
        if (state.token() != null) {
            w.raw("<a rel=\"first\" class=\"first\"").attr("href", state.url(state.order(), null, null, 1))
                    .raw(">« First</a>");
            if (!state.back().isEmpty()) {
                String previous = state.back().get(state.back().size() - 1);
                List<String> rest = state.back().subList(0, state.back().size() - 1);
                w.raw("<a rel=\"prev\" class=\"prev\"").attr("href", FIRST.equals(previous)
                        ? state.url(state.order(), null, null, 1)
                        : state.url(state.order(), previous, rest, Math.max(1, state.number() - 1))).raw(">‹ Previous</a>");
            }
        }
        w.raw("<span>").text("page " + state.number()).raw("</span>");
        if (page.hasNext()) {
            List<String> back = new ArrayList<>(state.back());
            back.add(state.token() == null ? FIRST : state.token());
            // the way back is kept in the link itself (no server state); only the last pages are kept so the
            // link stays short, and First always works
            List<String> kept = back.size() > MAX_BACK ? back.subList(back.size() - MAX_BACK, back.size()) : back;
            w.raw("<a rel=\"next\" class=\"next\"").attr("href", state.url(state.order(), page.nextPageToken(), kept,
                    state.number() + 1)).raw(">Next ›</a>");
        }
        w.raw("</nav>");
    }

    // ---------------------------------------------------------------- compare

    private WebUi.Answer compare(WebUi.Request r) {
        List<String> ids = r.params("run").stream().filter(s -> !s.isEmpty()).distinct().toList();
        if (ids.isEmpty()) {
            return new WebUi.Answer(400, WebUi.message(r.options, "Nothing to compare",
                    "Select at least one run (tick its box in a runs table), then press Compare selected runs."));
        }
        if (ids.size() > MAX_COMPARED) {
            return new WebUi.Answer(400, WebUi.message(r.options, "Too many runs",
                    "At most " + MAX_COMPARED + " runs can be compared at once, but " + ids.size() + " were selected."));
        }
        return ok(Reports.runComparison(lifecycle, ids, r.options).html());
    }

    // ---------------------------------------------------------------- models

    private String models(WebUi.Request r) {
        List<RegisteredModelRecord> all = store().registry().listModels();
        PageWriter w = PageWriter.start("Models", all.size() + (all.size() == 1 ? " model" : " models"), r.options, CSS);
        if (all.isEmpty()) {
            w.element("p", "note", "No registered model yet.");
            return w.finish(FOOTER);
        }
        w.raw("<div class=\"wrap\"><table id=\"models\"><thead><tr><th>Model</th><th class=\"num\">Versions</th><th>Latest</th>"
                + "<th>By stage</th><th>Aliases</th><th>Description</th></tr></thead><tbody>");
        for (RegisteredModelRecord m : all) {
            List<ModelVersionRecord> versions = store().registry().listVersions(m.name());
            w.raw("<tr><td>").link(UiLinks.model(m.name()), m.name()).raw("</td>")
                    .tdNum(Integer.toString(versions.size())).raw("<td>");
            if (!versions.isEmpty()) {
                ModelVersionRecord latest = versions.get(versions.size() - 1);
                w.link(r.options.links().modelVersion(m.name(), latest.version()).orElse(null), "v" + latest.version());
            }
            w.raw("</td>").td(byStage(versions)).raw("<td>");
            aliases(w, r, m);
            w.raw("</td>").td(m.description()).raw("</tr>");
        }
        w.raw("</tbody></table></div>");
        return w.finish(FOOTER);
    }

    private static String byStage(List<ModelVersionRecord> versions) {
        Map<String, List<String>> stages = new TreeMap<>();
        versions.forEach(v -> stages.computeIfAbsent(v.stage().name(), s -> new ArrayList<>()).add("v" + v.version()));
        return stages.entrySet().stream().map(e -> e.getKey() + ": " + (e.getValue().size() > 5
                ? e.getValue().size() + " versions" : String.join(", ", e.getValue()))).collect(Collectors.joining("; "));
    }

    private static void aliases(PageWriter w, WebUi.Request r, RegisteredModelRecord m) {
        boolean first = true;
        for (Map.Entry<String, Integer> a : m.aliases().entrySet()) {
            if (!first) {
                w.raw(", ");
            }
            first = false;
            w.link(r.options.links().modelVersion(m.name(), a.getValue()).orElse(null), "@" + a.getKey() + " → v"
                    + a.getValue());
        }
    }

    private String model(WebUi.Request r) {
        RegisteredModelRecord m = store().registry().getModel(r.required("name"));
        List<ModelVersionRecord> versions = new ArrayList<>(store().registry().listVersions(m.name()));
        versions.sort((a, b) -> Integer.compare(b.version(), a.version()));
        PageWriter w = PageWriter.start("Model " + m.name(), versions.size() + " versions, newest first", r.options, CSS);
        w.raw("<dl class=\"kv\"><dt>Description</dt><dd>").userText(m.description().isEmpty() ? "—" : m.description())
                .raw("</dd><dt>Created</dt><dd>").text(time(m.createdAt())).raw("</dd><dt>Aliases</dt><dd>");
        if (m.aliases().isEmpty()) {
            w.text("none");
        } else {
            aliases(w, r, m);
        }
        w.raw("</dd><dt>Tags</dt><dd>").userText(m.tags().isEmpty() ? "none" : kv(m.tags())).raw("</dd></dl>");
        if (versions.isEmpty()) {
            w.element("p", "note", "No version registered.");
            return w.finish(FOOTER);
        }
        Map<Integer, List<String>> aliasesOf = new TreeMap<>();
        m.aliases().forEach((a, v) -> aliasesOf.computeIfAbsent(v, x -> new ArrayList<>()).add("@" + a));
        Set<String> monitored = monitoredVersions(m.name());
        w.raw("<div class=\"wrap\"><table id=\"versions\"><thead><tr><th>Version</th><th>Stage</th><th>Aliases</th>"
                + "<th>Created</th><th>Source run</th><th>Gate reports</th><th class=\"num\">Stage changes</th><th>Monitoring</th>"
                + "</tr></thead><tbody>");
        for (ModelVersionRecord v : versions) {
            long passed = v.gateReports().stream().filter(GateReport::passed).count();
            w.raw("<tr><td>").link(r.options.links().modelVersion(m.name(), v.version()).orElse(null), "v" + v.version())
                    .raw("</td>").td(v.stage().name()).td(String.join(" ", aliasesOf.getOrDefault(v.version(), List.of())))
                    .td(time(v.createdAt())).raw("<td class=\"mono\">")
                    .link(v.sourceRunId() == null ? null : r.options.links().run(v.sourceRunId()).orElse(null),
                            v.sourceRunId() == null ? "—" : v.sourceRunId())
                    .raw("</td>").td(v.gateReports().isEmpty() ? "—" : passed + " passed, "
                            + (v.gateReports().size() - passed) + " refused")
                    .tdNum(Integer.toString(v.stageHistory().size())).raw("<td>");
            if (monitored.contains(Integer.toString(v.version()))) {
                w.link(r.options.links().monitoringTimeline(m.name(), v.version()).orElse(null), "timeline");
            } else {
                w.text("—");
            }
            w.raw("</td></tr>");
        }
        w.raw("</tbody></table></div>");
        return w.finish(FOOTER);
    }

    /** @return the versions (as text) of {@code model} that have a monitoring run */
    private Set<String> monitoredVersions(String model) {
        Set<String> out = new TreeSet<>();
        for (RunRecord run : monitoringRuns(model)) {
            String v = run.tags().get("version");
            if (model.equals(run.tags().get("model")) && v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private List<RunRecord> monitoringRuns(String model) {
        return store().tracking().findExperiment(MonitoringRuns.EXPERIMENT_PREFIX + model)
                .map(e -> allRuns(e.id())).orElse(List.of());
    }

    private List<RunRecord> allRuns(String experimentId) {
        List<RunRecord> out = new ArrayList<>();
        RunQuery q = RunQuery.builder(experimentId).pageSize(RunQuery.MAX_PAGE_SIZE).build();
        while (true) {
            RunPage page = store().tracking().searchRuns(q);
            out.addAll(page.runs());
            if (!page.hasNext()) {
                return out;
            }
            q = q.withPageToken(page.nextPageToken());
        }
    }

    // ---------------------------------------------------------------- monitors

    private String monitors(WebUi.Request r) {
        record Monitored(String model, int version, int sessions, boolean running, long lastWindow, Instant lastEnd) {}
        List<Monitored> rows = new ArrayList<>();
        for (ExperimentRecord e : store().tracking().listExperiments()) {
            if (!e.name().startsWith(MonitoringRuns.EXPERIMENT_PREFIX)) {
                continue;
            }
            String model = e.name().substring(MonitoringRuns.EXPERIMENT_PREFIX.length());
            Map<Integer, List<RunRecord>> byVersion = new TreeMap<>();
            for (RunRecord run : allRuns(e.id())) {
                try {
                    if (model.equals(run.tags().get("model"))) {
                        byVersion.computeIfAbsent(Integer.parseInt(run.tags().getOrDefault("version", "")),
                                v -> new ArrayList<>()).add(run);
                    }
                } catch (NumberFormatException notAMonitoringRun) {
                    // a run someone else put into the experiment: not a monitor session
                }
            }
            byVersion.forEach((v, runs) -> {
                long last = -1;
                Instant end = null;
                for (RunRecord run : runs) {
                    MetricPoint p = run.latestMetrics().get("window.rows");
                    if (p != null && p.step() > last) {
                        last = p.step();
                        end = p.timestamp();
                    }
                }
                rows.add(new Monitored(model, v, runs.size(), runs.stream().anyMatch(x -> x.status() == RunStatus.RUNNING),
                        last, end));
            });
        }
        PageWriter w = PageWriter.start("Monitors", rows.size() + (rows.size() == 1 ? " monitored version"
                : " monitored versions"), r.options, CSS);
        w.element("p", "note", "Each monitor session of a version is a run of the experiment monitoring/<model>; its "
                + "windows are that run's metrics, with the window index as step.");
        if (rows.isEmpty()) {
            w.element("p", "note", "No version has been monitored yet.");
            return w.finish(FOOTER);
        }
        w.raw("<div class=\"wrap\"><table id=\"monitors\"><thead><tr><th>Model version</th><th>Stage</th>"
                + "<th class=\"num\">Sessions</th><th>State</th><th class=\"num\">Windows</th><th>Last window ended</th><th>Timeline</th>"
                + "</tr></thead><tbody>");
        for (Monitored m : rows) {
            String stage = store().registry().findModel(m.model()).isEmpty() ? "—" : stageOf(m.model(), m.version());
            w.raw("<tr><td>").link(r.options.links().modelVersion(m.model(), m.version()).orElse(null), m.model() + " v"
                    + m.version()).raw("</td>").td(stage).tdNum(Integer.toString(m.sessions()))
                    .td(m.running() ? "running" : "closed").tdNum(Long.toString(m.lastWindow() + 1))
                    .td(m.lastEnd() == null ? "—" : time(m.lastEnd())).raw("<td>");
            w.link(r.options.links().monitoringTimeline(m.model(), m.version()).orElse(null), "timeline");
            if (m.lastWindow() >= 0) {
                w.raw(" · ").link(r.options.links().monitoringWindow(m.model(), m.version(), (int) m.lastWindow())
                        .orElse(null), "last window");
            }
            w.raw("</td></tr>");
        }
        w.raw("</tbody></table></div>");
        return w.finish(FOOTER);
    }

    private String stageOf(String model, int version) {
        try {
            return store().registry().getVersion(model, version).stage().name();
        } catch (NotFoundException e) {
            return "—";
        }
    }

    // ---------------------------------------------------------------- one monitoring window

    private String window(WebUi.Request r) {
        String model = r.required("model");
        int version = r.integer("version", 0, 1, Integer.MAX_VALUE);
        int index = r.integer("window", -1, 0, Integer.MAX_VALUE);
        if (index < 0) {
            throw new IllegalArgumentException("query parameter 'window' must be set, but was absent");
        }
        ModelVersionRecord v = store().registry().getVersion(model, version);
        Map<String, MetricPoint> at = new TreeMap<>();
        long lastIndex = -1;
        for (RunRecord run : MonitoringRuns.runs(store(), model, version)) {
            for (String key : run.latestMetrics().keySet()) {
                for (MetricPoint p : store().tracking().metricHistory(run.id(), key, index, index)) {
                    at.put(key, p);
                }
            }
            MetricPoint rows = run.latestMetrics().get("window.rows");
            if (rows != null) {
                lastIndex = Math.max(lastIndex, rows.step());
            }
        }
        if (at.isEmpty()) {
            throw new NotFoundException("window " + index + " of " + v.reference() + " has no stored results"
                    + (lastIndex < 0 ? "; the version was never monitored" : "; its windows are 0 to " + lastIndex));
        }
        Instant end = at.values().stream().map(MetricPoint::timestamp).max(Instant::compareTo).orElse(null);
        double rows = value(at, "window.rows");
        PageWriter w = PageWriter.start("Drift of " + model + " v" + version + ", window " + index,
                "window " + index + " ended " + (end == null ? "—" : time(end)) + " · " + PageWriter.number(rows)
                        + " rows", r.options, CSS);
        w.raw("<nav class=\"pager\">");
        r.options.links().monitoringTimeline(model, version).ifPresent(h -> w.link(h, "Monitoring timeline"));
        r.options.links().modelVersion(model, version).ifPresent(h -> w.link(h, "Model card"));
        if (index > 0) {
            w.raw("<a rel=\"prev\" class=\"prev\"").attr("href", r.options.links().monitoringWindow(model, version,
                    index - 1).orElse("")).raw(">‹ Window " + (index - 1) + "</a>");
        }
        if (index < lastIndex) {
            w.raw("<a rel=\"next\" class=\"next\"").attr("href", r.options.links().monitoringWindow(model, version,
                    index + 1).orElse("")).raw(">Window " + (index + 1) + " ›</a>");
        }
        w.raw("</nav>");
        double drifted = value(at, "drift.columns_drifted");
        double share = value(at, "drift.share_drifted");
        w.raw("<p id=\"summary\" class=\"banner " + (drifted > 0 ? "bad" : "ok") + "\">").text(Double.isNaN(drifted)
                ? "No drift statistics were stored for this window."
                : PageWriter.number(drifted) + " columns drifted (" + PageWriter.number(100 * share)
                        + "% of the columns tested).").raw("</p>");

        // drift.<column>.<test> and drift.<column>.<test>.p_value; the column may hold dots, the test never does
        Map<String, Map<String, double[]>> tests = new TreeMap<>();
        Map<String, Double> missing = new TreeMap<>();
        Map<String, Double> other = new TreeMap<>();
        for (Map.Entry<String, MetricPoint> e : at.entrySet()) {
            String key = e.getKey();
            double value = e.getValue().value();
            if (key.startsWith("missing.") && key.endsWith(".rate") && key.length() > 13) {
                missing.put(key.substring(8, key.length() - 5), value);
                continue;
            }
            if (key.startsWith("drift.") && !key.equals("drift.columns_drifted") && !key.equals("drift.share_drifted")) {
                boolean p = key.endsWith(".p_value");
                String rest = key.substring(6, p ? key.length() - 8 : key.length());
                int dot = rest.lastIndexOf('.');
                if (dot > 0 && TESTS.contains(rest.substring(dot + 1))) {
                    double[] sp = tests.computeIfAbsent(rest.substring(0, dot), c -> new TreeMap<>())
                            .computeIfAbsent(rest.substring(dot + 1), t -> new double[] {Double.NaN, Double.NaN});
                    sp[p ? 1 : 0] = value;
                    continue;
                }
            }
            if (!key.equals("window.rows") && !key.equals("drift.columns_drifted") && !key.equals("drift.share_drifted")) {
                other.put(key, value);
            }
        }
        w.raw("<h2 id=\"columns\">Columns</h2>");
        TreeSet<String> columns = new TreeSet<>(tests.keySet());
        columns.addAll(missing.keySet());
        if (columns.isEmpty()) {
            w.element("p", "note", "No column statistics were stored for this window.");
        } else {
            w.raw("<div class=\"wrap\"><table id=\"window-columns\"><thead><tr><th>Column</th><th class=\"num\">Missing rate</th>"
                    + "<th>Test</th><th class=\"num\">Statistic</th><th class=\"num\">p-value</th></tr></thead><tbody>");
            for (String c : columns) {
                Map<String, double[]> byTest = tests.getOrDefault(c, Map.of());
                int span = Math.max(1, byTest.size());
                w.raw("<tr><td rowspan=\"" + span + "\">").userText(c).raw("</td><td class=\"num\" rowspan=\"" + span
                        + "\">").text(missing.containsKey(c) ? String.format(Locale.ROOT, "%.1f%%", 100 * missing.get(c))
                        : "—").raw("</td>");
                if (byTest.isEmpty()) {
                    w.raw("<td>—</td><td></td><td></td></tr>");
                    continue;
                }
                boolean firstRow = true;
                for (Map.Entry<String, double[]> t : byTest.entrySet()) {
                    if (!firstRow) {
                        w.raw("<tr>");
                    }
                    firstRow = false;
                    w.td(t.getKey().toUpperCase(Locale.ROOT).replace('_', '-')).tdNum(PageWriter.number(t.getValue()[0]))
                            .tdNum(Double.isNaN(t.getValue()[1]) ? "—" : String.format(Locale.ROOT, "%.3g",
                                    t.getValue()[1])).raw("</tr>");
                }
            }
            w.raw("</tbody></table></div>");
        }
        w.raw("<h2 id=\"performance\">Performance and labels</h2>");
        if (other.isEmpty()) {
            w.element("p", "note", "No performance metric was stored for this window (labels may be pending).");
        } else {
            w.raw("<div class=\"wrap\"><table id=\"window-metrics\"><thead><tr><th>Metric</th><th class=\"num\">Value</th></tr>"
                    + "</thead><tbody>");
            other.forEach((k, x) -> w.raw("<tr>").td(k).tdNum(PageWriter.number(x)).raw("</tr>"));
            w.raw("</tbody></table></div>");
        }
        w.raw("<h2 id=\"alerts\">Alerts</h2>");
        List<AuditEvent> alerts = lifecycle.audit().eventsFor(v.reference()).stream()
                .filter(e -> e.subject().equals(v.reference()) && e.action().startsWith("monitor.")
                        && Integer.toString(index).equals(e.details().get("window"))).toList();
        if (alerts.isEmpty()) {
            w.element("p", "note", "No alert or retraining request was recorded for this window.");
        } else {
            w.raw("<div class=\"wrap\"><table id=\"window-alerts\"><thead><tr><th>#</th><th>Time</th><th>Action</th>"
                    + "<th>Details</th></tr></thead><tbody>");
            for (AuditEvent e : alerts) {
                w.raw("<tr>").tdNum(Long.toString(e.sequence())).td(time(e.time())).td(e.action()).td(kv(e.details()))
                        .raw("</tr>");
            }
            w.raw("</tbody></table></div>");
        }
        w.element("p", "note", "A monitor stores each window's statistics as metrics of its monitoring run (test "
                + "statistic and p-value per column, missing rates, performance); the distributions behind them stay "
                + "with the monitor. For the full drift report with histograms, render Reports.driftWindow from the "
                + "monitor's WindowResult.");
        return w.finish(FOOTER);
    }

    private static double value(Map<String, MetricPoint> at, String key) {
        MetricPoint p = at.get(key);
        return p == null ? Double.NaN : p.value();
    }

    // ---------------------------------------------------------------- artifacts

    void artifact(HttpExchange exchange, WebUi.Request r) throws IOException {
        RunRecord run = store().tracking().getRun(r.required("run"));
        String path = r.required("path");
        String digest = run.artifacts().get(path);
        if (digest == null) {
            throw new NotFoundException("run " + run.id() + " has no artifact " + Checks.quote(path));
        }
        ArtifactInfo info = store().artifacts().info(digest).orElseThrow(() -> new NotFoundException("the bytes of "
                + "artifact " + Checks.quote(path) + " of run " + run.id() + " were purged"));
        String name = path.substring(path.lastIndexOf('/') + 1);
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        // always a download, never rendered in the UI's origin: an HTML artifact must not run as our page
        WebUi.headers(exchange, "application/octet-stream");
        exchange.getResponseHeaders().set("Content-Security-Policy", "sandbox; default-src 'none'");
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + ascii
                + "\"; filename*=UTF-8''" + UiLinks.enc(name).replace("+", "%20"));
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, info.size() == 0 ? -1 : info.size());
        try (InputStream in = store().artifacts().open(digest); OutputStream out = exchange.getResponseBody()) {
            in.transferTo(out);
        }
    }

    // ---------------------------------------------------------------- helpers

    static String time(Instant t) {
        return t == null ? "—" : t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
    }

    static String kv(Map<String, String> m) {
        return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Quoting of values in messages, as the store's messages do. */
    private static final class Checks {
        static String quote(String s) {
            return io.mllifecycle.store.spi.Checks.quote(s);
        }
    }
}
