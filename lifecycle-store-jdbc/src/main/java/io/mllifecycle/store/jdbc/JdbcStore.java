package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.TrackingStore;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LifecycleStore} whose tracking and registry metadata live in PostgreSQL, shared by every
 * service and training job that opens the same database, with artifact bytes in an {@link ArtifactStore}
 * of the host's choice (e.g. the file store's blobs on a shared volume, or an object store).
 *
 * <pre>{@code
 * LifecycleStore store = JdbcStore.builder(dataSource)               // the host's pool, e.g. HikariCP
 *         .artifacts(StoreProviders.open("file:/mnt/ml").artifacts()) // e.g. the file store's blobs
 *         .open();                                                     // creates or migrates the tables
 * }</pre>
 *
 * <p>Contract: the tables live in the connections' current schema ({@code currentSchema} / {@code
 * search_path}); opening creates them or migrates them to {@link #SCHEMA_VERSION}, and refuses with a
 * {@link CorruptStoreException} a schema whose recorded version is newer. Every SPI call is one
 * transaction, so no partial write is ever visible. Connection loss (SQLState 08xxx), backends ended by
 * the server (57P01–57P03, e.g. {@code pg_terminate_backend}), serialization failures (40001) and deadlocks
 * (40P01) are retried up to {@code maxAttempts} times in all, then reported as a {@link StoreException}
 * naming the last SQLState. Any failure during COMMIT is reported as an
 * {@link io.mllifecycle.store.OutcomeUnknownException} and not retried: the change may have been stored.
 * Registrations with a {@link io.mllifecycle.store.NewModelVersion#requestId() request id} and metric
 * batches logged with one can be repeated after it safely: the repeat returns the first result. Thread-safe. {@link #close()} makes further calls fail and runs the
 * builder's {@code onClose}; it does not close the host's data source or artifact store.
 */
public final class JdbcStore implements LifecycleStore {
    /** The schema version this code creates, reads and writes. */
    public static final int SCHEMA_VERSION = SchemaMigrator.CURRENT_VERSION;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final Transactions tx;
    private final JdbcTrackingStore tracking;
    private final JdbcRegistryStore registry;
    private final ArtifactStore artifacts;
    private final AutoCloseable onClose;
    private volatile boolean closed;

    private JdbcStore(Builder b) {
        this.tx = new Transactions(b.dataSource, b.maxAttempts, b.retryBackoff);
        this.tracking = new JdbcTrackingStore(tx);
        this.registry = new JdbcRegistryStore(tx);
        this.artifacts = b.artifacts;
        this.onClose = b.onClose;
    }

    /** @return a builder over the host's data source (not null); the host owns its pooling and closing */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Checks.notNull("dataSource", dataSource));
    }

    @Override
    public TrackingStore tracking() {
        checkOpen();
        return tracking;
    }

    @Override
    public RegistryStore registry() {
        checkOpen();
        return registry;
    }

    @Override
    public ArtifactStore artifacts() {
        checkOpen();
        return artifacts;
    }

    /** Makes further calls fail, then runs {@code onClose} if one was given. Closing twice is a no-op. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tx.close();
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                throw new StoreException("closing the JDBC store failed: " + e.getMessage(), e);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("this JDBC store is closed");
        }
    }

    /** Builds a {@link JdbcStore}; every setter checks its argument at once. */
    public static final class Builder {
        private final DataSource dataSource;
        private ArtifactStore artifacts;
        private int maxAttempts = 5;
        private Duration retryBackoff = Duration.ofMillis(20);
        private AutoCloseable onClose;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** Where artifact bytes go (required); the JDBC store keeps only their digests. */
        public Builder artifacts(ArtifactStore store) {
            this.artifacts = Checks.notNull("artifacts", store);
            return this;
        }

        /** Tries of one call, first included, when transient failures occur: 1 … 100, default 5. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 100, but was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** First pause before a retry, doubled (with jitter) for each further one: 0 … 10 s, default 20 ms. */
        public Builder retryBackoff(Duration backoff) {
            Checks.notNull("retryBackoff", backoff);
            if (backoff.isNegative() || backoff.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("retryBackoff must be between 0 and 10 s, but was " + backoff);
            }
            this.retryBackoff = backoff;
            return this;
        }

        /** Something to close with the store, e.g. a pool the store's opener created; may be null. */
        public Builder onClose(AutoCloseable resource) {
            this.onClose = resource;
            return this;
        }

        /**
         * Creates or migrates the tables and returns the open store.
         *
         * @throws IllegalStateException if no artifact store was given
         * @throws CorruptStoreException if the database schema is newer than {@link #SCHEMA_VERSION}
         * @throws StoreException if the database cannot be reached or the migration fails
         */
        public JdbcStore open() {
            if (artifacts == null) {
                throw new IllegalStateException("artifacts(store) must be set: the JDBC store keeps metadata only,"
                        + " artifact bytes go to an ArtifactStore such as the file store's");
            }
            JdbcStore store = new JdbcStore(this);
            int before = store.tx.write("opening the JDBC store (schema migration)",
                    c -> SchemaMigrator.migrate(c, artifacts));
            if (before < SCHEMA_VERSION) {
                LOG.info("JDBC store schema migrated from version {} to {}", before, SCHEMA_VERSION);
            }
            return store;
        }
    }
}
