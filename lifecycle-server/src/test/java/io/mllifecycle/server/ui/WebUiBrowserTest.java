package io.mllifecycle.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.report.Browser;
import io.mllifecycle.report.Fixtures;
import io.mllifecycle.server.Role;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The web UI in real headless Chromium (the report module's driver setup): logging in through the form,
 * every page opening without console errors, charts rendering, the filter box, sort and paging links, the
 * compare checkboxes, links leading where they say, logging out. A screenshot of each page lands in
 * {@code target/screenshots/ui-*.png}. Fails, never skips, when no browser can be started.
 */
@DisplayName("web UI in headless Chromium")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {
    private static Fixtures.World world;
    private static UiServer ui;
    private static Browser browser;
    private static String churn;

    @BeforeAll
    static void start() throws Exception {
        world = UiWorld.create();
        ui = new UiServer(world.lifecycle, Files.createTempDirectory("webui-browser"), b -> { });
        churn = world.lifecycle.store().tracking().findExperiment("churn").orElseThrow().id();
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (ui != null) {
            ui.close();
        }
        if (world != null) {
            world.lifecycle.close();
        }
    }

    private static List<String> open(String path) {
        return browser.open(ui.url(path));
    }

    private static String pathAndQuery() {
        URI u = URI.create(browser.driver().getCurrentUrl());
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    /**
     * Clicks a link or submit button and waits (up to 10 s) until the page it leads to has loaded: a click
     * returns once the browser has the event, and whether it waits for the next page differs between Chromium
     * versions. The old document is marked before the click; the new one lacks the mark.
     */
    private static void clickAndLoad(WebElement element) {
        browser.js("window.mllcOldPage = true");
        element.click();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(browser.js("return window.mllcOldPage === undefined"
                        + " && document.readyState === 'complete'"))) {
                    return;
                }
            } catch (org.openqa.selenium.WebDriverException e) {
                // the document went away while the script ran: the next one is loading
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("no new page within 10 s of clicking " + element);
    }

    private static String h1() {
        return browser.driver().findElement(By.tagName("h1")).getText();
    }

    @Test
    @Order(1)
    @DisplayName("a page without a session shows the login form; posting a reader token returns to that page")
    void login_through_the_form() {
        String target = "/ui/runs?experiment=" + churn;
        assertThat(open(target)).isEmpty();
        assertThat(pathAndQuery()).startsWith("/ui/login?next=");
        browser.screenshot("ui-login");
        browser.driver().findElement(By.id("token")).sendKeys("wrong");
        clickAndLoad(browser.driver().findElement(By.cssSelector("form.login button")));
        assertThat(browser.driver().findElement(By.id("login-error")).getText()).isEqualTo("That token is not valid.");
        browser.screenshot("ui-login-refused");
        browser.driver().findElement(By.id("token")).sendKeys(ui.tokens.get(Role.READER));
        clickAndLoad(browser.driver().findElement(By.cssSelector("form.login button")));
        assertThat(pathAndQuery()).isEqualTo(target);
        assertThat(h1()).isEqualTo("Runs of churn");
        Cookie c = browser.driver().manage().getCookieNamed(WebUi.COOKIE);
        assertThat(c).isNotNull();
        assertThat(c.isHttpOnly()).isTrue();
        assertThat(c.getSameSite()).isEqualTo("Strict");
        assertThat(c.getPath()).isEqualTo("/ui");
        assertThat(c.getValue()).doesNotContain(ui.tokens.get(Role.READER));
        assertThat(browser.js("return document.cookie")).as("script cannot read the session").isEqualTo("");
    }

    @Test
    @Order(2)
    @DisplayName("every page opens without console errors, renders its charts, and is screenshot")
    void every_page() {
        Map<String, String> shots = new LinkedHashMap<>();
        List<String> pages = WebUiTest.pages(world);
        for (String p : pages) {
            browser.emulate(1200, false);
            assertThat(open(p)).as("console errors of %s", p).isEmpty();
            assertThat(pathAndQuery()).as("no redirect from %s", p).isEqualTo(p);
            assertThat(browser.driver().getTitle()).as(p).isNotBlank().doesNotContain("Not found");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> charts = (List<Map<String, Object>>) browser.js(
                    "return [...document.querySelectorAll('svg.chart, svg.spark')].map(s => {"
                            + " const b = s.getBoundingClientRect();"
                            + " return {w: b.width, h: b.height, marks: s.querySelectorAll('path:not(.g):not(.ax), rect:not(.band), circle').length}; })");
            for (Map<String, Object> c : charts) {
                assertThat(((Number) c.get("w")).doubleValue()).as("chart width on %s", p).isPositive();
                assertThat(((Number) c.get("h")).doubleValue()).as("chart height on %s", p).isPositive();
                assertThat(((Number) c.get("marks")).intValue()).as("marks of a chart on %s", p).isPositive();
            }
            if (p.startsWith("/ui/run?") || p.startsWith("/ui/compare?") || p.startsWith("/ui/version?")
                    || p.endsWith("version=1") && p.startsWith("/ui/monitoring?")) {
                assertThat(charts).as("charts of %s", p).isNotEmpty();
            }
            // nothing sticks out sideways at desktop width: wide tables scroll inside their own box
            Number overflow = (Number) browser.js("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow.intValue()).as("horizontal overflow of %s", p).isLessThanOrEqualTo(0);
            String kind = p.substring(4, p.indexOf('?') < 0 ? p.length() : p.indexOf('?'));
            String name = String.format(java.util.Locale.ROOT, "ui-%02d-%s", shots.size() + 1, kind);
            shots.put(p, browser.screenshot(name).toString());
        }
        browser.emulate(390, false);
        assertThat(open("/ui/runs?experiment=" + churn)).isEmpty();
        Number overflow = (Number) browser.js("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow.intValue()).as("runs table on a phone scrolls inside its box").isLessThanOrEqualTo(0);
        browser.screenshot("ui-runs-phone");
        assertThat(open(WebUiTest.pages(world).get(12))).isEmpty();
        browser.screenshot("ui-window-phone");
        browser.emulate(1200, false);
        assertThat(shots).hasSize(pages.size());
    }

    @Test
    @Order(3)
    @DisplayName("the filter box filters; a bad filter shows its parse error with the caret")
    void filter_box() {
        assertThat(open("/ui/runs?experiment=" + churn)).isEmpty();
        WebElement box = browser.driver().findElement(By.id("filter"));
        box.sendKeys("params.depth = '3' and metrics.auc > 0.7");
        clickAndLoad(browser.driver().findElement(By.cssSelector("#filter-form button")));
        assertThat(URLDecoder.decode(pathAndQuery(), StandardCharsets.UTF_8))
                .contains("filter=params.depth = '3' and metrics.auc > 0.7");
        int expected = world.lifecycle.searchRuns("params.depth = '3' and metrics.auc > 0.7", "", "churn").runs().size();
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#runs tbody tr"));
        assertThat(rows).hasSize(expected);
        List<String> headers = browser.driver().findElements(By.cssSelector("#runs thead th")).stream()
                .map(WebElement::getText).toList();
        int depth = headers.indexOf("depth");
        assertThat(depth).as("depth column in %s", headers).isPositive();
        for (WebElement row : rows) {
            assertThat(row.findElements(By.tagName("td")).get(depth).getText()).isEqualTo("3");
        }
        browser.screenshot("ui-runs-filtered");

        box = browser.driver().findElement(By.id("filter"));
        box.clear();
        box.sendKeys("metrics.auc >> 1");
        clickAndLoad(browser.driver().findElement(By.cssSelector("#filter-form button")));
        List<String> errors = browser.errors();
        // the page is answered 400 (a bad request); Chromium reports that status in the console, nothing else
        assertThat(errors).allSatisfy(e -> assertThat(e).contains("status of 400"));
        String error = browser.driver().findElement(By.id("filter-error")).getText();
        assertThat(error).contains("metrics.auc >> 1").contains("^");
        assertThat(browser.driver().findElements(By.id("runs"))).isEmpty();
        browser.screenshot("ui-runs-bad-filter");
    }

    @Test
    @Order(4)
    @DisplayName("sort links sort, next and previous page, links lead where they say")
    void sort_page_and_links() {
        assertThat(open("/ui/runs?experiment=" + churn)).isEmpty();
        clickAndLoad(browser.driver().findElement(By.cssSelector("th a[title='sort by metrics.auc DESC']")));
        assertThat(URLDecoder.decode(pathAndQuery(), StandardCharsets.UTF_8)).contains("order=metrics.auc DESC");
        List<Double> auc = new ArrayList<>();
        for (WebElement row : browser.driver().findElements(By.cssSelector("#runs tbody tr"))) {
            auc.add(Double.parseDouble(row.findElements(By.tagName("td")).get(5).getText()));
        }
        assertThat(auc).hasSize(50).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        browser.screenshot("ui-runs-sorted");
        String firstRun = browser.driver().findElement(By.cssSelector("#runs tbody tr td:nth-child(2)")).getText();
        clickAndLoad(browser.driver().findElement(By.cssSelector("nav.pager a.next")));
        assertThat(browser.driver().findElement(By.id("run-count")).getText()).startsWith("Runs 51–100 of");
        browser.screenshot("ui-runs-page-2");
        clickAndLoad(browser.driver().findElement(By.cssSelector("nav.pager a.prev")));
        assertThat(browser.driver().findElement(By.id("run-count")).getText()).startsWith("Runs 1–50 of");
        assertThat(browser.driver().findElement(By.cssSelector("#runs tbody tr td:nth-child(2)")).getText())
                .isEqualTo(firstRun);

        // a run's link opens that run's page
        WebElement link = browser.driver().findElement(By.cssSelector("#runs tbody tr td:nth-child(2) a"));
        String name = link.getText();
        clickAndLoad(link);
        assertThat(h1()).isEqualTo("Run " + name);

        // tick two runs, compare them
        assertThat(open("/ui/runs?experiment=" + churn)).isEmpty();
        List<WebElement> boxes = browser.driver().findElements(By.cssSelector("#runs input[type=checkbox]"));
        boxes.get(0).click();
        boxes.get(1).click();
        clickAndLoad(browser.driver().findElement(By.id("compare")));
        assertThat(h1()).isEqualTo("Comparison of 2 runs");
        assertThat(pathAndQuery()).startsWith("/ui/compare?run=");

        // navigation and cross links
        assertThat(open("/ui/experiments")).isEmpty();
        clickAndLoad(browser.driver().findElement(By.linkText("churn")));
        assertThat(h1()).isEqualTo("Runs of churn");
        clickAndLoad(browser.driver().findElement(By.linkText("Models")));
        assertThat(h1()).isEqualTo("Models");
        clickAndLoad(browser.driver().findElement(By.cssSelector("#models tbody tr td a")));
        assertThat(h1()).isEqualTo("Model " + Fixtures.World.MODEL);
        clickAndLoad(browser.driver().findElement(By.linkText("v1")));
        assertThat(browser.driver().getTitle()).contains(Fixtures.World.MODEL).contains("1");
        clickAndLoad(browser.driver().findElement(By.linkText("Monitors")));
        clickAndLoad(browser.driver().findElement(By.linkText("timeline")));
        assertThat(pathAndQuery()).startsWith("/ui/monitoring?");
        clickAndLoad(browser.driver().findElement(By.linkText("window 3")));
        assertThat(h1()).isEqualTo("Drift of " + Fixtures.World.MODEL + " v1, window 3");
        clickAndLoad(browser.driver().findElement(By.linkText("Audit trail")));
        assertThat(browser.driver().findElement(By.id("chain-status")).getText()).startsWith("Chain verified");

        // every link on every page answers 200 for this session
        String cookie = WebUi.COOKIE + "=" + browser.driver().manage().getCookieNamed(WebUi.COOKIE).getValue();
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (String p : WebUiTest.pages(world)) {
            assertThat(open(p)).isEmpty();
            @SuppressWarnings("unchecked")
            List<String> hrefs = (List<String>) browser.js("return [...document.querySelectorAll('a[href]')]"
                    + ".map(a => a.getAttribute('href')).filter(h => h.startsWith('/ui/'))");
            seen.addAll(hrefs);
        }
        assertThat(seen).hasSizeGreaterThan(30);
        for (String href : seen) {
            assertThat(ui.get(href, cookie).statusCode()).as(href).isEqualTo(200);
        }
    }

    @Test
    @Order(5)
    @DisplayName("logging out ends the session: pages lead to the login form again")
    void logout() {
        assertThat(open("/ui/experiments")).isEmpty();
        String before = browser.driver().manage().getCookieNamed(WebUi.COOKIE).getValue();
        clickAndLoad(browser.driver().findElement(By.partialLinkText("Log out")));
        browser.screenshot("ui-logout");
        clickAndLoad(browser.driver().findElement(By.id("logout")));
        assertThat(pathAndQuery()).startsWith("/ui/login");
        assertThat(browser.driver().manage().getCookieNamed(WebUi.COOKIE)).isNull();
        assertThat(ui.get("/ui/experiments", WebUi.COOKIE + "=" + before).statusCode()).isEqualTo(303);
        assertThat(open("/ui/models")).isEmpty();
        assertThat(pathAndQuery()).startsWith("/ui/login?next=");
        Path shots = Browser.SCREENSHOTS;
        assertThat(shots.resolve("ui-01-experiments.png")).exists();
    }
}
