package io.mllifecycle.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shell every report shares: doctype, inline style sheet, header, footer. No script, no times. */
final class Page {
    private static final String CSS = load();

    private Page() {}

    /** Starts a page with its title, an optional subtitle line and the opening of {@code <main>}. */
    /** @return "1 alert", "2 alerts": a count and its noun, plural by an appended s */
    static String counted(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static Html start(String title, String subtitle, ReportOptions options) {
        return start(title, subtitle, options, "");
    }

    /** {@link #start(String, String, ReportOptions)} with more style rules after the shared sheet. */
    static Html start(String title, String subtitle, ReportOptions options, String extraCss) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
                + "<title>").text(title).raw("</title><style>").raw(CSS).raw(extraCss).raw("</style></head><body><header>");
        java.util.Map<String, String> nav = options.links().navigation();
        if (!nav.isEmpty()) {
            h.raw("<nav>");
            nav.forEach((label, href) -> h.link(href, label));
            h.raw("</nav>");
        }
        h.open("h1").userText(title).close("h1");
        if (!subtitle.isEmpty()) {
            h.open("p", "sub").userText(subtitle).close("p");
        }
        h.raw("</header><main>");
        return h;
    }

    /** Ends the page. */
    static String end(Html h, String kind) {
        h.raw("</main><footer>ML Lifecycle ").text(kind).raw(" report · self-contained: no scripts, no network"
                + "</footer></body></html>\n");
        return h.toString();
    }

    /** Ends the page with its own footer text. */
    static String endWith(Html h, String footer) {
        h.raw("</main><footer>").text(footer).raw("</footer></body></html>\n");
        return h.toString();
    }

    private static String load() {
        try (InputStream in = Page.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from the lifecycle-report jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("reading report.css failed", e);
        }
    }
}
