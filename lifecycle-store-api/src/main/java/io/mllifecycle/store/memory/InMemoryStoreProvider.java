package io.mllifecycle.store.memory;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreProvider;
import java.net.URI;
import java.util.Map;

/** Opens a fresh {@link InMemoryStore} for {@code mem:} URIs (e.g. {@code mem:test}). */
public final class InMemoryStoreProvider implements StoreProvider {
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
        return new InMemoryStore();
    }
}
