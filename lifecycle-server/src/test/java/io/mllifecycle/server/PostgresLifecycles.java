package io.mllifecycle.server;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreProviders;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Lifecycles over the JDBC store on PostgreSQL, each on a schema of its own that {@link #close()} drops:
 * the server of {@code .ci/postgres.sh start} (127.0.0.1:54329, user postgres) unless
 * {@code LIFECYCLE_TEST_JDBC_URL} / {@code LIFECYCLE_TEST_JDBC_USER} / {@code LIFECYCLE_TEST_JDBC_PASSWORD}
 * name another, as for lifecycle-store-jdbc's tests. The store is opened through its provider (the JDBC
 * store is a runtime dependency of the server), with artifacts in memory.
 */
final class PostgresLifecycles implements AutoCloseable {
    private final String schema = "lc_server_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private LifecycleStore store;

    private static String setting(String env, String fallback) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String url() {
        return setting("LIFECYCLE_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:54329/postgres");
    }

    private static Connection admin() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", setting("LIFECYCLE_TEST_JDBC_USER", "postgres"));
        String password = System.getenv("LIFECYCLE_TEST_JDBC_PASSWORD");
        if (password != null) {
            p.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(url(), p);
        } catch (SQLException e) {
            throw new AssertionError("No PostgreSQL server reachable at " + url() + " (" + e.getMessage() + ")."
                    + " Start one with .ci/postgres.sh start, or point LIFECYCLE_TEST_JDBC_URL at one.", e);
        }
    }

    private static void execute(String sql) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql + " failed: " + e.getMessage(), e);
        }
    }

    /** @return a lifecycle over a fresh schema (the store stays this object's to close) */
    Lifecycle open() {
        execute("CREATE SCHEMA " + schema);
        String user = setting("LIFECYCLE_TEST_JDBC_USER", "postgres");
        Map<String, String> options = new java.util.HashMap<>(Map.of("schema", schema, "artifacts",
                "mem:" + schema, "user", user, "poolSize", "4"));
        String password = System.getenv("LIFECYCLE_TEST_JDBC_PASSWORD");
        if (password != null) {
            options.put("password", password);
        }
        store = StoreProviders.open(url(), options);
        return Lifecycle.builder().store(store).actor("server-test").build();
    }

    /** Closes the store and drops its schema. */
    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
