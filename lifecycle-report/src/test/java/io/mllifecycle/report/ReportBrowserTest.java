package io.mllifecycle.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.drift.Table;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every report in real headless Chromium: it opens with no console error, its charts render
 * (non-empty SVG), its links lead where they say, and a screenshot of each lands in
 * {@code target/screenshots/}. Fails, never skips, when no browser can be started.
 */
@DisplayName("reports in headless Chromium")
class ReportBrowserTest {
    private static final Path DIR = Path.of("target/browser-reports");
    private static Browser browser;
    private static Map<String, Report> reports;

    @BeforeAll
    static void start() {
        Fixtures.World world = new Fixtures.World();
        reports = new LinkedHashMap<>(world.reports());
        Table[] t = Fixtures.tables(12, 3, 2_000);
        Report drift = Reports.drift(Fixtures.drift(t), t[0], t[1], "Drift of " + Fixtures.MARKUP,
                ReportOptions.DEFAULTS.withLinks(ReportLinks.relativeFiles()));
        reports.put(drift.fileName(), drift);
        Table[] empty = {Table.builder().build(), Table.builder().build()};
        Report none = Reports.drift(Fixtures.drift(empty), "Empty drift report", ReportOptions.DEFAULTS);
        reports.put("drift-empty", new Report(none.kind(), none.title(), "drift-empty", none.html(), none.json()));
        reports.values().forEach(r -> r.writeTo(DIR));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path file(Report r) {
        return DIR.resolve(r.fileName() + ".html");
    }

    @Test
    @DisplayName("every report opens without console errors, renders its charts and is screenshot")
    void every_report_opens_and_renders() {
        assertThat(reports).hasSizeGreaterThan(10);
        for (Report r : reports.values()) {
            browser.emulate(1200, false);
            List<String> errors = browser.open(file(r));
            assertThat(errors).as("console errors of %s", r.fileName()).isEmpty();
            assertThat(browser.driver().getTitle()).as("title of %s", r.fileName()).isEqualTo(r.title());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> charts = (List<Map<String, Object>>) browser.js(
                    "return [...document.querySelectorAll('svg.chart, svg.spark')].map(s => {"
                            + " const b = s.getBoundingClientRect();"
                            + " return {w: b.width, h: b.height, marks: s.querySelectorAll('path:not(.g):not(.ax), rect:not(.band), circle').length,"
                            + " title: (s.querySelector('text.t') || s.querySelector('title') || {textContent: ''}).textContent}; })");
            for (Map<String, Object> c : charts) {
                assertThat(((Number) c.get("w")).doubleValue()).as("chart width in %s: %s", r.fileName(), c).isPositive();
                assertThat(((Number) c.get("h")).doubleValue()).as("chart height in %s: %s", r.fileName(), c).isPositive();
                assertThat(((Number) c.get("marks")).intValue()).as("marks of chart in %s: %s", r.fileName(), c).isPositive();
                assertThat((String) c.get("title")).isNotBlank();
            }
            if (!r.fileName().equals("drift-empty") && !r.fileName().equals("audit-trail")
                    && !(r.kind().equals("monitoring-timeline") && r.json().contains("\"windows\" : [ ]"))) {
                assertThat(charts).as("charts of %s", r.fileName()).isNotEmpty();
            }
            Object injected = browser.js("return typeof window.__xss");
            assertThat(injected).as("no user value ran as script in %s", r.fileName()).isEqualTo("undefined");
            browser.screenshot(r.fileName());
        }
    }

    @Test
    @DisplayName("every link resolves: sibling files exist and fragments name an element of their page")
    void every_link_resolves() {
        for (Report r : reports.values()) {
            browser.open(file(r));
            @SuppressWarnings("unchecked")
            List<String> hrefs = (List<String>) browser.js(
                    "return [...document.querySelectorAll('a[href]')].map(a => a.href)");
            for (String href : hrefs) {
                URI uri = URI.create(href);
                assertThat(uri.getScheme()).as("link %s in %s stays on disk", href, r.fileName()).isEqualTo("file");
                Path target = Paths.get(URI.create(uri.getScheme() + "://" + uri.getRawPath()));
                assertThat(target).as("target of %s in %s", href, r.fileName()).exists();
                if (uri.getFragment() != null) {
                    String html = read(target);
                    assertThat(html).as("fragment of %s", href).contains("id=\"" + uri.getFragment() + "\"");
                }
            }
        }
    }

    @Test
    @DisplayName("links lead to the page they name")
    void links_lead_where_they_say() {
        Report comparison = reports.get("run-comparison");
        browser.open(file(comparison));
        @SuppressWarnings("unchecked")
        List<List<String>> runLinks = (List<List<String>>) browser.js(
                "return [...document.querySelectorAll('#run-table a')].map(a => [a.textContent, a.href])");
        assertThat(runLinks).hasSize(2);
        for (List<String> link : runLinks) {
            browser.driver().get(link.get(1));
            assertThat(browser.errors()).isEmpty();
            assertThat(h1()).isEqualTo("Run " + link.get(0));
        }
        Report audit = reports.get("audit-trail");
        browser.open(file(audit));
        @SuppressWarnings("unchecked")
        List<List<String>> subjects = (List<List<String>>) browser.js(
                "return [...document.querySelectorAll('#audit-table a')].map(a => [a.textContent, a.href])");
        assertThat(subjects).isNotEmpty();
        for (List<String> link : subjects.subList(0, Math.min(3, subjects.size()))) {
            browser.driver().get(link.get(1));
            String subject = link.get(0);
            String version = subject.substring(subject.lastIndexOf('/') + 1);
            assertThat(h1()).isEqualTo("Model card: " + subject.substring(0, subject.lastIndexOf('/')) + " version "
                    + version);
        }
        Report timeline = reports.values().stream().filter(r -> r.kind().equals("monitoring-timeline")).findFirst()
                .orElseThrow();
        browser.open(file(timeline));
        @SuppressWarnings("unchecked")
        List<List<String>> windows = (List<List<String>>) browser.js(
                "return [...document.querySelectorAll('#window-table a')].map(a => [a.textContent, a.href])");
        assertThat(windows).hasSize(8);
        browser.driver().get(windows.get(5).get(1));
        assertThat(h1()).endsWith(", " + windows.get(5).get(0));
        Report drift = reports.get("drift-report");
        browser.open(file(drift));
        @SuppressWarnings("unchecked")
        List<List<String>> columns = (List<List<String>>) browser.js(
                "return [...document.querySelectorAll('#column-table a')].map(a => [a.textContent,"
                        + " document.getElementById(a.getAttribute('href').substring(1)).querySelector('h3 bdi').textContent])");
        assertThat(columns).hasSize(12).allSatisfy(pair -> assertThat(pair.get(1)).isEqualTo(pair.get(0)));
    }

    @Test
    @DisplayName("pages fit a phone's width and print")
    void phone_and_print() {
        List<String> kinds = new ArrayList<>();
        for (Report r : reports.values()) {
            if (kinds.contains(r.kind())) {
                continue;
            }
            kinds.add(r.kind());
            browser.open(file(r));
            browser.emulate(390, false);
            Number overflow = (Number) browser.js("return document.body.scrollWidth - window.innerWidth");
            assertThat(overflow.intValue()).as("horizontal overflow of %s at 390 px", r.fileName()).isLessThanOrEqualTo(0);
            browser.screenshot(r.kind() + "-phone");
            browser.emulate(800, true);
            browser.screenshot(r.kind() + "-print");
            Object printPdf = browser.driver().executeCdpCommand("Page.printToPDF", Map.of()).get("data");
            assertThat((String) printPdf).as("PDF of %s", r.fileName()).isNotEmpty();
        }
        browser.emulate(1200, false);
        assertThat(kinds).contains("drift", "run-comparison", "model-card", "monitoring-timeline", "audit-trail");
    }

    @Test
    @DisplayName("the harness sees console errors and blocked network loads")
    void harness_catches_errors() throws java.io.IOException {
        Path bad = DIR.resolve("harness-check.html");
        String page = reports.get("audit-trail").html().replace("</main>",
                "<img src=\"http://192.0.2.1/x.png\"></main>");
        Files.writeString(bad, page);
        assertThat(browser.open(bad)).as("a page loading from the network logs an error").isNotEmpty();
        Files.delete(bad);
    }

    private static String h1() {
        return (String) browser.js("return document.querySelector('h1').textContent");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
