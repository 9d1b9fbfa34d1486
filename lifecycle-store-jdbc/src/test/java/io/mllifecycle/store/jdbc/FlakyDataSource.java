package io.mllifecycle.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a data source and makes the next N operations of one kind fail with a chosen SQLState, as a
 * database under load or a flaky network would: getting a connection, preparing a statement that inserts
 * (mid-transaction, after earlier statements ran) or committing.
 */
final class FlakyDataSource implements DataSource {
    enum Where { CONNECT, INSERT, COMMIT }

    private final DataSource target;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Where where = Where.INSERT;
    private volatile String sqlState = "40001";

    FlakyDataSource(DataSource target) {
        this.target = target;
    }

    /** Makes the next {@code count} operations at {@code where} fail with {@code state}. */
    void failNext(int count, Where at, String state) {
        this.where = at;
        this.sqlState = state;
        failuresLeft.set(count);
    }

    int failuresLeft() {
        return Math.max(0, failuresLeft.get());
    }

    private void maybeFail(Where at) throws SQLException {
        if (where == at && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new SQLException("injected failure at " + at, sqlState);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        maybeFail(Where.CONNECT);
        Connection real = target.getConnection();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                            && sql.contains("INSERT")) {
                        maybeFail(Where.INSERT);
                    } else if (method.getName().equals("commit")) {
                        maybeFail(Where.COMMIT);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
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
