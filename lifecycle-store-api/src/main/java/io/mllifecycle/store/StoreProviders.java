package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link StoreProvider} for a URI among those on the class path.
 *
 * <p>The system property {@value #FORCE_PROPERTY} may name a provider class to use regardless of
 * discovery. Providers built against another SPI version are skipped with a warning. No matching
 * provider, or more than one, is an error that names the URI and the providers seen.
 */
public final class StoreProviders {
    /** System property naming the provider class to use. */
    public static final String FORCE_PROPERTY = "mllifecycle.store.provider";
    private static final Logger LOG = LoggerFactory.getLogger(StoreProviders.class);

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):");

    private StoreProviders() {}

    /** Opens {@code uri} with default options. */
    public static LifecycleStore open(String uri) {
        return open(uri, Map.of());
    }

    /**
     * Opens {@code uri} with the one provider that supports it.
     *
     * @throws IllegalArgumentException if {@code uri} is not a URI
     * @throws StoreException if no provider or several providers match
     */
    public static LifecycleStore open(String uri, Map<String, String> options) {
        Checks.notNull("uri", uri);
        Checks.notNull("options", options);
        URI parsed = parse(uri);
        return select(parsed, load()).open(parsed, options);
    }

    /**
     * Reads a store URI as people write them: a bare scheme ({@code mem:}) stands for {@code mem:/}, and
     * characters a URI would need escaped, such as the space in {@code file:./my runs}, are quoted instead of
     * refused.
     *
     * @throws IllegalArgumentException if {@code uri} has no scheme or still is no URI
     */
    public static URI parse(String uri) {
        Checks.notNull("uri", uri);
        Matcher m = SCHEME.matcher(uri);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("uri must start with a scheme such as 'file:', 'mem:' or"
                    + " 'jdbc:postgresql:', but was " + Checks.quote(uri));
        }
        String scheme = m.group(1);
        String rest = uri.substring(m.end());
        try {
            if (rest.isEmpty()) {
                return new URI(scheme, "/", null);
            }
            try {
                return new URI(uri);
            } catch (URISyntaxException unquoted) {
                return new URI(scheme, rest, null);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("uri must be a URI such as 'file:./mlruns', but was "
                    + Checks.quote(uri) + ": " + e.getMessage(), e);
        }
    }

    /** @return the provider for {@code uri} among {@code candidates} (visible for tests and adapters) */
    public static StoreProvider select(URI uri, List<StoreProvider> candidates) {
        String forced = System.getProperty(FORCE_PROPERTY);
        List<StoreProvider> usable = new ArrayList<>();
        for (StoreProvider p : candidates) {
            if (p.apiVersion() != StoreProvider.API_VERSION) {
                LOG.warn("Skipping store provider {} ({}): built for SPI version {}, this is version {}",
                        p.name(), p.getClass().getName(), p.apiVersion(), StoreProvider.API_VERSION);
                continue;
            }
            if (forced != null && !forced.isBlank()) {
                if (p.getClass().getName().equals(forced)) {
                    return p;
                }
            } else if (p.supports(uri)) {
                usable.add(p);
            }
        }
        if (forced != null && !forced.isBlank()) {
            throw new StoreException("system property " + FORCE_PROPERTY + " names store provider '" + forced
                    + "', but it is not on the class path (found: " + describe(candidates) + ")");
        }
        if (usable.isEmpty()) {
            throw new StoreException("no store provider supports '" + uri + "' (found: " + describe(candidates)
                    + "); add the module for this scheme, e.g. lifecycle-store-file for file: URIs");
        }
        if (usable.size() > 1) {
            throw new StoreException("several store providers support '" + uri + "': " + describe(usable)
                    + "; set the system property " + FORCE_PROPERTY + " to the class to use");
        }
        return usable.get(0);
    }

    private static List<StoreProvider> load() {
        List<StoreProvider> providers = new ArrayList<>();
        ServiceLoader.load(StoreProvider.class).forEach(providers::add);
        return providers;
    }

    private static String describe(List<StoreProvider> providers) {
        if (providers.isEmpty()) {
            return "none";
        }
        return providers.stream().map(p -> p.name() + " (" + p.getClass().getName() + ", SPI v" + p.apiVersion() + ")")
                .collect(Collectors.joining(", "));
    }
}
