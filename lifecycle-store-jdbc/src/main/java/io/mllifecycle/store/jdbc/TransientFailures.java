package io.mllifecycle.store.jdbc;

import java.sql.SQLException;

/**
 * Which SQL failures are worth retrying: a lost connection (SQLState class {@code 08}), a backend ended by
 * the server — an administrator's {@code pg_terminate_backend} or shutdown ({@code 57P01}), a crash of
 * another backend ({@code 57P02}), a server not yet accepting connections ({@code 57P03}) — a
 * serialization failure ({@code 40001}) and a deadlock ({@code 40P01}). The database rolled the
 * transaction back in each case, so running it again cannot apply it twice — except for a failure during
 * {@code COMMIT}, whose outcome is unknown and which {@link Transactions} never retries.
 */
final class TransientFailures {
    private TransientFailures() {}

    /** @return whether {@code e} or an exception it wraps has a transient SQLState */
    static boolean isTransient(SQLException e) {
        String state = sqlState(e);
        return isConnectionLoss(e) || "40001".equals(state) || "40P01".equals(state);
    }

    /** @return whether {@code e} says the connection was lost or its backend ended */
    static boolean isConnectionLoss(SQLException e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /** @return the first SQLState found on {@code e}, its causes and its chained exceptions, or null */
    static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if (s.getSQLState() != null) {
                    return s.getSQLState();
                }
                SQLException next = s.getNextException();
                if (next != null && next != s && next.getSQLState() != null) {
                    return next.getSQLState();
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
