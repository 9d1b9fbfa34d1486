package io.mllifecycle.internal;

import java.util.function.Supplier;
import io.mllifecycle.store.AuditEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's single write path: the store write carrying its audit entries (one atomic write), then
 * invalidation of the shared resolve cache, then listeners. Every registry change of every package goes
 * through {@link #write}; none appends its audit event separately. Not API.
 */
public final class RegistryWriter {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWriter.class);

    private final LifecycleContext context;
    private final List<Consumer<ChangeNotice>> listeners = new CopyOnWriteArrayList<>();

    /** A writer for {@code context}'s store, actor and clock. */
    public RegistryWriter(LifecycleContext context) {
        this.context = context;
    }

    /** @return an audit entry by this writer's actor, now */
    public AuditEntry entry(String action, String subject, Map<String, String> details) {
        return new AuditEntry(context.now(), context.actor(), action, subject, details);
    }

    /**
     * Commits one change with its audit entries, then invalidates {@code model}'s cache entries and announces
     * the change.
     *
     * @param model  the model whose cached resolutions the change affects
     * @param write  the store call; it receives nothing and must pass its audit entries to the store itself
     * @param notice what to announce after the commit, from the store's result (null: announce nothing)
     * @return the store's result
     */
    public <T> T write(String model, Supplier<T> write, Function<T, ChangeNotice> notice) {
        T result;
        try {
            result = write.get();
        } finally {
            // a failed call may still have committed (an unknown outcome); a needless invalidation is cheap
            context.cache().invalidate(model);
        }
        ChangeNotice n = notice == null ? null : notice.apply(result);
        if (n != null) {
            for (Consumer<ChangeNotice> l : listeners) {
                try {
                    l.accept(n);
                } catch (RuntimeException e) {
                    LOG.warn("registry listener {} failed on {} of {}; the change stands", l, n.type(), n.model(), e);
                }
            }
        }
        return result;
    }

    /** Adds a receiver of change notices (the registry's listener adapter). */
    public void subscribe(Consumer<ChangeNotice> listener) {
        listeners.add(listener);
    }

    /** @return the context this writer writes for */
    public LifecycleContext context() {
        return context;
    }
}
