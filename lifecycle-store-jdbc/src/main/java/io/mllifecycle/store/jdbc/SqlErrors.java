package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.StoreException;
import java.sql.SQLException;

/** Turns a non-transient SQL failure into the SPI's unchecked exceptions. */
final class SqlErrors {
    private SqlErrors() {}

    static RuntimeException translate(String what, SQLException e) {
        String state = TransientFailures.sqlState(e);
        if (state != null && state.startsWith("22")) {
            // data exceptions: e.g. U+0000 in a text value, which PostgreSQL cannot store
            return new IllegalArgumentException(what + ": a value cannot be stored in PostgreSQL (SQLState " + state
                    + "): " + e.getMessage(), e);
        }
        if ("23505".equals(state)) {
            return new ConflictException(what + ": a concurrent writer stored the same record first (SQLState "
                    + state + "): " + e.getMessage());
        }
        if ("42P01".equals(state) || "3F000".equals(state)) {
            return new StoreException(what + " failed: the store's tables are missing (SQLState " + state
                    + "); open the store through JdbcStore, which creates them: " + e.getMessage(), e);
        }
        return new StoreException(what + " failed (SQLState " + state + "): " + e.getMessage(), e);
    }
}
