package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the store's tables with versioned SQL scripts ({@code migration/V<n>__<name>.sql}
 * beside this class), recording each applied version in {@code lifecycle_schema_version}.
 *
 * <p>Why a runner of our own rather than Flyway or Liquibase: the store has a handful of scripts, runs
 * them inside one transaction (PostgreSQL DDL is transactional, so a failed migration leaves nothing
 * behind), and a library that hosts embed should not bring a migration framework and its version into
 * their dependency tree. Concurrent openers are serialised by a transaction-scoped advisory lock. A
 * database whose recorded version is newer than {@link #CURRENT_VERSION} is refused: older code must not
 * write into a schema it does not know.
 */
final class SchemaMigrator {
    /** The schema version this code reads and writes. */
    static final int CURRENT_VERSION = 4;
    /** Scripts in order; script {@code i} migrates version {@code i} to {@code i + 1}. */
    static final List<String> SCRIPTS = List.of("V1__initial.sql", "V2__policies_requests.sql",
            "V3__request_ids.sql", "V4__deletions.sql");
    /** Key of the advisory lock that serialises migrations (any constant unique to this library). */
    private static final long LOCK_KEY = 0x6d6c6c6966656379L;
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {}

    /**
     * Brings the schema of the connection's current schema to {@link #CURRENT_VERSION}.
     *
     * @return the version found before migrating (0 for an empty schema)
     * @throws CorruptStoreException if the recorded version is newer than this code
     */
    static int migrate(Connection c) throws SQLException {
        String schema = schemaName(c);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            s.execute("CREATE TABLE IF NOT EXISTS lifecycle_schema_version (version integer PRIMARY KEY,"
                    + " description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        int found = currentVersion(c);
        if (found > CURRENT_VERSION) {
            throw new CorruptStoreException("the database schema '" + schema + "' has version " + found
                    + " of the ML Lifecycle JDBC store, newer than version " + CURRENT_VERSION + " that this"
                    + " lifecycle-store-jdbc supports; upgrade lifecycle-store-jdbc on this host (older code must"
                    + " not write into a newer schema)");
        }
        for (int v = found + 1; v <= CURRENT_VERSION; v++) {
            String script = SCRIPTS.get(v - 1);
            LOG.info("Migrating JDBC store schema '{}' to version {} ({})", schema, v, script);
            try (Statement s = c.createStatement()) {
                s.execute(load(script));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO lifecycle_schema_version (version, description) VALUES (?, ?)")) {
                ps.setInt(1, v);
                ps.setString(2, script);
                ps.executeUpdate();
            }
        }
        return found;
    }

    /** @return the highest recorded version, 0 if none */
    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM lifecycle_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String schemaName(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
            rs.next();
            String name = rs.getString(1);
            if (name == null) {
                throw new StoreException("the connection has no current schema: the schema named by currentSchema"
                        + " or search_path does not exist; create it first");
            }
            return name;
        }
    }

    private static String load(String script) {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream("migration/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + script + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration script " + script, e);
        }
    }
}
