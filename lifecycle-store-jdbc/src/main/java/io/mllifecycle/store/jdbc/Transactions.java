package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.OutcomeUnknownException;
import io.mllifecycle.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each SPI call as one transaction on a connection borrowed from the host's {@link DataSource}, and
 * retries it on a transient failure (see {@link TransientFailures}) up to a bound, with growing, jittered
 * pauses. Writes run at READ COMMITTED and take row locks where they read-modify-write; reads run at
 * REPEATABLE READ, so a record assembled from several queries is never half of a concurrent write.
 */
final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    private final DataSource dataSource;
    private final int maxAttempts;
    private final Duration backoff;
    private volatile boolean closed;

    Transactions(DataSource dataSource, int maxAttempts, Duration backoff) {
        this.dataSource = dataSource;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** Runs a read-write transaction; {@code what} names the call in error messages. */
    <T> T write(String what, SqlWork<T> work) {
        return run(what, false, work);
    }

    /** Runs a read-only transaction with one consistent snapshot. */
    <T> T read(String what, SqlWork<T> work) {
        return run(what, true, work);
    }

    /** Makes every later call fail with a {@link StoreException}. */
    void close() {
        closed = true;
    }

    private <T> T run(String what, boolean readOnly, SqlWork<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (closed) {
                throw new StoreException("this JDBC store is closed; " + what + " is not possible");
            }
            try {
                return once(what, readOnly, work);
            } catch (SQLException e) {
                if (!TransientFailures.isTransient(e)) {
                    throw SqlErrors.translate(what, e);
                }
                last = e;
                LOG.debug("{}: transient failure on attempt {} of {} (SQLState {}): {}", what, attempt, maxAttempts,
                        TransientFailures.sqlState(e), e.getMessage());
                if (attempt < maxAttempts) {
                    pause(attempt);
                }
            }
        }
        LOG.warn("{}: giving up after {} attempts, last SQLState {}", what, maxAttempts,
                TransientFailures.sqlState(last));
        throw new StoreException(what + " failed after " + maxAttempts + " attempts, each ended by a transient"
                + " database failure (last SQLState " + TransientFailures.sqlState(last) + ": " + last.getMessage()
                + "); nothing of it was written. Check the database's load and reachability, or raise maxAttempts",
                last);
    }

    private <T> T once(String what, boolean readOnly, SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            boolean committing = false;
            try {
                if (readOnly) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                    }
                }
                T result = work.apply(c);
                committing = true;
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                if (committing && !readOnly) {
                    throw outcomeUnknown(what, e);
                }
                throw e;
            } catch (Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                if (autoCommit) {
                    try {
                        c.setAutoCommit(true);
                    } catch (SQLException e) {
                        LOG.debug("{}: restoring auto-commit failed: {}", what, e.getMessage());
                    }
                }
            }
        }
    }

    /**
     * Any failure once COMMIT was sent — a lost connection, a terminated backend, a driver error — may have
     * come after the server committed: the outcome is unknown, so it is never retried and never reported as
     * a failure.
     */
    private static OutcomeUnknownException outcomeUnknown(String what, Exception e) {
        String state = e instanceof SQLException s ? TransientFailures.sqlState(s) : null;
        LOG.warn("{}: COMMIT failed (SQLState {}), outcome unknown: {}", what, state, e.getMessage());
        return new OutcomeUnknownException(what + ": COMMIT failed (" + (state == null ? e.getClass().getSimpleName()
                : "SQLState " + state) + ": " + e.getMessage() + "), so whether the change was stored is unknown."
                + " It is not retried, to avoid applying it twice: re-read before acting, or repeat the call with the"
                + " same request id where the call takes one", e);
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void pause(int attempt) {
        long base = backoff.toMillis() << Math.min(attempt - 1, 6);
        long millis = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to retry a database call", e);
        }
    }
}
