package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server the tests use: {@code LIFECYCLE_TEST_JDBC_URL} (or system property
 * {@code lifecycle.test.jdbc.url}), default the cluster of {@code .ci/postgres.sh start}; user from
 * {@code LIFECYCLE_TEST_JDBC_USER} / {@code lifecycle.test.jdbc.user} (default {@code postgres}), password
 * likewise (default none). Without a reachable server the tests fail — they are never skipped — with a
 * message saying how to start one. Each store gets a schema of its own, dropped by {@link #dropAll()}.
 */
final class TestDatabase {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:54329/postgres";
    private final List<String> schemas = new ArrayList<>();

    static String url() {
        return setting("LIFECYCLE_TEST_JDBC_URL", "lifecycle.test.jdbc.url", DEFAULT_URL);
    }

    static Properties properties(String schema) {
        Properties p = new Properties();
        p.setProperty("user", setting("LIFECYCLE_TEST_JDBC_USER", "lifecycle.test.jdbc.user", "postgres"));
        String password = setting("LIFECYCLE_TEST_JDBC_PASSWORD", "lifecycle.test.jdbc.password", null);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "5");
        if (schema != null) {
            p.setProperty("currentSchema", schema);
        }
        return p;
    }

    private static String setting(String env, String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    /** @return a connection to the server's default schema @throws AssertionError saying how to start one */
    static Connection admin() {
        try {
            return DriverManager.getConnection(url(), properties(null));
        } catch (SQLException e) {
            throw new AssertionError("No PostgreSQL server reachable at " + url() + " (" + e.getMessage() + ")."
                    + " The JDBC store's tests need one: run `.ci/postgres.sh start` from the repository root (it"
                    + " starts a throw-away cluster on 127.0.0.1:54329), or point LIFECYCLE_TEST_JDBC_URL /"
                    + " LIFECYCLE_TEST_JDBC_USER at a server you run.", e);
        }
    }

    /** @return the name of a new, empty schema, dropped by {@link #dropAll()} */
    synchronized String newSchema() {
        String name = "lc_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + name);
        schemas.add(name);
        return name;
    }

    /** @return a pool of {@code size} connections whose current schema is {@code schema} */
    static JdbcConnectionPool pool(String schema, int size) {
        return new JdbcConnectionPool(url(), properties(schema), size);
    }

    /** @return a store over a pool of its own on {@code schema}, the pool closed with the store */
    static JdbcStore open(String schema, ArtifactStore artifacts) {
        JdbcConnectionPool pool = pool(schema, 8);
        return JdbcStore.builder(pool).artifacts(artifacts).onClose(pool).open();
    }

    /** @return a store on a new schema with in-memory artifacts */
    JdbcStore openNew() {
        return open(newSchema(), new InMemoryArtifactStore());
    }

    static void execute(String sql) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Drops every schema made by this instance. */
    synchronized void dropAll() {
        for (String s : schemas) {
            execute("DROP SCHEMA IF EXISTS " + s + " CASCADE");
        }
        schemas.clear();
    }
}
