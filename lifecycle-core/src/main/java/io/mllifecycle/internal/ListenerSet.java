package io.mllifecycle.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one kind that every handle of a lifecycle shares (monitor listeners, audit verification
 * listeners). Not API.
 *
 * <p>Why guarded: a listener is the host's code (a metrics binder, a pager); its failure is logged and never
 * breaks the monitor or the verification that called it, as Caffeine guards its stats counters.
 *
 * @param <T> the listener type
 */
public final class ListenerSet<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerSet.class);

    private final CopyOnWriteArrayList<T> listeners = new CopyOnWriteArrayList<>();

    /** Adds {@code listener}; adding one twice makes it hear every event twice. */
    public void add(T listener) {
        listeners.add(listener);
    }

    /** @return whether {@code listener} was registered (once removed) */
    public boolean remove(T listener) {
        return listeners.remove(listener);
    }

    /** @return whether no listener is registered */
    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /**
     * Calls {@code call} on each listener in registration order; a {@link RuntimeException} of one is logged
     * and the others are still called.
     *
     * @param what the event, for the log
     */
    public void notifyEach(String what, Consumer<? super T> call) {
        for (T l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed on {}; it goes on without it", l, what, e);
            }
        }
    }
}
