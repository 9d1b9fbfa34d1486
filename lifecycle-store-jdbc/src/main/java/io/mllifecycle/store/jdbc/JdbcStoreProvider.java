package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.StoreProvider;
import io.mllifecycle.store.StoreProviders;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens a {@link JdbcStore} for {@code jdbc:postgresql://host:port/database?user=…&password=…} URIs, with
 * a {@link JdbcConnectionPool} of its own (closed with the store). Options:
 * <ul>
 *   <li>{@code artifacts} (required, as an option or as a query parameter of the URI): the URI of the store
 *       whose artifact store holds the bytes, e.g. {@code file:/mnt/ml} or {@code mem:blobs}; it is opened
 *       through {@link StoreProviders} and closed with this one; options {@code artifacts.<name>} are passed to
 *       it as {@code <name>} (e.g. {@code artifacts.secretAccessKey} for {@code s3://…});</li>
 *   <li>{@code user}, {@code password}: override those of the URI's query;</li>
 *   <li>{@code schema}: the PostgreSQL schema holding the tables (it must exist), default the user's search path;</li>
 *   <li>{@code poolSize}: connections in the pool, default 8; {@code maxAttempts}: see {@link JdbcStore.Builder#maxAttempts}.</li>
 * </ul>
 * Unknown options are rejected, naming them.
 */
public final class JdbcStoreProvider implements StoreProvider {
    private static final Set<String> OPTIONS = Set.of("artifacts", "user", "password", "schema", "poolSize",
            "maxAttempts");
    private static final String NESTED = "artifacts.";

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public String name() {
        return "jdbc-postgresql";
    }

    @Override
    public boolean supports(URI uri) {
        return "jdbc".equalsIgnoreCase(uri.getScheme()) && uri.getSchemeSpecificPart() != null
                && uri.getSchemeSpecificPart().startsWith("postgresql:");
    }

    @Override
    public LifecycleStore open(URI uri, Map<String, String> options) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(OPTIONS);
        Map<String, String> nested = new HashMap<>();
        for (String key : options.keySet()) {
            if (key.startsWith(NESTED) && key.length() > NESTED.length()) {
                nested.put(key.substring(NESTED.length()), options.get(key));
                unknown.remove(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("options has unknown keys " + unknown + " for " + uri.getScheme()
                    + ":postgresql stores; known are " + new TreeSet<>(OPTIONS) + " and " + NESTED + "<option of the"
                    + " artifacts store>");
        }
        Target target = split(uri.toString(), options);
        String url = target.url();
        String artifactsUri = target.artifacts();
        if (artifactsUri == null || artifactsUri.isBlank() || artifactsUri.startsWith("jdbc:")) {
            throw new IllegalArgumentException("options['artifacts'] must name the store for artifact bytes, e.g."
                    + " 'file:/mnt/ml' (the JDBC store keeps metadata only), but was "
                    + (artifactsUri == null ? "missing" : "'" + artifactsUri + "'"));
        }
        Properties props = new Properties();
        copy(options, "user", props, "user");
        copy(options, "password", props, "password");
        copy(options, "schema", props, "currentSchema");
        int poolSize = integer(options, "poolSize", 8);
        int maxAttempts = integer(options, "maxAttempts", 5);
        JdbcConnectionPool pool = new JdbcConnectionPool(url, props, poolSize);
        LifecycleStore blobs;
        try {
            blobs = StoreProviders.open(artifactsUri, nested);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        try {
            return JdbcStore.builder(pool).artifacts(blobs.artifacts()).maxAttempts(maxAttempts).onClose(() -> {
                try {
                    pool.close();
                } finally {
                    blobs.close();
                }
            }).open();
        } catch (RuntimeException e) {
            pool.close();
            blobs.close();
            if (e instanceof StoreException || e instanceof IllegalArgumentException) {
                throw e;
            }
            String shown = uri.toString().replaceFirst("\\?.*$", "");
            throw new StoreException("opening " + shown + " failed: " + e.getMessage(), e);
        }
    }

    /** The driver's URL and the artifacts URI. */
    private record Target(String url, String artifacts) {}

    /**
     * Takes the artifacts URI out of the URL's query (for callers that pass no options; the driver must not
     * see it) and drops the query parameters that an option overrides, since the driver lets URL
     * parameters win over properties.
     */
    private static Target split(String url, Map<String, String> options) {
        String artifactsUri = options.get("artifacts");
        int query = url.indexOf('?');
        if (query < 0) {
            return new Target(url, artifactsUri);
        }
        List<String> kept = new ArrayList<>();
        for (String pair : url.substring(query + 1).split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if ((name.equals("user") && options.containsKey("user"))
                    || (name.equals("password") && options.containsKey("password"))
                    || (name.equals("currentSchema") && options.containsKey("schema"))) {
                continue;
            }
            if (name.equals("artifacts")) {
                if (artifactsUri == null) {
                    artifactsUri = URLDecoder.decode(pair.substring("artifacts=".length()), StandardCharsets.UTF_8);
                }
            } else if (!pair.isEmpty()) {
                kept.add(pair);
            }
        }
        return new Target(url.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)),
                artifactsUri);
    }

    private static void copy(Map<String, String> options, String key, Properties props, String property) {
        String value = options.get(key);
        if (value != null) {
            props.setProperty(property, value);
        }
    }

    private static int integer(Map<String, String> options, String key, int fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("options['" + key + "'] must be a whole number, but was '" + value + "'",
                    e);
        }
    }
}
