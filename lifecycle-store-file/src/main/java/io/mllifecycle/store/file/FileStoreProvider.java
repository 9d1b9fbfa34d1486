package io.mllifecycle.store.file;

import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.StoreProvider;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.store.TrackingStore;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Opens a {@link FileStore} for {@code file:} URIs: {@code file:./mlruns} (relative to the working
 * directory), {@code file:/var/lib/ml} or {@code file:///var/lib/ml}. Options: {@code durability}
 * ({@code SYNC} or {@code BATCHED}) and {@code batchIntervalMs}.
 *
 * <p>The option {@code artifacts} (or the URI's query parameter {@code ?artifacts=…}, URL-encoded) names
 * another store whose artifact store then holds the bytes, e.g. {@code s3://bucket/ml?region=eu-west-1}:
 * it is opened through {@link StoreProviders} (options {@code artifacts.<name>} are passed to it as
 * {@code <name>}), and closed with this one. Metadata stays in the directory.
 */
public final class FileStoreProvider implements StoreProvider {
    private static final Set<String> OPTIONS = Set.of("durability", "batchIntervalMs", "readOnly", "artifacts");
    private static final String NESTED = "artifacts.";

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public boolean supports(URI uri) {
        return "file".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public LifecycleStore open(URI uri, Map<String, String> options) {
        if (!supports(uri)) {
            throw new IllegalArgumentException("uri must have the scheme 'file', but was '" + uri + "'");
        }
        Map<String, String> nested = new HashMap<>();
        for (String key : options.keySet()) {
            if (key.startsWith(NESTED) && key.length() > NESTED.length()) {
                nested.put(key.substring(NESTED.length()), options.get(key));
            } else if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("option '" + key + "' is not a file-store option; known: " + OPTIONS
                        + " and " + NESTED + "<option of the artifacts store>");
            }
        }
        String artifacts = options.containsKey("artifacts") ? options.get("artifacts") : artifactsInQuery(uri);
        uri = withoutQuery(uri);
        if (artifacts != null && (artifacts.isBlank() || artifacts.equals(uri.toString()))) {
            throw new IllegalArgumentException("option artifacts must name another store for the bytes, e.g."
                    + " 's3://bucket/ml', but was '" + artifacts + "'");
        }
        if (artifacts == null && !nested.isEmpty()) {
            throw new IllegalArgumentException("options " + nested.keySet() + " with the prefix '" + NESTED
                    + "' need the option artifacts");
        }
        FileStore store = builder(uri, options).open();
        if (artifacts == null) {
            return store;
        }
        LifecycleStore blobs;
        try {
            blobs = StoreProviders.open(artifacts, nested);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return new PairedStore(store, blobs);
    }

    private static FileStore.Builder builder(URI uri, Map<String, String> options) {
        FileStore.Builder builder = FileStore.builder(path(uri));
        String durability = options.get("durability");
        if (durability != null) {
            try {
                builder.durability(Durability.valueOf(durability.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option durability must be SYNC or BATCHED, but was '"
                        + durability + "'", e);
            }
        }
        String interval = options.get("batchIntervalMs");
        if (interval != null) {
            try {
                builder.batchInterval(Duration.ofMillis(Long.parseLong(interval.trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option batchIntervalMs must be a whole number of milliseconds,"
                        + " but was '" + interval + "'", e);
            }
        }
        String readOnly = options.get("readOnly");
        if (readOnly != null) {
            String v = readOnly.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("option readOnly must be true or false, but was '" + readOnly + "'");
            }
            if (v.equals("true")) {
                builder.readOnly();
            }
        }
        return builder;
    }

    /** @return the URL-decoded {@code artifacts} query parameter; other query parameters are refused */
    private static String artifactsInQuery(URI uri) {
        String raw = uri.toString();
        int q = raw.indexOf('?');
        if (q < 0) {
            return null;
        }
        String artifacts = null;
        for (String pair : raw.substring(q + 1).split("&")) {
            if (pair.startsWith("artifacts=")) {
                artifacts = URLDecoder.decode(pair.substring("artifacts=".length()), StandardCharsets.UTF_8);
            } else if (!pair.isEmpty()) {
                throw new IllegalArgumentException("uri's query may hold only artifacts=…, but had '" + pair + "' in '"
                        + uri + "'");
            }
        }
        return artifacts;
    }

    private static URI withoutQuery(URI uri) {
        String raw = uri.toString();
        int q = raw.indexOf('?');
        return q < 0 ? uri : URI.create(raw.substring(0, q));
    }

    /** File metadata with another store's artifact store; flushes and closes both. */
    private static final class PairedStore implements LifecycleStore {
        private final FileStore metadata;
        private final LifecycleStore blobs;

        PairedStore(FileStore metadata, LifecycleStore blobs) {
            this.metadata = metadata;
            this.blobs = blobs;
        }

        @Override
        public TrackingStore tracking() {
            return metadata.tracking();
        }

        @Override
        public RegistryStore registry() {
            return metadata.registry();
        }

        @Override
        public ArtifactStore artifacts() {
            return blobs.artifacts();
        }

        @Override
        public void flush() {
            metadata.flush();
            blobs.flush();
        }

        @Override
        public void close() {
            try {
                metadata.close();
            } finally {
                blobs.close();
            }
        }
    }

    private static Path path(URI uri) {
        if (uri.isOpaque()) {
            String part = uri.getSchemeSpecificPart();
            if (part == null || part.isEmpty()) {
                throw new IllegalArgumentException("uri must name a directory, e.g. 'file:./mlruns', but was '" + uri + "'");
            }
            return Path.of(part);
        }
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() && !"localhost".equals(uri.getAuthority())) {
            throw new IllegalArgumentException("uri must name a local directory, but has host '" + uri.getAuthority()
                    + "': '" + uri + "'");
        }
        return Path.of(uri.getPath());
    }
}
