package io.mllifecycle.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The resolve cache of one store instance, shared by every {@code Lifecycle} on it in this JVM, so that two
 * handles see each other's alias moves at once. Not API.
 *
 * <p>Why generations: each model has a counter bumped after every committed change. An entry remembers the
 * generation read <em>before</em> its load; it is served only while the model's generation is unchanged, so a
 * load that raced a change can never be served afterwards, and invalidating a model is one increment — no scan
 * of the keys. Each reader also applies its own TTL, which bounds how late it sees changes made by other
 * processes.
 */
public final class ResolveCache {
    private static final Map<LifecycleStore, ResolveCache> BY_STORE = Collections.synchronizedMap(new WeakHashMap<>());

    private record Entry(ModelVersionRecord record, long generation, long loadedAtNanos) {}

    private final Cache<String, Entry> entries = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofHours(1)).build();
    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private ResolveCache() {}

    /** @return the cache of {@code store}, created on first use */
    public static ResolveCache of(LifecycleStore store) {
        return BY_STORE.computeIfAbsent(store, s -> new ResolveCache());
    }

    /**
     * @param reference the reference as the caller wrote it (the key)
     * @param model     the model it names
     * @param ttlNanos  how old an entry this reader accepts
     * @param load      reads the store
     * @return the cached record, or a freshly loaded one
     */
    public ModelVersionRecord get(String reference, String model, long ttlNanos, Supplier<ModelVersionRecord> load) {
        AtomicLong generation = generations.computeIfAbsent(model, m -> new AtomicLong());
        Entry e = entries.getIfPresent(reference);
        if (e != null && e.generation == generation.get() && System.nanoTime() - e.loadedAtNanos <= ttlNanos) {
            hits.increment();
            return e.record;
        }
        misses.increment();
        long before = generation.get();
        long at = System.nanoTime();
        ModelVersionRecord loaded = load.get();
        entries.put(reference, new Entry(loaded, before, at));
        return loaded;
    }

    /** Makes every entry of {@code model} stale; called after each committed change of it. */
    public void invalidate(String model) {
        generations.computeIfAbsent(model, m -> new AtomicLong()).incrementAndGet();
    }

    /** @return answers served from the cache since it was made */
    public long hits() {
        return hits.sum();
    }

    /** @return answers that read the store since the cache was made */
    public long misses() {
        return misses.sum();
    }
}
