package io.mllifecycle.server.ui;

import io.mllifecycle.report.ReportLinks;
import io.mllifecycle.server.Principal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web UI's URLs, handed to the report pages as their {@link ReportLinks}. Names travel in the query
 * string, percent-encoded, so any name (markup, right-to-left text, slashes) round-trips.
 */
final class UiLinks implements ReportLinks {
    private final Principal principal;

    UiLinks(Principal principal) {
        this.principal = principal;
    }

    /** {@code path?k1=v1&k2=v2…} with every key and value percent-encoded; pairs with a null value are left out. */
    static String url(String path, String... pairs) {
        StringBuilder b = new StringBuilder(WebUi.BASE).append(path);
        char sep = '?';
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            b.append(sep).append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
            sep = '&';
        }
        return b.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public Optional<String> run(String runId) {
        return Optional.of(url("/run", "id", runId));
    }

    @Override
    public Optional<String> modelVersion(String model, int version) {
        return Optional.of(url("/version", "model", model, "version", Integer.toString(version)));
    }

    @Override
    public Optional<String> monitoringTimeline(String model, int version) {
        return Optional.of(url("/monitoring", "model", model, "version", Integer.toString(version)));
    }

    @Override
    public Optional<String> monitoringWindow(String model, int version, int window) {
        return Optional.of(url("/window", "model", model, "version", Integer.toString(version), "window",
                Integer.toString(window)));
    }

    @Override
    public Optional<String> auditTrail() {
        return Optional.of(url("/audit"));
    }

    @Override
    public Optional<String> artifact(String runId, String path) {
        return Optional.of(url("/artifact", "run", runId, "path", path));
    }

    static String model(String name) {
        return url("/model", "name", name);
    }

    static String runsOf(String experimentId) {
        return url("/runs", "experiment", experimentId);
    }

    @Override
    public Map<String, String> navigation() {
        Map<String, String> nav = new LinkedHashMap<>();
        nav.put("Experiments", url("/experiments"));
        nav.put("Runs", url("/runs"));
        nav.put("Models", url("/models"));
        nav.put("Monitors", url("/monitors"));
        nav.put("Audit trail", url("/audit"));
        if (principal.anonymous()) {
            nav.put("Log in", url("/login"));
        } else {
            nav.put("Log out " + principal.actor(), url("/logout"));
        }
        return nav;
    }
}
