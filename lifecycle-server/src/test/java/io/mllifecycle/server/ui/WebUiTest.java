package io.mllifecycle.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.report.Fixtures;
import io.mllifecycle.server.Role;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.RunRecord;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The web UI over HTTP: login and sessions, every page, the runs table's filter, sort and paging, escaping. */
@DisplayName("web UI over HTTP")
class WebUiTest {
    private static Path dir;
    private static Fixtures.World world;
    private static UiServer ui;
    private static String cookie;
    private static String churn;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("webui-test");
        world = UiWorld.create();
        ui = new UiServer(world.lifecycle, dir, b -> { });
        cookie = ui.login(Role.READER);
        churn = world.lifecycle.store().tracking().findExperiment("churn").orElseThrow().id();
    }

    @AfterAll
    static void stop() {
        ui.close();
        world.lifecycle.close();
    }

    /** Every page of the UI over the world, by path. */
    static List<String> pages(Fixtures.World world) {
        String churnId = world.lifecycle.store().tracking().findExperiment("churn").orElseThrow().id();
        String m = UiLinks.enc(Fixtures.World.MODEL);
        List<String> pages = new ArrayList<>(List.of("/ui/experiments", "/ui/runs", "/ui/runs?experiment=" + churnId,
                "/ui/models", "/ui/model?name=" + m, "/ui/monitors", "/ui/audit",
                "/ui/version?model=" + m + "&version=1", "/ui/version?model=" + m + "&version=2",
                "/ui/monitoring?model=" + m + "&version=1", "/ui/monitoring?model=" + m + "&version=2",
                "/ui/window?model=" + m + "&version=1&window=0", "/ui/window?model=" + m + "&version=1&window=6",
                "/ui/compare?run=" + world.runIds.get(0) + "&run=" + world.runIds.get(1)));
        world.runIds.forEach(id -> pages.add("/ui/run?id=" + id));
        return pages;
    }

    @Test
    @DisplayName("without a session a page redirects to the login form, which says where to go back to")
    void redirect_to_login() {
        HttpResponse<String> r = ui.get("/ui/runs?experiment=" + churn, null);
        assertThat(r.statusCode()).isEqualTo(303);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/ui/login?next=");
        assertThat(URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8))
                .isEqualTo("/ui/runs?experiment=" + churn);
        HttpResponse<String> form = ui.get(location, null);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<form class=\"login\" method=\"post\" action=\"/ui/login\">")
                .contains("name=\"token\" type=\"password\"").contains("value=\"/ui/runs?experiment=" + churn + "\"");
        assertThat(ui.get("/ui/", null).statusCode()).isEqualTo(303);
    }

    @Test
    @DisplayName("a reader's token logs in: an HttpOnly SameSite=Strict cookie with a random id, never the token")
    void reader_logs_in() {
        HttpResponse<String> r = ui.postForm("/ui/login", null, "token", ui.tokens.get(Role.READER),
                "next", "/ui/models");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/ui/models");
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(set).startsWith(WebUi.COOKIE + "=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/ui").contains("; Max-Age=28800").doesNotContain("Secure");
        String value = set.substring(WebUi.COOKIE.length() + 1, set.indexOf(';'));
        assertThat(value).hasSize(43).doesNotContain(ui.tokens.get(Role.READER)).matches("[A-Za-z0-9_-]+");
        assertThat(ui.tokens.get(Role.READER)).doesNotContain(value);
        HttpResponse<String> page = ui.get("/ui/models", WebUi.COOKIE + "=" + value);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Log out reader-user");
        // every role includes reading
        assertThat(ui.get("/ui/models", ui.login(Role.ADMIN)).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a next pointing away from the UI is not followed after login")
    void no_open_redirect() {
        for (String next : List.of("//evil.example/ui/", "https://evil.example/", "/api/2.0/mlflow/", "/ui\\..\\x",
                "/ui/login?next=/ui/x", "/ui/x\r\nSet-Cookie: a=b")) {
            assertThat(WebUi.safeNext(next)).as(next).isEmpty();
            HttpResponse<String> r = ui.postForm("/ui/login", null, "token", ui.tokens.get(Role.READER), "next", next);
            assertThat(r.headers().firstValue("Location")).as(next).hasValue("/ui/experiments");
        }
        assertThat(WebUi.safeNext("/ui/runs?filter=x")).isEqualTo("/ui/runs?filter=x");
    }

    @Test
    @DisplayName("a wrong token, a bad cookie, a forged cookie and a bad bearer header are refused")
    void refused() {
        HttpResponse<String> wrong = ui.postForm("/ui/login", null, "token", "not-a-token", "next", "/ui/runs");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("id=\"login-error\"").contains("That token is not valid.");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(ui.postForm("/ui/login", null, "token", "").statusCode()).isEqualTo(400);

        for (String bad : List.of(WebUi.COOKIE + "=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                WebUi.COOKIE + "=" + ui.tokens.get(Role.READER), WebUi.COOKIE + "=")) {
            HttpResponse<String> r = ui.get("/ui/experiments", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(303);
            assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/ui/login?next=");
            assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
            assertThat(r.body()).isEmpty();
        }
        HttpResponse<String> header = ui.send(HttpRequest.newBuilder(URI.create(ui.url("/ui/experiments")))
                .header("Authorization", "Bearer nope").build());
        assertThat(header.statusCode()).isEqualTo(401);
        assertThat(header.body()).contains("The bearer token is not valid.").doesNotContain("<table");
        HttpResponse<String> ok = ui.send(HttpRequest.newBuilder(URI.create(ui.url("/ui/experiments")))
                .header("Authorization", "Bearer " + ui.tokens.get(Role.READER)).build());
        assertThat(ok.statusCode()).isEqualTo(200);
        HttpResponse<String> plain = ui.send(HttpRequest.newBuilder(URI.create(ui.url("/ui/login")))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("token=x")).build());
        assertThat(plain.statusCode()).isEqualTo(415);
    }

    @Test
    @DisplayName("logout ends the session: the same cookie then leads to the login form")
    void logout() {
        String mine = ui.login(Role.WRITER);
        assertThat(ui.get("/ui/experiments", mine).statusCode()).isEqualTo(200);
        assertThat(ui.get("/ui/logout", mine).body()).contains("method=\"post\" action=\"/ui/logout\"");
        HttpResponse<String> out = ui.postForm("/ui/logout", mine);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(ui.get("/ui/experiments", mine).statusCode()).isEqualTo(303);
        assertThat(ui.get("/ui/experiments", cookie).statusCode()).as("other sessions live on").isEqualTo(200);
    }

    @Test
    @DisplayName("sessions expire after their time to live")
    void sessions_expire() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        Sessions s = new Sessions(Duration.ofMinutes(30), clock);
        String id = s.create(new io.mllifecycle.server.Principal("alice", Role.READER, false));
        now[0] = now[0].plus(Duration.ofMinutes(29));
        assertThat(s.find(id)).hasValueSatisfying(p -> assertThat(p.actor()).isEqualTo("alice"));
        now[0] = now[0].plus(Duration.ofMinutes(1));
        assertThat(s.find(id)).isEmpty();
        assertThat(s.size()).isZero();
        assertThat(s.find(id + "x")).isEmpty();
    }

    @Test
    @DisplayName("--read-only-anonymous: pages open without logging in; a stale cookie is still refused")
    void anonymous() {
        try (UiServer open = new UiServer(world.lifecycle, dir.resolve("anon"), b -> b.readOnlyAnonymous(true))) {
            HttpResponse<String> r = open.get("/ui/experiments", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains(">Log in<").doesNotContain("Log out");
            assertThat(open.get("/ui/experiments", WebUi.COOKIE + "=stale").statusCode()).isEqualTo(303);
            assertThat(open.get("/ui/login", null).body()).contains("Browse without logging in");
        } catch (RuntimeException e) {
            throw e;
        }
    }

    @Test
    @DisplayName("every page answers 200 with security headers and shows user text escaped, never as markup")
    void every_page() {
        long audit = world.lifecycle.audit().events().size();
        for (String path : pages(world)) {
            HttpResponse<String> r = ui.get(path, cookie);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("text/html; charset=utf-8");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).as(path)
                    .startsWith("default-src 'none'").doesNotContain("script-src");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.body()).as(path).doesNotContain("<script").doesNotContain("<i>")
                    .contains("<nav><a href=\"/ui/experiments\">");
        }
        HttpResponse<String> models = ui.get("/ui/models", cookie);
        assertThat(models.body()).contains("<bdi>churn &lt;i&gt;" + Fixtures.RTL + "&lt;i&gt;&amp;amp;</bdi>");
        assertThat(ui.get("/ui/experiments", cookie).body()).contains("exp &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(world.lifecycle.audit().events()).as("pages only read").hasSize((int) audit);
    }

    @Test
    @DisplayName("unknown pages, runs and versions are 404 pages; bad parameters 400; writes 405")
    void errors() {
        assertThat(ui.get("/ui/nothing", cookie).statusCode()).isEqualTo(404);
        assertThat(ui.get("/ui/run?id=nope", cookie).statusCode()).isEqualTo(404);
        HttpResponse<String> v = ui.get("/ui/version?model=" + UiLinks.enc(Fixtures.World.MODEL) + "&version=99", cookie);
        assertThat(v.statusCode()).isEqualTo(404);
        assertThat(v.body()).contains("id=\"message\"");
        HttpResponse<String> bad = ui.get("/ui/version?model=x&version=zero", cookie);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("query parameter &#39;version&#39; must be a whole number between 1 and")
                .contains("but was &#39;zero&#39;");
        assertThat(ui.get("/ui/window?model=" + UiLinks.enc(Fixtures.World.MODEL) + "&version=1&window=99", cookie)
                .body()).contains("its windows are 0 to 7");
        assertThat(ui.get("/ui/compare", cookie).statusCode()).isEqualTo(400);
        assertThat(ui.get("/ui/runs?experiment=nope", cookie).statusCode()).isEqualTo(404);
        assertThat(ui.postForm("/ui/runs", cookie, "a", "b").statusCode()).isEqualTo(405);
        assertThat(ui.get("/ui/runs?page=garbage&experiment=" + churn, cookie).body()).contains("id=\"filter-error\"")
                .contains("pageToken is not a token from a page of this query");
    }

    private static List<String> runNames(String html) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("<tr><td class=\"check\"><input type=\"checkbox\" name=\"run\" value=\"[^\"]+\""
                + " aria-label=\"[^\"]+\"></td><td><a href=\"[^\"]+\"><bdi>([^<]*)</bdi>").matcher(html);
        while (m.find()) {
            names.add(org.apache.commons.text.StringEscapeUtils.unescapeHtml4(m.group(1)));
        }
        return names;
    }

    private static String href(String html, String cls) {
        Matcher m = Pattern.compile("<a rel=\"[a-z]+\" class=\"" + cls + "\" href=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("link " + cls).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    @Test
    @DisplayName("the filter box filters with the search language; a bad filter shows the parse error and caret")
    void filter() {
        HttpResponse<String> r = ui.get("/ui/runs?experiment=" + churn + "&filter="
                + UiLinks.enc("params.depth = '3' and metrics.auc > 0.7"), cookie);
        assertThat(r.statusCode()).isEqualTo(200);
        List<RunRecord> expected = world.lifecycle.searchRuns("params.depth = '3' and metrics.auc > 0.7", "", "churn")
                .runs();
        assertThat(expected).isNotEmpty();
        assertThat(runNames(r.body())).containsExactlyElementsOf(expected.stream().map(RunRecord::name).toList());
        assertThat(r.body()).contains("of " + expected.size() + " matching.")
                .contains("value=\"params.depth = &#39;3&#39; and metrics.auc &gt; 0.7\"");

        HttpResponse<String> bad = ui.get("/ui/runs?experiment=" + churn + "&filter="
                + UiLinks.enc("metrics.auc >> 1"), cookie);
        assertThat(bad.statusCode()).isEqualTo(400);
        Matcher m = Pattern.compile("<pre class=\"error\" id=\"filter-error\">([^<]*)</pre>").matcher(bad.body());
        assertThat(m.find()).isTrue();
        String[] lines = m.group(1).replace("&gt;", ">").split("\n");
        assertThat(lines[0]).startsWith("The filter does not parse: ");
        assertThat(lines[1].trim()).isEqualTo("metrics.auc >> 1");
        int caret = lines[2].indexOf('^');
        assertThat(caret).isPositive();
        assertThat(lines[1].charAt(caret)).as("the caret points into the filter").isEqualTo('>');
        assertThat(bad.body()).doesNotContain("id=\"runs\"");
    }

    @Test
    @DisplayName("sort links order by the column and toggle the direction")
    void sort() {
        String base = "/ui/runs?experiment=" + churn;
        HttpResponse<String> first = ui.get(base, cookie);
        Matcher m = Pattern.compile("<a class=\"sort\" href=\"([^\"]+)\" title=\"sort by metrics.auc DESC\">")
                .matcher(first.body());
        assertThat(m.find()).isTrue();
        String byAuc = m.group(1).replace("&amp;", "&");
        HttpResponse<String> sorted = ui.get(byAuc, cookie);
        List<String> names = runNames(sorted.body());
        List<String> expected = world.lifecycle.searchRuns("", "metrics.auc DESC", "churn").runs().stream()
                .map(RunRecord::name).limit(50).toList();
        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(sorted.body()).contains("class=\"sort sorted\"").contains("auc</bdi> ▼")
                .contains("title=\"sort by metrics.auc ASC\"");
        HttpResponse<String> byName = ui.get(base + "&order=" + UiLinks.enc("attributes.run_name ASC"), cookie);
        List<String> n = runNames(byName.body());
        assertThat(n).isSortedAccordingTo(String::compareTo);
    }

    @Test
    @DisplayName("next and previous follow keyset page tokens: disjoint pages, back to the same first page")
    void paging() {
        String base = "/ui/runs?experiment=" + churn + "&order=" + UiLinks.enc("metrics.auc DESC");
        HttpResponse<String> p1 = ui.get(base, cookie);
        assertThat(p1.body()).contains("Runs 1&ndash;50 of " + (UiWorld.EXTRA + 2) + " matching.").doesNotContain("class=\"prev\"");
        HttpResponse<String> p2 = ui.get(href(p1.body(), "next"), cookie);
        assertThat(p2.body()).contains("Runs 51&ndash;100 of");
        HttpResponse<String> p3 = ui.get(href(p2.body(), "next"), cookie);
        assertThat(p3.body()).contains("Runs 101&ndash;" + (UiWorld.EXTRA + 2) + " of").doesNotContain("class=\"next\"");
        List<String> all = new ArrayList<>(runNames(p1.body()));
        all.addAll(runNames(p2.body()));
        all.addAll(runNames(p3.body()));
        assertThat(all).doesNotHaveDuplicates().hasSize(UiWorld.EXTRA + 2);
        assertThat(all).containsExactlyElementsOf(world.lifecycle.searchRuns("", "metrics.auc DESC", "churn")
                .runs().stream().map(RunRecord::name).toList().subList(0, 50).isEmpty() ? List.of() : all);
        HttpResponse<String> back2 = ui.get(href(p3.body(), "prev"), cookie);
        assertThat(runNames(back2.body())).isEqualTo(runNames(p2.body()));
        HttpResponse<String> back1 = ui.get(href(back2.body(), "prev"), cookie);
        assertThat(runNames(back1.body())).isEqualTo(runNames(p1.body()));
        assertThat(runNames(ui.get(href(p3.body(), "first"), cookie).body())).isEqualTo(runNames(p1.body()));
    }

    @Test
    @DisplayName("compare takes the ticked runs; the run page links artifacts to a download")
    void compare_and_download() {
        HttpResponse<String> c = ui.get("/ui/compare?run=" + world.runIds.get(0) + "&run=" + world.runIds.get(1), cookie);
        assertThat(c.body()).contains("<title>Comparison of 2 runs</title>").contains("<svg");
        HttpResponse<String> run = ui.get("/ui/run?id=" + world.runIds.get(0), cookie);
        Matcher m = Pattern.compile("<a class=\"dl\" download href=\"([^\"]+)\">").matcher(run.body());
        assertThat(m.find()).isTrue();
        String href = m.group(1).replace("&amp;", "&");
        assertThat(href).isEqualTo("/ui/artifact?run=" + world.runIds.get(0) + "&path=model.bin");
        HttpResponse<String> bytes = ui.get(href, cookie);
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.body()).isEqualTo("model 0");
        assertThat(bytes.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;")
                .contains("filename=\"model.bin\"");
        assertThat(bytes.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(ui.get("/ui/artifact?run=" + world.runIds.get(0) + "&path=nope", cookie).statusCode()).isEqualTo(404);
        assertThat(ui.get(href, null).statusCode()).as("downloads need a session too").isEqualTo(303);
    }

    @Test
    @DisplayName("a monitoring window shows the statistics its monitoring run stored for that window")
    void window() {
        var v1 = world.lifecycle.models().version(Fixtures.World.MODEL, 1).record();
        RunRecord run = io.mllifecycle.monitoring.MonitoringRuns.find(world.lifecycle.store(), v1.modelName(), 1)
                .orElseThrow();
        double psi = world.lifecycle.store().tracking().metricHistory(run.id(), "drift.amount.psi", 6, 6).get(0).value();
        double missing = world.lifecycle.store().tracking().metricHistory(run.id(), "missing.amount.rate", 6, 6).get(0)
                .value();
        HttpResponse<String> r = ui.get("/ui/window?model=" + UiLinks.enc(v1.modelName()) + "&version=1&window=6",
                cookie);
        assertThat(r.body()).contains("<td><bdi>PSI</bdi></td><td class=\"num\">"
                + io.mllifecycle.report.PageWriter.number(psi) + "</td>")
                .contains(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * missing))
                .contains("class=\"prev\"").contains("class=\"next\"").contains("id=\"window-metrics\"");
        assertThat(r.body()).contains("id=\"window-alerts\"");
        HttpResponse<String> monitors = ui.get("/ui/monitors", cookie);
        assertThat(monitors.body()).contains("<td class=\"num\">8</td>").contains(">timeline<");
        for (ExperimentRecord e : world.lifecycle.store().tracking().listExperiments()) {
            assertThat(ui.get("/ui/experiments", cookie).body()).contains(UiLinks.runsOf(e.id()).replace("&", "&amp;"));
        }
    }
}
