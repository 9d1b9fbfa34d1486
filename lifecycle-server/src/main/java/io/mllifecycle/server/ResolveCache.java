package io.mllifecycle.server;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.ModelVersionRecord;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's cache of {@code name@alias} resolutions, shared by every actor's view. Changes made
 * through the server drop their model's entries at once (through registry listeners on each view);
 * changes made by another process are seen after at most the TTL, as in-process.
 */
final class ResolveCache {
    private static final int MAX_ENTRIES = 100_000;

    private record Entry(ModelVersionRecord version, long expiresAt) {}

    private final Lifecycle lifecycle;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    ResolveCache(Lifecycle lifecycle, Duration ttl) {
        this.lifecycle = lifecycle;
        this.ttlNanos = ttl.toNanos();
    }

    ModelVersionRecord resolve(String reference) {
        long now = System.nanoTime();
        Entry e = entries.get(reference);
        if (e != null && now - e.expiresAt() < 0) {
            return e.version();
        }
        ModelVersionRecord loaded = lifecycle.models().resolveUncached(reference);
        if (ttlNanos > 0) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(reference, new Entry(loaded, now + ttlNanos));
        }
        return loaded;
    }

    void invalidate(String model) {
        entries.keySet().removeIf(k -> k.startsWith(model + "@") || k.startsWith(model + "/"));
    }
}
