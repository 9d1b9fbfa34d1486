package io.mllifecycle.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a data source and ends the backend of a connection with {@code pg_terminate_backend} from a second
 * connection, as an administrator would, at a chosen point of a transaction: before its n-th statement,
 * while the server runs its COMMIT (held there by the deferred trigger that {@link #installCommitHold}
 * creates), or just after the server committed — where the test then raises the error a client whose
 * COMMIT reply was lost gets, since no timing makes a real termination land between the commit record and
 * the reply reliably.
 */
final class TerminatingDataSource implements DataSource {
    enum When { BEFORE_STATEMENT, DURING_COMMIT, AFTER_COMMIT }

    private final DataSource target;
    private final AtomicInteger executed = new AtomicInteger();
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile When when;
    private volatile int statement;

    TerminatingDataSource(DataSource target) {
        this.target = target;
    }

    /**
     * Creates, in the connections' schema, deferred triggers on the tables writes end with that hold COMMIT
     * in {@code pg_sleep} while the session setting {@code lc_test.hold_commit} is on.
     */
    static void installCommitHold(String schema) {
        TestDatabase.execute("CREATE FUNCTION " + schema + ".lc_test_hold_commit() RETURNS trigger LANGUAGE plpgsql"
                + " AS $$ BEGIN IF current_setting('lc_test.hold_commit', true) = 'on' THEN PERFORM pg_sleep(30);"
                + " END IF; RETURN NULL; END $$");
        for (String table : new String[] {"audit_events", "metric_points", "run_params"}) {
            TestDatabase.execute("CREATE CONSTRAINT TRIGGER hold_commit AFTER INSERT ON " + schema + "." + table
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION " + schema
                    + ".lc_test_hold_commit()");
        }
    }

    /** Terminates the backend at {@code at}; for {@link When#BEFORE_STATEMENT}, before the {@code n}-th one. */
    void arm(When at, int n) {
        executed.set(0);
        fired.set(false);
        statement = n;
        when = at;
    }

    /** @return whether a backend was terminated since {@link #arm}; disarms */
    boolean fired() {
        when = null;
        return fired.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = target.getConnection();
        int pid;
        try (Statement s = real.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        } catch (SQLException e) {
            real.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        commit(real, pid);
                        return null;
                    }
                    Object result = invoke(real, method, args);
                    if (result instanceof PreparedStatement ps) {
                        return statement(PreparedStatement.class, ps, pid);
                    }
                    if (result instanceof Statement st && method.getName().equals("createStatement")) {
                        return statement(Statement.class, st, pid);
                    }
                    return result;
                });
    }

    private void commit(Connection real, int pid) throws SQLException {
        When at = when;
        if (at == When.DURING_COMMIT && fired.compareAndSet(false, true)) {
            try (Statement s = real.createStatement()) {
                s.execute("SET lc_test.hold_commit = 'on'");
            }
            Thread killer = new Thread(() -> terminate(pid, true), "terminate-during-commit");
            killer.start();
            try {
                real.commit();
            } finally {
                join(killer);
            }
            throw new AssertionError("COMMIT returned although its backend was terminated while it ran");
        }
        real.commit();
        if (at == When.AFTER_COMMIT && fired.compareAndSet(false, true)) {
            terminate(pid, false);
            throw new SQLException("FATAL: terminating connection due to administrator command (the reply to"
                    + " COMMIT was lost)", "57P01");
        }
    }

    private <S extends Statement> S statement(Class<S> type, S real, int pid) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("execute") && when == When.BEFORE_STATEMENT
                            && executed.incrementAndGet() == statement && fired.compareAndSet(false, true)) {
                        terminate(pid, false);
                    }
                    return invoke(real, method, args);
                }));
    }

    /** Ends backend {@code pid} from an admin connection and waits until it is gone. */
    static void terminate(int pid, boolean onceInCommit) {
        try (Connection admin = TestDatabase.admin()) {
            if (onceInCommit) {
                waitFor(admin, "SELECT 1 FROM pg_stat_activity WHERE pid = " + pid + " AND query = 'COMMIT'"
                        + " AND wait_event = 'PgSleep'", true);
            }
            try (Statement s = admin.createStatement()) {
                s.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            waitFor(admin, "SELECT 1 FROM pg_stat_activity WHERE pid = " + pid, false);
        } catch (SQLException e) {
            throw new IllegalStateException("terminating backend " + pid + ": " + e.getMessage(), e);
        }
    }

    /** Ends every backend of connections made with {@code applicationName}. */
    static void terminateAll(String applicationName) {
        try (Connection admin = TestDatabase.admin();
             PreparedStatement ps = admin.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    terminate(rs.getInt(1), false);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(Connection admin, String sql, boolean present) throws SQLException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                if (rs.next() == present) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + sql);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void join(Thread t) {
        try {
            t.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // not used
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
