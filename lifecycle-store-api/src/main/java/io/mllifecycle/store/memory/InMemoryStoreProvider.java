package io.mllifecycle.store.memory;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreProvider;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens in-memory stores for {@code mem:} URIs. {@code mem:} opens a fresh, private store each time;
 * {@code mem:name} opens the store of that name, shared by every open of the same name in this JVM (like a
 * named in-memory database) until one of them closes it; the next open after that starts empty. Options are refused: an in-memory store has none.
 */
public final class InMemoryStoreProvider implements StoreProvider {
    private static final ConcurrentHashMap<String, InMemoryStore> NAMED = new ConcurrentHashMap<>();

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public String name() {
        return "mem";
    }

    @Override
    public boolean supports(URI uri) {
        return "mem".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public LifecycleStore open(URI uri, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("options must be empty for an in-memory store, but were "
                    + options.keySet());
        }
        String name = uri.getSchemeSpecificPart();
        if (name == null || name.isEmpty() || name.equals("/")) {
            return new InMemoryStore();
        }
        return NAMED.compute(name, (n, existing) -> existing == null || existing.isClosed() ? new InMemoryStore()
                : existing);
    }
}
