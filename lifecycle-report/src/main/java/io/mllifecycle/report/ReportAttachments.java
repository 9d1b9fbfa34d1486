package io.mllifecycle.report;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.tracking.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps reports with what they describe: as artifacts of a run, or with a model version (the bytes in
 * the lifecycle's artifact store, their digests in the version's tags
 * {@code report.<kind>.html} and {@code report.<kind>.json}, so a later report of the same kind
 * replaces the tag and the bytes stay content-addressed).
 */
public final class ReportAttachments {
    /** Media type of the HTML page. */
    public static final String HTML = "text/html; charset=utf-8";
    /** Media type of the JSON document. */
    public static final String JSON = "application/json";
    /** Prefix of the version tags that point at stored reports. */
    public static final String TAG_PREFIX = "report.";

    private ReportAttachments() {}

    /**
     * Logs the page and its JSON as artifacts {@code <directory>/<fileName>.html} and {@code .json} of
     * the run.
     *
     * @param directory a clean relative artifact directory such as {@code reports}
     * @return the HTML artifact
     * @throws IllegalArgumentException if an argument is null or {@code directory} is not a clean relative path
     */
    public static ArtifactInfo logTo(Run run, String directory, Report report) {
        Reports.notNull("run", run);
        Reports.notNull("directory", directory);
        Reports.notNull("report", report);
        String base = directory.isEmpty() ? report.fileName() : directory + "/" + report.fileName();
        ArtifactInfo html = run.logArtifact(base + ".html", new ByteArrayInputStream(report.htmlBytes()), HTML);
        run.logArtifact(base + ".json", new ByteArrayInputStream(report.jsonBytes()), JSON);
        return html;
    }

    /**
     * Stores the page and its JSON with a model version: bytes in the lifecycle's artifact store, digests
     * in the version's tags {@code report.<kind>.html} / {@code .json} (an audited version update).
     *
     * @return the HTML blob
     * @throws IllegalArgumentException if an argument is null
     */
    public static ArtifactInfo storeWithVersion(Lifecycle lifecycle, ModelVersion version, Report report) {
        Reports.notNull("lifecycle", lifecycle);
        Reports.notNull("version", version);
        Reports.notNull("report", report);
        ArtifactInfo html = lifecycle.store().artifacts().put(new ByteArrayInputStream(report.htmlBytes()), HTML);
        ArtifactInfo json = lifecycle.store().artifacts().put(new ByteArrayInputStream(report.jsonBytes()), JSON);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_PREFIX + report.kind() + ".html", html.digest());
        tags.put(TAG_PREFIX + report.kind() + ".json", json.digest());
        version.update(tags, Map.of(), null, null);
        return html;
    }

    /**
     * Reads a report stored with a version by {@link #storeWithVersion}.
     *
     * @param kind   the report's {@link Report#kind()}, e.g. {@code model-card}
     * @param format {@code html} or {@code json}
     * @return the document, or empty if none of that kind was stored or its bytes were purged
     * @throws IllegalArgumentException if an argument is null or {@code format} is neither html nor json
     */
    public static Optional<String> readFromVersion(Lifecycle lifecycle, ModelVersionRecord version, String kind,
            String format) {
        Reports.notNull("lifecycle", lifecycle);
        Reports.notNull("version", version);
        Reports.notNull("kind", kind);
        if (!"html".equals(format) && !"json".equals(format)) {
            throw new IllegalArgumentException("format must be 'html' or 'json', but was '" + format + "'");
        }
        String digest = version.tags().get(TAG_PREFIX + kind + "." + format);
        if (digest == null || !lifecycle.store().artifacts().exists(digest)) {
            return Optional.empty();
        }
        try (InputStream in = lifecycle.store().artifacts().open(digest)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading report " + digest + " of " + version.reference() + " failed", e);
        }
    }
}
