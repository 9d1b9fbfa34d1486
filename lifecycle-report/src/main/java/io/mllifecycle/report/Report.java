package io.mllifecycle.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One rendered report: a self-contained HTML page (inline CSS and SVG, no script, no network) and
 * the same data as JSON. Immutable; the same input renders the same bytes.
 */
public final class Report {
    private final String kind;
    private final String title;
    private final String fileName;
    private final String html;
    private final String json;

    Report(String kind, String title, String fileName, String html, String json) {
        this.kind = kind;
        this.title = title;
        this.fileName = fileName;
        this.html = html;
        this.json = json;
    }

    /** @return what the report shows: {@code drift}, {@code run-comparison}, {@code model-card}, {@code monitoring-timeline} or {@code audit-trail} */
    public String kind() {
        return kind;
    }

    /** @return the page title */
    public String title() {
        return title;
    }

    /** @return a file-safe base name without extension, e.g. {@code model-card-churn-v3} */
    public String fileName() {
        return fileName;
    }

    /** @return the HTML page */
    public String html() {
        return html;
    }

    /** @return the HTML page as UTF-8 bytes */
    public byte[] htmlBytes() {
        return html.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the report's data as a JSON document */
    public String json() {
        return json;
    }

    /** @return the JSON document as UTF-8 bytes */
    public byte[] jsonBytes() {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the HTML page to {@code out} (not closed), for a server streaming the page.
     *
     * @throws IllegalArgumentException if {@code out} is null
     * @throws UncheckedIOException if writing fails
     */
    public void writeHtml(Writer out) {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        try {
            out.write(html);
        } catch (IOException e) {
            throw new UncheckedIOException("writing report '" + title + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code <fileName>.html} and {@code <fileName>.json} into {@code directory}, creating it
     * if needed and replacing files of the same names.
     *
     * @return the HTML file
     * @throws IllegalArgumentException if {@code directory} is null or exists and is not a directory
     * @throws UncheckedIOException if writing fails
     */
    public Path writeTo(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("directory must not be null");
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("directory must be a directory, but " + directory + " is a file");
        }
        try {
            Files.createDirectories(directory);
            Path page = directory.resolve(fileName + ".html");
            Files.write(page, htmlBytes());
            Files.write(directory.resolve(fileName + ".json"), jsonBytes());
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("writing report '" + title + "' to " + directory + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Report[" + kind + ", " + title + ", " + html.length() + " chars of HTML]";
    }
}
