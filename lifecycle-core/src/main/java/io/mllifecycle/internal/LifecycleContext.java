package io.mllifecycle.internal;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RunSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * What every handle of one {@link Lifecycle} shares.
 *
 * @param store    the store
 * @param clock    the clock for timestamps
 * @param actor    who acts
 * @param source   source info recorded with runs
 * @param settings reserved for later options
 */
public record LifecycleContext(LifecycleStore store, Clock clock, String actor, RunSource source,
                               Map<String, String> settings) {
    /** @return the current time of the clock */
    public Instant now() {
        return clock.instant();
    }
}
