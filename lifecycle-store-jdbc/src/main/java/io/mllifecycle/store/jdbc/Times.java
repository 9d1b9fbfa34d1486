package io.mllifecycle.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Instants as two columns, epoch seconds ({@code bigint}) and nanoseconds ({@code integer}): PostgreSQL's
 * {@code timestamptz} keeps microseconds only, and a store must give back exactly the instant it was given.
 */
final class Times {
    private Times() {}

    /** Sets parameters {@code index} and {@code index + 1}; null sets both to SQL NULL. */
    static void set(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.BIGINT);
            ps.setNull(index + 1, Types.INTEGER);
        } else {
            ps.setLong(index, t.getEpochSecond());
            ps.setInt(index + 1, t.getNano());
        }
    }

    /** @return the instant in columns {@code prefix_s} and {@code prefix_ns}, or null if they are NULL */
    static Instant get(ResultSet rs, String prefix) throws SQLException {
        long seconds = rs.getLong(prefix + "_s");
        if (rs.wasNull()) {
            return null;
        }
        return Instant.ofEpochSecond(seconds, rs.getInt(prefix + "_ns"));
    }
}
