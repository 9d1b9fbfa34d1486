package io.mllifecycle.report;

/**
 * Writes a page in the reports' style — the same shell (doctype, Content-Security-Policy without
 * scripts, inline style sheet, navigation from {@link ReportOptions#links()}, header) and the same
 * escaping — for hosts that render their own pages beside the reports, such as a server's index pages.
 *
 * <pre>{@code
 * PageWriter w = PageWriter.start("Experiments", "3 experiments", options, "");
 * w.raw("<table><tbody><tr>").td(experiment.name()).raw("</tr></tbody></table>");
 * String html = w.finish("ML Lifecycle web UI");
 * }</pre>
 *
 * <p>Every value that may come from a user goes through {@link #text}, {@link #userText}, {@link #td},
 * {@link #attr} or {@link #link}, which escape it (Commons Text's {@code escapeHtml4} plus the
 * apostrophe); {@link #userText} also wraps it in {@code <bdi>} so right-to-left names cannot reorder
 * the layout around them. {@link #raw} is for markup the caller wrote itself, never for user data.
 * Not thread-safe; one writer per page.
 */
public final class PageWriter {
    private final Html html;
    private boolean finished;

    private PageWriter(Html html) {
        this.html = html;
    }

    /**
     * Starts a page: head, navigation, {@code <h1>} title, optional subtitle, opening of {@code <main>}.
     *
     * @param title    the page title (escaped)
     * @param subtitle a line under the title, or empty for none (escaped)
     * @param options  whose {@link ReportLinks#navigation()} fills the navigation bar
     * @param extraCss style rules appended to the shared sheet, written by the caller (not user data)
     * @throws IllegalArgumentException if an argument is null
     */
    public static PageWriter start(String title, String subtitle, ReportOptions options, String extraCss) {
        Reports.notNull("title", title);
        Reports.notNull("subtitle", subtitle);
        Reports.notNull("options", options);
        Reports.notNull("extraCss", extraCss);
        if (extraCss.toLowerCase(java.util.Locale.ROOT).contains("</style")) {
            throw new IllegalArgumentException("extraCss must not close the style element, but contained '</style'");
        }
        return new PageWriter(Page.start(title, subtitle, options, extraCss));
    }

    /** Appends markup the caller wrote, never user data. */
    public PageWriter raw(String markup) {
        check();
        html.raw(Reports.notNull("markup", markup));
        return this;
    }

    /** Appends escaped text (null as empty). */
    public PageWriter text(String value) {
        check();
        html.text(value);
        return this;
    }

    /** Appends escaped text isolated for bidirectional layout ({@code <bdi>}). */
    public PageWriter userText(String value) {
        check();
        html.userText(value);
        return this;
    }

    /** Appends {@code  name="value"} with the value escaped; {@code name} is the caller's markup. */
    public PageWriter attr(String name, String value) {
        check();
        html.attr(Reports.notNull("name", name), value == null ? "" : value);
        return this;
    }

    /** A table cell holding escaped user text. */
    public PageWriter td(String value) {
        check();
        html.td(value);
        return this;
    }

    /** A right-aligned numeric table cell holding escaped text. */
    public PageWriter tdNum(String value) {
        check();
        html.tdNum(value);
        return this;
    }

    /** A link to {@code href} (escaped) with escaped user text; plain text when {@code href} is null. */
    public PageWriter link(String href, String label) {
        check();
        html.link(href, label);
        return this;
    }

    /** {@code <tag class="cls">escaped text</tag>}; no class when {@code cls} is empty. */
    public PageWriter element(String tag, String cls, String value) {
        check();
        html.element(Reports.notNull("tag", tag), Reports.notNull("cls", cls), value);
        return this;
    }

    /**
     * Closes {@code <main>}, writes the footer (escaped) and returns the page.
     *
     * @throws IllegalStateException if the page was already finished
     */
    public String finish(String footer) {
        check();
        finished = true;
        return Page.endWith(html, Reports.notNull("footer", footer));
    }

    /** @return {@code value} escaped for an element body or a quoted attribute */
    public static String escape(String value) {
        return Html.escape(Reports.notNull("value", value));
    }

    /** @return a number as the reports show it: 4 significant digits, "—" for NaN, "∞" for infinities */
    public static String number(double value) {
        return Html.num(value);
    }

    private void check() {
        if (finished) {
            throw new IllegalStateException("the page was already finished");
        }
    }
}
