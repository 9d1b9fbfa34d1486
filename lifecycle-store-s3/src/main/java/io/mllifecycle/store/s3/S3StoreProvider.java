package io.mllifecycle.store.s3;

import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.StoreProvider;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.spi.Checks;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens an {@link S3ArtifactStore} for {@code s3://bucket/prefix} URIs. An S3 store holds artifact bytes only:
 * the {@link LifecycleStore} returned answers {@link LifecycleStore#artifacts()}, and its {@code tracking()} and
 * {@code registry()} throw {@link StoreException} saying how to pair it with a metadata store, e.g.
 * {@code jdbc:postgresql://db/ml?artifacts=s3%3A%2F%2Fbucket%2Fml} or {@code file:/var/lib/ml} with the option
 * {@code artifacts=s3://bucket/ml}.
 *
 * <p>Settings, as query parameters of the URI or as options (an option wins over the query):
 * {@code region}, {@code endpoint} (for services other than AWS, e.g. {@code http://localhost:9000}),
 * {@code pathStyle} ({@code true}/{@code false}), {@code accessKeyId} and {@code secretAccessKey} (and
 * {@code sessionToken}; default: the SDK's credential chain), {@code multipartThreshold} and {@code partSize}
 * (bytes), {@code maxAttempts}, {@code spoolDirectory}. Unknown settings are rejected, naming them.
 */
public final class S3StoreProvider implements StoreProvider {
    private static final Set<String> SETTINGS = Set.of("region", "endpoint", "pathStyle", "accessKeyId",
            "secretAccessKey", "sessionToken", "multipartThreshold", "partSize", "maxAttempts", "spoolDirectory");

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public boolean supports(URI uri) {
        return uri != null && "s3".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public LifecycleStore open(URI uri, Map<String, String> options) {
        Checks.notNull("uri", uri);
        Checks.notNull("options", options);
        return artifactsOnly(builder(uri, options).open(), uri);
    }

    /**
     * @return a builder set up from {@code uri} and {@code options}, not yet opened
     * @throws IllegalArgumentException if the URI is not {@code s3://bucket[/prefix]} or a setting is unknown or bad
     */
    static S3ArtifactStore.Builder builder(URI uri, Map<String, String> options) {
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("uri must look like 's3://bucket/prefix?region=…', but was "
                    + Checks.quote(uri.toString()));
        }
        Map<String, String> settings = new LinkedHashMap<>(query(uri));
        settings.putAll(options);
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(SETTINGS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("settings " + unknown + " of " + shown(uri) + " are not S3 store settings;"
                    + " known are " + new TreeSet<>(SETTINGS));
        }
        S3ArtifactStore.Builder b = S3ArtifactStore.builder(uri.getRawAuthority());
        String path = uri.getPath() == null ? "" : uri.getPath();
        b.prefix(path);
        settings.forEach((key, value) -> {
            Checks.notNull("options['" + key + "']", value);
            switch (key) {
                case "region" -> b.region(value.trim());
                case "endpoint" -> b.endpoint(endpoint(value.trim()));
                case "pathStyle" -> b.pathStyle(bool(key, value));
                case "multipartThreshold" -> b.multipartThreshold(number(key, value));
                case "partSize" -> b.partSize(number(key, value));
                case "maxAttempts" -> b.maxAttempts((int) Math.min(Integer.MAX_VALUE, number(key, value)));
                case "spoolDirectory" -> b.spoolDirectory(Path.of(value));
                default -> { }
            }
        });
        String id = settings.get("accessKeyId");
        String secret = settings.get("secretAccessKey");
        String token = settings.get("sessionToken");
        if ((id == null) != (secret == null) || (token != null && id == null)) {
            throw new IllegalArgumentException("accessKeyId and secretAccessKey (and sessionToken, if any) must be given"
                    + " together, but " + (id == null ? "accessKeyId" : "secretAccessKey") + " was missing for "
                    + shown(uri));
        }
        if (id != null) {
            if (token != null) {
                b.credentials(id, secret, token);
            } else {
                b.credentials(id, secret);
            }
        }
        return b;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(key, value);
        }
        return q;
    }

    private static URI endpoint(String value) {
        try {
            return new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("endpoint must be a URI such as 'http://localhost:9000', but was "
                    + Checks.quote(value), e);
        }
    }

    private static boolean bool(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.isEmpty()) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be true or false, but was " + Checks.quote(value));
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, but was " + Checks.quote(value), e);
        }
    }

    /** The URI without its query, which may hold credentials. */
    private static String shown(URI uri) {
        return "'" + uri.toString().replaceFirst("\\?.*$", "") + "'";
    }

    private static LifecycleStore artifactsOnly(S3ArtifactStore artifacts, URI uri) {
        String pairing = "an s3: store holds artifact bytes only; open a metadata store that keeps its bytes there,"
                + " e.g. 'jdbc:postgresql://host/db?artifacts=" + encoded(uri) + "' or 'file:/var/lib/ml'"
                + " with the option artifacts=" + shown(uri);
        return new LifecycleStore() {
            @Override
            public TrackingStore tracking() {
                throw new StoreException("tracking() is not available: " + pairing);
            }

            @Override
            public RegistryStore registry() {
                throw new StoreException("registry() is not available: " + pairing);
            }

            @Override
            public ArtifactStore artifacts() {
                return artifacts;
            }

            @Override
            public void close() {
                artifacts.close();
            }
        };
    }

    /** Encodes a URI without its query for use as a query parameter. */
    private static String encoded(URI uri) {
        return URLEncoder.encode(uri.toString().replaceFirst("\\?.*$", ""), StandardCharsets.UTF_8);
    }
}
