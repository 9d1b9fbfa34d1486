package io.mllifecycle.report;

import java.util.Locale;
import java.util.Optional;

/**
 * Where one page links to another. A static file set uses {@link #relativeFiles()}; a server supplies
 * its own URLs; {@link #none()} renders names without links. Every method returns the href to
 * write (it is escaped by the page) or empty for no link. Implementations must be deterministic, so
 * the same input keeps giving the same bytes.
 */
public interface ReportLinks {

    /** @return the page of a run */
    Optional<String> run(String runId);

    /** @return the model card of a model version */
    Optional<String> modelVersion(String model, int version);

    /** @return the monitoring timeline of a model version */
    Optional<String> monitoringTimeline(String model, int version);

    /** @return the drift report of one monitoring window of a model version */
    Optional<String> monitoringWindow(String model, int version, int window);

    /** @return the audit trail */
    Optional<String> auditTrail();

    /**
     * Where an artifact of a run can be downloaded; the default links nowhere (static files carry no
     * artifact bytes), a server returns its download URL.
     *
     * @return the href of the artifact at {@code path} of run {@code runId}
     */
    default Optional<String> artifact(String runId, String path) {
        return Optional.empty();
    }

    /**
     * The links of a page's navigation bar, label → href, in display order. The default is the audit
     * trail alone (when {@link #auditTrail()} links somewhere); a server lists its own pages.
     *
     * @return label → href, never null
     */
    default java.util.Map<String, String> navigation() {
        return auditTrail().map(href -> java.util.Map.of("Audit trail", href)).orElse(java.util.Map.of());
    }

    /** Links to nothing: names render as text. */
    static ReportLinks none() {
        return new ReportLinks() {
            @Override
            public Optional<String> run(String runId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> modelVersion(String model, int version) {
                return Optional.empty();
            }

            @Override
            public Optional<String> monitoringTimeline(String model, int version) {
                return Optional.empty();
            }

            @Override
            public Optional<String> monitoringWindow(String model, int version, int window) {
                return Optional.empty();
            }

            @Override
            public Optional<String> auditTrail() {
                return Optional.empty();
            }
        };
    }

    /**
     * Links to sibling files in one directory, named as {@link Reports#fileName} names them:
     * {@code run-<id>.html}, {@code model-card-<model>-v<n>.html},
     * {@code monitoring-<model>-v<n>.html}, {@code drift-<model>-v<n>-w<k>.html},
     * {@code audit-trail.html}. Names are made file-safe by {@link #fileSafe}.
     */
    static ReportLinks relativeFiles() {
        return new ReportLinks() {
            @Override
            public Optional<String> run(String runId) {
                return Optional.of("run-" + fileSafe(runId) + ".html");
            }

            @Override
            public Optional<String> modelVersion(String model, int version) {
                return Optional.of("model-card-" + fileSafe(model) + "-v" + version + ".html");
            }

            @Override
            public Optional<String> monitoringTimeline(String model, int version) {
                return Optional.of("monitoring-" + fileSafe(model) + "-v" + version + ".html");
            }

            @Override
            public Optional<String> monitoringWindow(String model, int version, int window) {
                return Optional.of("drift-" + fileSafe(model) + "-v" + version + "-w" + window + ".html");
            }

            @Override
            public Optional<String> auditTrail() {
                return Optional.of("audit-trail.html");
            }
        };
    }

    /**
     * A name as a portable file-name part: ASCII letters, digits, {@code .}, {@code _} and {@code -}
     * kept, every other character as {@code ~} plus its code point in hex, so distinct names stay
     * distinct.
     *
     * @throws IllegalArgumentException if {@code name} is null or empty
     */
    static String fileSafe(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must be a non-empty string, but was "
                    + (name == null ? "null" : "empty"));
        }
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' && b.length() > 0)) {
                b.appendCodePoint(c);
            } else {
                b.append('~').append(Integer.toHexString(c).toUpperCase(Locale.ROOT));
            }
        });
        return b.toString();
    }
}
