package io.mllifecycle.store;

import java.net.URI;
import java.util.Map;

/**
 * Opens a {@link LifecycleStore} from a URI; found through {@link java.util.ServiceLoader} by
 * {@link StoreProviders}. Register an implementation in
 * {@code META-INF/services/io.mllifecycle.store.StoreProvider}.
 */
public interface StoreProvider {

    /** The SPI version this code defines; a provider built against another version is refused. */
    int API_VERSION = 1;

    /** @return the SPI version the provider was built against; normally {@link #API_VERSION} */
    int apiVersion();

    /** @return a short name for messages, e.g. {@code file} */
    String name();

    /** @return whether this provider opens {@code uri}, judged by its scheme alone */
    boolean supports(URI uri);

    /**
     * Opens (creating if needed) the store at {@code uri}.
     *
     * @param options provider-specific settings, e.g. {@code durability=BATCHED}
     * @throws StoreException if it cannot be opened
     */
    LifecycleStore open(URI uri, Map<String, String> options);
}
