package io.mllifecycle.store.file;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Opens a {@link FileStore} for {@code file:} URIs: {@code file:./mlruns} (relative to the working
 * directory), {@code file:/var/lib/ml} or {@code file:///var/lib/ml}. Options: {@code durability}
 * ({@code SYNC} or {@code BATCHED}) and {@code batchIntervalMs}.
 */
public final class FileStoreProvider implements StoreProvider {
    private static final Set<String> OPTIONS = Set.of("durability", "batchIntervalMs", "readOnly");

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
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("option '" + key + "' is not a file-store option; known: " + OPTIONS);
            }
        }
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
        return builder.open();
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
