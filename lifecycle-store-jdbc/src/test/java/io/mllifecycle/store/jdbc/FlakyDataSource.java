package io.mllifecycle.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a data source and makes the next N operations of one kind fail with a chosen SQLState, as a
 * database under load or a flaky network would: getting a connection, preparing a statement that inserts
 * (mid-transaction, after earlier statements ran) or committing; or, with {@link #failAfterStatement}, the
 * n-th statement executed from now on fails after the database ran it (its effects are in the open
 * transaction), which lets a test put a fault at every statement of a write in turn.
 */
final class FlakyDataSource implements DataSource {
    enum Where { CONNECT, INSERT, COMMIT }

    private final DataSource target;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Where where = Where.INSERT;
    private volatile String sqlState = "40001";
    private final AtomicInteger executed = new AtomicInteger();
    private volatile int failAtStatement = -1;

    FlakyDataSource(DataSource target) {
        this.target = target;
    }

    /** Makes the next {@code count} operations at {@code where} fail with {@code state}. */
    void failNext(int count, Where at, String state) {
        this.where = at;
        this.sqlState = state;
        failuresLeft.set(count);
    }

    /**
     * Makes the {@code n}-th statement executed from now on (1-based, over every connection) fail with
     * {@code state} after it ran; {@code n} of 0 only restarts the count.
     */
    void failAfterStatement(int n, String state) {
        this.sqlState = state;
        executed.set(0);
        failAtStatement = n == 0 ? -1 : n;
    }

    /** @return statements executed since the last {@link #failAfterStatement} */
    int statementsExecuted() {
        return executed.get();
    }

    /** Cancels a pending {@link #failAfterStatement} and {@link #failNext}. */
    void heal() {
        failAtStatement = -1;
        failuresLeft.set(0);
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
                    Object result = invoke(real, method, args);
                    if (result instanceof PreparedStatement ps) {
                        return statement(PreparedStatement.class, ps);
                    }
                    if (result instanceof Statement st && method.getName().equals("createStatement")) {
                        return statement(Statement.class, st);
                    }
                    return result;
                });
    }

    private <S extends Statement> S statement(Class<S> type, S real) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (method.getName().startsWith("execute")) {
                        int n = executed.incrementAndGet();
                        if (n == failAtStatement) {
                            throw new SQLException("injected failure after statement " + n, sqlState);
                        }
                    }
                    return result;
                }));
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
