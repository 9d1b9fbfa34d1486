package io.mllifecycle.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** The body of one transaction; it may run more than once when a transient failure is retried. */
@FunctionalInterface
interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
