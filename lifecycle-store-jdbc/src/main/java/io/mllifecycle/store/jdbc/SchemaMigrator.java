package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.ArtifactStore;
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
    static final int CURRENT_VERSION = 7;
    /** Scripts in order; script {@code i} migrates version {@code i} to {@code i + 1}. */
    static final List<String> SCRIPTS = List.of("V1__initial.sql", "V2__policies_requests.sql",
            "V3__request_ids.sql", "V4__run_lifecycle.sql", "V5__profile_refs.sql",
            "V6__deletions.sql", "V7__search_statistics.sql");
    /** Key of the advisory lock that serialises migrations (any constant unique to this library). */
    private static final long LOCK_KEY = 0x6d6c6c6966656379L;
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {}

    /**
     * Brings the schema of the connection's current schema to {@link #CURRENT_VERSION}.
     *
     * @param artifacts where version 5 moves the reference profiles that older versions kept in bytea columns
     * @return the version found before migrating (0 for an empty schema)
     * @throws CorruptStoreException if the recorded version is newer than this code
     */
    static int migrate(Connection c, ArtifactStore artifacts) throws SQLException {
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
            if (v == 5) {
                moveProfilesToBlobs(c, artifacts, "model_versions", "model_name, version");
                moveProfilesToBlobs(c, artifacts, "datasets", "seq");
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

    /**
     * Version 5's data step: puts each row's bytea profile into the artifact store (which keeps equal bytes
     * once; a retried migration puts them again harmlessly), records its digest and size, and drops the bytea
     * column. Rows are read through a cursor, a few at a time, so memory holds a few profiles, not the table.
     */
    private static void moveProfilesToBlobs(Connection c, ArtifactStore artifacts, String table, String key)
            throws SQLException {
        String[] keys = key.split(", ");
        int moved = 0;
        try (PreparedStatement read = c.prepareStatement("SELECT " + key + ", profile_type, profile FROM " + table
                + " WHERE profile IS NOT NULL");
             PreparedStatement write = c.prepareStatement("UPDATE " + table + " SET profile_digest = ?, profile_size = ?"
                     + " WHERE " + String.join(" AND ", java.util.Arrays.stream(keys).map(k -> k + " = ?").toList()))) {
            read.setFetchSize(16);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    byte[] bytes = rs.getBytes("profile");
                    ArtifactInfo info = artifacts.put(new ByteArrayInputStream(bytes), rs.getString("profile_type"));
                    write.setString(1, info.digest());
                    write.setLong(2, bytes.length);
                    for (int i = 0; i < keys.length; i++) {
                        write.setObject(3 + i, rs.getObject(keys[i]));
                    }
                    write.executeUpdate();
                    moved++;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " DROP COLUMN profile");
        }
        if (moved > 0) {
            LOG.info("Moved {} reference profile(s) of {} into the artifact store", moved, table);
        }
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
