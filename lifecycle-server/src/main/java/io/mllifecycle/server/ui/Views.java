package io.mllifecycle.server.ui;

import com.sun.net.httpserver.HttpExchange;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.report.PageWriter;
import io.mllifecycle.report.ReportOptions;
import io.mllifecycle.report.Reports;
import io.mllifecycle.server.Principal;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static final int MAX_COMPARED = 20;

    private final Lifecycle lifecycle;
    private final RunsView runs;
    private final ModelsView models;
    private final MonitorsView monitors;

    Views(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.runs = new RunsView(lifecycle);
        this.models = new ModelsView(lifecycle);
        this.monitors = new MonitorsView(lifecycle);
    }

    private LifecycleStore store() {
        return lifecycle.store();
    }

    WebUi.Answer render(WebUi.Request r) {
        return switch (r.path) {
            case "/experiments" -> ok(experiments(r));
            case "/runs" -> runs.runs(r);
            case "/run" -> ok(Reports.runComparison(lifecycle, List.of(r.required("id")), r.options).html());
            case "/compare" -> compare(r);
            case "/models" -> ok(models.models(r));
            case "/model" -> ok(models.model(r));
            case "/version" -> ok(Reports.modelCard(lifecycle, r.required("model"), r.integer("version", 0, 1,
                    Integer.MAX_VALUE), r.options).html());
            case "/monitors" -> ok(monitors.monitors(r));
            case "/monitoring" -> ok(Reports.monitoringTimeline(lifecycle, r.required("model"), r.integer("version", 0, 1,
                    Integer.MAX_VALUE), r.options).html());
            case "/window" -> ok(monitors.window(r));
            case "/audit" -> ok(Reports.auditTrail(lifecycle, r.options).html());
            default -> new WebUi.Answer(404, WebUi.message(r.options, "Not found", "There is no page "
                    + WebUi.BASE + r.path + "."));
        };
    }

    static WebUi.Answer ok(String html) {
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

    // ---------------------------------------------------------------- artifacts

    void artifact(HttpExchange exchange, WebUi.Request r) throws IOException {
        RunRecord run = store().tracking().getRun(r.required("run"));
        String path = r.required("path");
        String digest = run.artifacts().get(path);
        if (digest == null) {
            throw new NotFoundException("run " + run.id() + " has no artifact " + quote(path));
        }
        ArtifactInfo info = store().artifacts().info(digest).orElseThrow(() -> new NotFoundException("the bytes of "
                + "artifact " + quote(path) + " of run " + run.id() + " were purged"));
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

    /** Quotes a value in a message as the store's messages do. */
    static String quote(String s) {
        return io.mllifecycle.store.spi.Checks.quote(s);
    }

    /** @return every run of an experiment, page by page */
    static List<RunRecord> allRuns(LifecycleStore store, String experimentId) {
        List<RunRecord> out = new ArrayList<>();
        RunQuery q = RunQuery.builder(experimentId).pageSize(RunQuery.MAX_PAGE_SIZE).build();
        while (true) {
            RunPage page = store.tracking().searchRuns(q);
            out.addAll(page.runs());
            if (!page.hasNext()) {
                return out;
            }
            q = q.withPageToken(page.nextPageToken());
        }
    }
}
