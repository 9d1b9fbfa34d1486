package io.mllifecycle.internal;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RunSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What every handle of one {@code Lifecycle} shares: store, clock, actor, source info, the resolve TTL and the
 * registry's single write path. Not API.
 */
public final class LifecycleContext {
    private final LifecycleStore store;
    private final Clock clock;
    private final String actor;
    private final RunSource source;
    private final Duration resolveTtl;
    private final RegistryWriter writer;
    private final MetricBuffer metricBuffer;
    private final boolean bufferMetrics;
    private final java.util.concurrent.ConcurrentHashMap<Class<?>, ListenerSet<?>> listeners =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param store      the store
     * @param clock      the clock for timestamps
     * @param actor      who acts
     * @param source     source info recorded with runs
     * @param resolveTtl how stale a cached resolve may be
     */
    public LifecycleContext(LifecycleStore store, Clock clock, String actor, RunSource source, Duration resolveTtl) {
        this(store, clock, actor, source, resolveTtl, false, 32_768, Duration.ofMillis(500));
    }

    /**
     * @param bufferMetrics    whether runs buffer metric points unless told otherwise
     * @param metricBufferSize most buffered points at once
     * @param metricInterval   how long a buffered point may wait for the background writer
     */
    public LifecycleContext(LifecycleStore store, Clock clock, String actor, RunSource source, Duration resolveTtl,
                            boolean bufferMetrics, int metricBufferSize, Duration metricInterval) {
        this.metricBuffer = new MetricBuffer(store.tracking(), metricBufferSize, metricInterval);
        this.bufferMetrics = bufferMetrics;
        this.store = store;
        this.clock = clock;
        this.actor = actor;
        this.source = source;
        this.resolveTtl = resolveTtl;
        this.writer = new RegistryWriter(this);
    }

    /** @return the store */
    public LifecycleStore store() {
        return store;
    }

    /** @return the clock */
    public Clock clock() {
        return clock;
    }

    /** @return who acts */
    public String actor() {
        return actor;
    }

    /** @return source info recorded with runs */
    public RunSource source() {
        return source;
    }

    /** @return how stale a cached resolve may be */
    public Duration resolveTtl() {
        return resolveTtl;
    }

    /** @return the metric buffer and background writer of this lifecycle (its thread starts on first use) */
    public MetricBuffer metricBuffer() {
        return metricBuffer;
    }

    /** @return whether runs buffer metric points unless their spec says otherwise */
    public boolean bufferMetrics() {
        return bufferMetrics;
    }

    /** @return the registry's single write path for this lifecycle */
    public RegistryWriter writer() {
        return writer;
    }

    /** @return the current time of the clock */
    public Instant now() {
        return clock.instant();
    }

    /** @return the resolve cache shared by every handle on this store instance */
    public ResolveCache cache() {
        return ResolveCache.of(store);
    }

    /** @return the blob references of this store instance */
    public BlobReferences references() {
        return BlobReferences.of(store);
    }

    /**
     * @param type the listener type (a monitoring or audit listener interface)
     * @return the listeners of that type every handle of this lifecycle notifies, created on first use
     */
    @SuppressWarnings("unchecked") // one set per type, created here with that type
    public <T> ListenerSet<T> listeners(Class<T> type) {
        return (ListenerSet<T>) listeners.computeIfAbsent(type, t -> new ListenerSet<T>());
    }
}
