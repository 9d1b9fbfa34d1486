package io.mllifecycle.testing;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.store.memory.InMemoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The store core's registry, gate, retirement and audit tests run on, chosen by the system property
 * {@code lifecycle.test.store}: {@code mem} (default), {@code file} (a new file store in a temporary directory)
 * or {@code postgres} (a new schema on the server of {@code .ci/postgres.sh start}, or
 * {@code LIFECYCLE_TEST_JDBC_URL}/{@code LIFECYCLE_TEST_JDBC_USER}; unreachable is a failure, never a skip).
 * The build runs those tests once per store. Stores opened during a test are closed after it by
 * {@link CloseStoresExtension}.
 */
public final class TestStores {
    private static final int MAX_OPEN = 8;
    private static final List<Runnable> OPEN = new ArrayList<>();

    private TestStores() {}

    /** @return which store this run uses */
    public static String kind() {
        return System.getProperty("lifecycle.test.store", "mem");
    }

    /** @return a new, empty store of the kind this run uses */
    public static LifecycleStore newStore() {
        switch (kind()) {
            case "mem":
                return new InMemoryStore();
            case "file":
                return file();
            case "postgres":
                return postgres();
            default:
                throw new IllegalStateException("lifecycle.test.store must be mem, file or postgres, but was '" + kind()
                        + "'");
        }
    }

    private static LifecycleStore file() {
        try {
            Path dir = Files.createTempDirectory("core-on-file-store");
            LifecycleStore store = StoreProviders.open(dir.toUri().toString());
            remember(store::close);
            return store;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory", e);
        }
    }

    private static LifecycleStore postgres() {
        String url = setting("LIFECYCLE_TEST_JDBC_URL", "lifecycle.test.jdbc.url",
                "jdbc:postgresql://127.0.0.1:54329/postgres");
        String user = setting("LIFECYCLE_TEST_JDBC_USER", "lifecycle.test.jdbc.user", "postgres");
        String schema = "lc_core_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("connectTimeout", "5");
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("No PostgreSQL server reachable at " + url + " (" + e.getMessage() + "): run"
                    + " `.ci/postgres.sh start` from the repository root", e);
        }
        LifecycleStore store = StoreProviders.open(url, Map.of("user", user, "schema", schema, "poolSize", "2",
                "artifacts", "mem:"));
        remember(() -> {
            store.close();
            try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("dropping test schema " + schema + " failed", e);
            }
        });
        return store;
    }

    /**
     * Keeps at most {@value #MAX_OPEN} stores open: property tests (jqwik runs no JUnit callbacks) open one per
     * try, and PostgreSQL has a connection limit. A test uses its stores only while it runs, so the oldest are
     * the ones no test uses any more.
     */
    private static synchronized void remember(Runnable close) {
        OPEN.add(close);
        while (OPEN.size() > MAX_OPEN) {
            OPEN.remove(0).run();
        }
    }

    /** Closes every store opened since the last call. */
    static synchronized void closeAll() {
        RuntimeException first = null;
        for (Runnable r : OPEN) {
            try {
                r.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        OPEN.clear();
        if (first != null) {
            throw first;
        }
    }

    private static String setting(String env, String property, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v;
    }
}
