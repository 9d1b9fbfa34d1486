package io.mllifecycle.server.ui;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.report.PageWriter;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.FilterSyntaxException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.OrderBy;
import io.mllifecycle.store.RunAttribute;
import io.mllifecycle.store.RunField;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The runs table: filter box (the search language), sort links, keyset paging, compare checkboxes. */
final class RunsView {
    private static final int MAX_METRIC_COLUMNS = 8;
    private static final int MAX_PARAM_COLUMNS = 5;
    private static final int MAX_BACK = 20;
    private static final String FIRST = "~";

    private final Lifecycle lifecycle;

    RunsView(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    private LifecycleStore store() {
        return lifecycle.store();
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

    WebUi.Answer runs(WebUi.Request r) {
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
                throw new NotFoundException("experiment " + Views.quote(id) + " does not exist");
            }
        }
        String title = experiments.isEmpty() ? "Runs of every experiment" : experiments.size() == 1
                ? "Runs of " + byId.get(experiments.get(0)).name()
                : "Runs of " + experiments.stream().map(id -> byId.get(id).name()).collect(Collectors.joining(", "));

        String error = null;
        RunPage page = null;
        List<OrderBy> orderKeys = List.of();
        try {
            // people read "Runs 1–50 of N": the table asks the store to count (a pass over the matches)
            RunQuery.Builder q = RunQuery.builder().experiments(experiments).pageSize(size).countMatches();
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
                : "", r.options, Views.CSS);
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
            return new WebUi.Answer(400, w.finish(Views.FOOTER));
        }
        runTable(w, r, state, page, orderKeys, byId);
        return Views.ok(w.finish(Views.FOOTER));
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
        Map<String, Integer> metricKeys = new TreeMap<>();
        Map<String, Integer> paramKeys = new TreeMap<>();
        for (RunRecord run : page.runs()) {
            run.latestMetrics().keySet().forEach(k -> metricKeys.merge(k, 1, Integer::sum));
            run.params().keySet().forEach(k -> paramKeys.merge(k, 1, Integer::sum));
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
            w.td(run.status().name()).td(Views.time(run.startTime()))
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

    /**
     * The keys shown as columns: those the order uses first, then those most runs of the page have (by name
     * among equals), at most {@code max}, shown in name order after the order's keys.
     */
    private static List<String> columns(Map<String, Integer> keys, List<OrderBy> order, RunField.Kind kind, int max) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        order.stream().filter(o -> o.field().kind() == kind && keys.containsKey(o.field().key()))
                .forEach(o -> out.add(o.field().key()));
        List<String> common = new ArrayList<>(keys.keySet());
        common.sort((x, y) -> keys.get(y) - keys.get(x));
        TreeSet<String> chosen = new TreeSet<>();
        for (String k : common) {
            if (out.size() + chosen.size() >= max) {
                break;
            }
            if (!out.contains(k)) {
                chosen.add(k);
            }
        }
        out.addAll(chosen);
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
}
