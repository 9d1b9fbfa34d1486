package io.mllifecycle.spring;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreProviders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the {@code mllifecycle.*} properties and opens the store they name. Why here and not in the properties
 * class: Spring binds each value alone; what makes sense together (a durability for a file store only, artifacts
 * for a DataSource-backed store) is checked once, with every failure in one message.
 */
final class StoreOpener {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);
    private static final String P = MlLifecycleProperties.PREFIX + ".";

    private StoreOpener() {}

    /** A failed check: the property, and the sentence naming it, its value and what was expected. */
    private record Problem(String property, String message) {}

    /**
     * @param dataSource the application's data source, or null
     * @param raw        a property's text as the application wrote it (for messages), or null
     * @throws LifecyclePropertyException naming every bad property (the first is {@code property()})
     */
    static LifecycleStore open(MlLifecycleProperties p, DataSource dataSource, UnaryOperator<String> raw) {
        List<Problem> problems = check(p, dataSource, raw);
        if (!problems.isEmpty()) {
            StringBuilder m = new StringBuilder();
            for (Problem problem : problems) {
                m.append(m.length() == 0 ? "" : "; ").append(problem.message());
            }
            throw new LifecyclePropertyException(problems.get(0).property(), m.toString(), null);
        }
        String uri = p.getStore().trim();
        if (dataSource != null && uri.startsWith("jdbc:")) {
            LOG.info("mllifecycle.store is a jdbc: URI and the application has a DataSource: the lifecycle's metadata"
                    + " live there, artifact bytes in {}", redact(p.getArtifacts()));
            try {
                return JdbcStores.open(dataSource, p.getArtifacts(), p.getOptions());
            } catch (RuntimeException e) {
                throw new LifecyclePropertyException(P + "store", P + "store '" + redact(uri) + "' with the"
                        + " application's DataSource and " + P + "artifacts '" + redact(p.getArtifacts())
                        + "' could not be opened: " + redact(e.getMessage()), e);
            }
        }
        Map<String, String> options = new LinkedHashMap<>(p.getOptions());
        if (p.getDurability() != null) {
            options.put("durability", p.getDurability().name());
        }
        if (p.getBatchInterval() != null) {
            options.put("batchIntervalMs", Long.toString(p.getBatchInterval().toMillis()));
        }
        try {
            return StoreProviders.open(uri, options);
        } catch (RuntimeException e) {
            throw new LifecyclePropertyException(P + "store", P + "store '" + redact(uri) + "' could not be opened"
                    + " (expected a reachable store URI such as file:./mlruns, mem: or jdbc:postgresql://…): "
                    + redact(e.getMessage()), e);
        }
    }

    private static List<Problem> check(MlLifecycleProperties p, DataSource dataSource, UnaryOperator<String> raw) {
        List<Problem> problems = new ArrayList<>();
        String uri = p.getStore();
        if (uri == null || uri.isBlank()) {
            problems.add(new Problem(P + "store", P + "store must be a store URI such as file:./mlruns, but was '"
                    + (uri == null ? "" : uri) + "'"));
            uri = "";
        }
        uri = uri.trim();
        boolean file = uri.startsWith("file:");
        Duration ttl = p.getResolveCacheTtl();
        if (ttl == null || ttl.isNegative()) {
            problems.add(new Problem(P + "resolve-cache-ttl", P + "resolve-cache-ttl must be a duration ≥ 0 such as"
                    + " 5s, but was '" + shown(raw, "resolve-cache-ttl", ttl) + "'"));
        }
        if (p.getActor() != null && (p.getActor().isBlank() || p.getActor().length() > 256
                || p.getActor().chars().anyMatch(Character::isISOControl))) {
            problems.add(new Problem(P + "actor", P + "actor must be a name of 1 to 256 characters without control"
                    + " characters, but was '" + p.getActor() + "'"));
        }
        if (p.getDurability() != null && !file) {
            problems.add(new Problem(P + "durability", P + "durability applies to file: stores only, but was '"
                    + p.getDurability() + "' with " + P + "store '" + redact(uri) + "'"));
        }
        Duration batch = p.getBatchInterval();
        if (batch != null && (!file || batch.isNegative() || batch.isZero())) {
            problems.add(new Problem(P + "batch-interval", P + "batch-interval must be a positive duration for a"
                    + " file: store, but was '" + shown(raw, "batch-interval", batch) + "' with " + P + "store '" + redact(uri) + "'"));
        }
        Duration verify = p.getHealth().getVerifyInterval();
        if (verify == null || verify.isNegative() || verify.isZero()) {
            problems.add(new Problem(P + "health.verify-interval", P + "health.verify-interval must be a positive"
                    + " duration such as 5m, but was '" + shown(raw, "health.verify-interval", verify) + "'"));
        }
        if (dataSource != null && uri.startsWith("jdbc:")) {
            if (!JdbcStores.available()) {
                problems.add(new Problem(P + "store", P + "store '" + redact(uri) + "' with the application's"
                        + " DataSource needs io.mllifecycle:lifecycle-store-jdbc on the class path"));
            }
            if (p.getArtifacts() == null || p.getArtifacts().isBlank()) {
                problems.add(new Problem(P + "artifacts", P + "artifacts must name the store for artifact bytes"
                        + " (e.g. file:/mnt/ml) when " + P + "store is '" + redact(uri) + "' and the application's"
                        + " DataSource holds the metadata, but it is missing"));
            }
        }
        return problems;
    }

    /** The property's text as written when known (e.g. {@code -1s}), else the bound value. */
    private static String shown(UnaryOperator<String> raw, String property, Object bound) {
        String text = raw.apply(P + property);
        return text != null ? text : String.valueOf(bound);
    }

    /** Hides passwords of URIs and messages that quote them. */
    static String redact(String text) {
        return text == null ? null : text.replaceAll("(?i)(password=)[^&;\\s']*", "$1***");
    }
}
