package io.mllifecycle.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mllifecycle.*} properties of the starter. Every value is checked when the {@code Lifecycle} bean is
 * made; a bad one fails start-up with a {@link LifecyclePropertyException} naming the property, the value and
 * what was expected.
 */
@ConfigurationProperties(prefix = MlLifecycleProperties.PREFIX)
public class MlLifecycleProperties {
    /** The prefix of every property of the starter. */
    public static final String PREFIX = "mllifecycle";

    /** How the file store writes; see the file store's {@code durability} option. */
    public enum Durability {
        /** Every write is forced to disk before the call returns. */
        SYNC,
        /** Writes are forced to disk in groups, every {@code batch-interval}. */
        BATCHED
    }

    /** Whether the starter makes a {@code Lifecycle} bean at all. */
    private boolean enabled = true;

    /**
     * The store URI: {@code file:./mlruns}, {@code mem:}, {@code jdbc:postgresql://…}; a {@code jdbc:} URI uses the
     * application's {@code DataSource} when it has one.
     */
    private String store = "file:./mlruns";

    /** Who acts (recorded with stage changes and audit events); default the OS user name. */
    private String actor;

    /** How long {@code models().resolve(…)} may serve a cached answer; ≥ 0. */
    private Duration resolveCacheTtl = Duration.ofSeconds(5);

    /** File store only: how writes reach the disk; default the store's (SYNC). */
    private Durability durability;

    /** File store only, with {@code BATCHED}: the longest a write waits to be forced to disk; > 0. */
    private Duration batchInterval;

    /**
     * The store for artifact bytes when the metadata live in PostgreSQL through the application's
     * {@code DataSource} (e.g. {@code file:/mnt/ml}); required then.
     */
    private String artifacts;

    /** Further options passed to the store's provider as they are (e.g. {@code poolSize}, {@code schema}). */
    private Map<String, String> options = new LinkedHashMap<>();

    private final Health health = new Health();

    /** Health indicator settings. */
    public static class Health {
        /**
         * The longest the health indicator reuses its last audit verification while the chain's head is
         * unchanged; a new event always triggers a new verification. > 0.
         */
        private Duration verifyInterval = Duration.ofMinutes(5);

        public Duration getVerifyInterval() {
            return verifyInterval;
        }

        public void setVerifyInterval(Duration verifyInterval) {
            this.verifyInterval = verifyInterval;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getStore() {
        return store;
    }

    public void setStore(String store) {
        this.store = store;
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }

    public Duration getResolveCacheTtl() {
        return resolveCacheTtl;
    }

    public void setResolveCacheTtl(Duration resolveCacheTtl) {
        this.resolveCacheTtl = resolveCacheTtl;
    }

    public Durability getDurability() {
        return durability;
    }

    public void setDurability(Durability durability) {
        this.durability = durability;
    }

    public Duration getBatchInterval() {
        return batchInterval;
    }

    public void setBatchInterval(Duration batchInterval) {
        this.batchInterval = batchInterval;
    }

    public String getArtifacts() {
        return artifacts;
    }

    public void setArtifacts(String artifacts) {
        this.artifacts = artifacts;
    }

    public Map<String, String> getOptions() {
        return options;
    }

    public void setOptions(Map<String, String> options) {
        this.options = options;
    }

    public Health getHealth() {
        return health;
    }
}
