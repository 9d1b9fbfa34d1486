package io.mllifecycle.registry;

import io.mllifecycle.store.ModelVersionRecord;

/**
 * Hears each successful {@link ModelRegistry#resolve} with the time it took, e.g. to feed a latency timer.
 * Called on the resolving thread, on the serving hot path: an implementation must be cheap and must not block.
 * An exception is logged and never fails the resolve. Failed resolves are not reported (their model may not
 * exist, so naming it would let callers create unbounded metric tags).
 */
@FunctionalInterface
public interface ResolveListener {
    /**
     * @param record the version the reference resolved to
     * @param nanos  wall time of the resolve in nanoseconds ({@link System#nanoTime()} around it), ≥ 0
     */
    void resolved(ModelVersionRecord record, long nanos);
}
