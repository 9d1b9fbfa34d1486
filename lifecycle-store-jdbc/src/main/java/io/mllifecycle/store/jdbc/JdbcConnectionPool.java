package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.spi.Checks;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A small, fixed-size connection pool over {@link DriverManager}, for the simple case where the host
 * has no pool of its own ({@link JdbcStoreProvider} uses it). Hosts that run a real pool (HikariCP, a
 * container's) should pass that to {@link JdbcStore#builder} instead: this one does no validation
 * queries, no idle eviction and no metrics. A borrowed connection is returned by {@code close()}; one
 * that the driver has closed after an I/O error is discarded and replaced on demand.
 */
public final class JdbcConnectionPool implements DataSource, AutoCloseable {
    private final String url;
    /** The URL without its query, which may hold a password: the form used in messages. */
    private final String shownUrl;
    private final Properties properties;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private volatile boolean closed;
    /** set when a returned connection was broken: idle ones may be too, so they are validated before use */
    private volatile boolean suspect;

    /**
     * @param url        a JDBC URL such as {@code jdbc:postgresql://db:5432/ml}
     * @param properties driver properties (user, password, currentSchema …), copied
     * @param size       most connections open at once, 1 … 1000
     */
    public JdbcConnectionPool(String url, Properties properties, int size) {
        this.url = Checks.notNull("url", url);
        int query = url.indexOf('?');
        this.shownUrl = query < 0 ? url : url.substring(0, query);
        this.properties = (Properties) Checks.notNull("properties", properties).clone();
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException("size must be between 1 and 1000, but was " + size);
        }
        this.permits = new Semaphore(size, true);
    }

    /** Borrows a connection, waiting up to 30 s for one to be returned when all are in use. */
    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the connection pool for " + shownUrl + " is closed", "55000");
        }
        try {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new SQLException("no connection to " + shownUrl + " was returned to the pool within 30 s", "HYT00");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a pooled connection", "HY008", e);
        }
        try {
            return wrap(idleOrNew());
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /**
     * @return an idle connection, or a new one when none is idle. After a connection broke (the server
     *         restarted, or an administrator terminated backends), idle ones are checked before they are
     *         lent until one proves alive, so one outage costs a caller one failed attempt, not one per
     *         pooled connection.
     */
    private Connection idleOrNew() throws SQLException {
        while (true) {
            Connection physical;
            synchronized (idle) {
                physical = idle.pollFirst();
            }
            if (physical == null) {
                return DriverManager.getConnection(url, properties);
            }
            if (physical.isClosed()) {
                continue;
            }
            if (!suspect) {
                return physical;
            }
            if (physical.isValid(5)) {
                suspect = false;
                return physical;
            }
            closeQuietly(physical);
        }
    }

    private static void closeQuietly(Connection physical) {
        try {
            physical.close();
        } catch (SQLException ignored) {
            // already broken: nothing more to release
        }
    }

    private Connection wrap(Connection physical) {
        boolean[] returned = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            if (!returned[0]) {
                                returned[0] = true;
                                giveBack(physical);
                            }
                            return null;
                        case "isClosed":
                            return returned[0] || physical.isClosed();
                        case "unwrap":
                        case "isWrapperFor":
                            break;
                        default:
                            if (returned[0]) {
                                throw new SQLException("this pooled connection was already closed", "08003");
                            }
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void giveBack(Connection physical) {
        try {
            if (!physical.isClosed() && !closed) {
                if (!physical.getAutoCommit()) {
                    physical.rollback();
                    physical.setAutoCommit(true);
                }
                synchronized (idle) {
                    idle.addFirst(physical);
                }
                return;
            }
            suspect = !closed;
            physical.close();
        } catch (SQLException e) {
            suspect = true;
            closeQuietly(physical);
        } finally {
            permits.release();
        }
    }

    /** Closes idle connections; connections still borrowed are closed when returned. */
    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            for (Connection c : idle) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            idle.clear();
        }
    }

    /** Not supported: the pool's user and password are fixed. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's user is fixed; use getConnection()");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // logging goes through SLF4J
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the pool logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("the pool is not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
