package io.mllifecycle.report;

import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;

/**
 * A small HTML writer. Every value that may come from a user goes through {@link #text} or
 * {@link #attr}, which escape it with Commons Text ({@code escapeHtml4}: {@code & < > "} and
 * non-ASCII characters with named entities); markup written by this module goes through {@link #raw}.
 * User text is wrapped in {@code <bdi>} by {@link #userText} so right-to-left names cannot reorder
 * the surrounding layout.
 */
final class Html {
    private final StringBuilder out;

    Html() {
        this(new StringBuilder(16_384));
    }

    Html(StringBuilder out) {
        this.out = out;
    }

    /** Escapes text for an element body or a double-quoted attribute value. */
    static String escape(String value) {
        String s = StringEscapeUtils.escapeHtml4(value);
        // escapeHtml4 leaves the apostrophe alone; escape it too, so single-quoted contexts are safe
        return s.indexOf('\'') < 0 ? s : s.replace("'", "&#39;");
    }

    /** Appends markup written by this module, never user data. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends escaped text. */
    Html text(String value) {
        out.append(escape(value == null ? "" : value));
        return this;
    }

    /** Appends escaped user text isolated for bidirectional layout. */
    Html userText(String value) {
        out.append("<bdi>").append(escape(value == null ? "" : value)).append("</bdi>");
        return this;
    }

    /** Appends {@code name="value"} with the value escaped, preceded by a space. */
    Html attr(String name, String value) {
        out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
        return this;
    }

    /** Opens {@code <tag class="cls">}; no class when {@code cls} is empty. */
    Html open(String tag, String cls) {
        out.append('<').append(tag);
        if (!cls.isEmpty()) {
            out.append(" class=\"").append(cls).append('"');
        }
        out.append('>');
        return this;
    }

    Html open(String tag) {
        return open(tag, "");
    }

    Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** {@code <tag class="cls">escaped text</tag>}. */
    Html element(String tag, String cls, String text) {
        return open(tag, cls).text(text).close(tag);
    }

    Html element(String tag, String text) {
        return element(tag, "", text);
    }

    /** A table cell with escaped user text. */
    Html td(String text) {
        return open("td").userText(text).close("td");
    }

    /** A numeric table cell. */
    Html tdNum(String text) {
        return open("td", "num").text(text).close("td");
    }

    /** A link to {@code href} (escaped) with escaped user text, or plain text when href is null. */
    Html link(String href, String text) {
        if (href == null) {
            return userText(text);
        }
        out.append("<a");
        attr("href", href);
        out.append('>');
        return userText(text).close("a");
    }

    int length() {
        return out.length();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** A value formatted with 4 significant digits; "—" for NaN, "∞" for infinities. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return trim(String.format(Locale.ROOT, "%.4g", v));
    }

    /** A p-value with 3 significant digits; "—" when there is none. */
    static String p(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (v == 0) {
            return "0";
        }
        return trim(String.format(Locale.ROOT, "%.3g", v));
    }

    /** A share as a percentage with one decimal. */
    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** Removes trailing zeros of a fixed-point mantissa: 0.1000 → 0.1, 1.200e-05 → 1.2e-05. */
    static String trim(String s) {
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + exponent;
    }
}
