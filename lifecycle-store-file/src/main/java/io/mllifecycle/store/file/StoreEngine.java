package io.mllifecycle.store.file;

import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * What the three stores share: the lock, the journal and its in-memory state, the metric logs, the
 * durability policy. Reads take the in-process lock and replay what other processes appended; writes
 * also take the file lock, so each sees the latest state, decides, and commits with one journal record.
 */
@SuppressWarnings("try") // lock holders are try-with-resources for their release, not their value
final class StoreEngine {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreEngine.class);
    final Path root;
    final FileIo io;
    final Durability durability;
    final MetricLogs metrics;
    private final StoreLock lock;
    private final Journal journal;
    private final Flusher flusher;
    private final GroupCommit group;
    /** The journal ticket the current thread's write still has to wait for after releasing the lock (SYNC). */
    private final ThreadLocal<long[]> tickets = ThreadLocal.withInitial(() -> new long[1]);
    /**
     * The largest metric batch (its {@link MetricFrames} payload) a SYNC write carries in its journal record
     * instead of forcing the log: a training loop's batches are far smaller, and a larger batch pays one log
     * fsync over many points anyway, while copying it into the journal would double what it writes.
     */
    static final int INLINE_LIMIT = 64 << 10;
    private volatile StoreException failure;
    private volatile boolean closed;
    final boolean readOnly;

    StoreEngine(Path root, FileIo io, Durability durability, Duration batchInterval, boolean readOnly) {
        this.root = root;
        this.readOnly = readOnly;
        this.io = io;
        this.durability = durability;
        if (!readOnly) {
            FormatFile.checkBeforeLocking(root); // a foreign directory is refused before store.lock is created
        }
        this.lock = new StoreLock(root, io);
        this.journal = new Journal(root, io, readOnly);
        this.metrics = new MetricLogs(root, io);
        try {
            uninterrupted(() -> {
                if (readOnly) {
                    try (StoreLock.Held held = lock.shared()) {
                        FormatFile.checkReadOnly(root);
                        journal.collectInlineBatches(true);
                        journal.refresh(false);
                        repairMetricLogs(false);
                    }
                    return null;
                }
                try (StoreLock.Held held = lock.exclusive()) {
                    FormatFile.checkOrInitialise(root, io);
                    journal.collectInlineBatches(true);
                    journal.refresh(true);
                    repairMetricLogs(true);
                    if (journal.worthCompacting(true)) {
                        compactQuietly();
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.flusher = durability == Durability.BATCHED && !readOnly
                ? new Flusher(io, journal.file(), batchInterval, this::fail) : null;
        this.group = durability == Durability.SYNC && !readOnly ? new GroupCommit(io, journal.file()) : null;
    }

    /**
     * Opening: checks every metric log against the write-ahead batches the journal holds for it and, when
     * {@code write}, rewrites what a power failure took from the logs (see {@link Event.Metrics#inline()}).
     * Only opening needs this: a machine that loses its page cache loses every process using the store.
     */
    private void repairMetricLogs(boolean write) {
        StoreState s = journal.state();
        try {
            s.inlineBatches.forEach((runId, batches) -> {
                if (s.runs.containsKey(runId)) {
                    metrics.repair(runId, batches, write);
                }
            });
        } finally {
            journal.collectInlineBatches(false);
        }
    }

    /** Runs {@code reader} on the current state, with no other thread of this JVM changing it. */
    <T> T read(Function<StoreState, T> reader) {
        checkOpen();
        return uninterrupted(() -> {
            try (StoreLock.Held held = lock.shared()) {
                journal.refresh(false);
                return reader.apply(journal.state());
            }
        });
    }

    /**
     * Runs {@code op} with the caller's interrupt flag cleared, so that the store's shared channels are not
     * closed by it, and sets the flag again afterwards (also when the thread was interrupted meanwhile). An
     * interrupt that still cut the operation short fails only this call, with a message saying so.
     */
    private <T> T uninterrupted(java.util.function.Supplier<T> op) {
        boolean interrupted = Thread.interrupted();
        try {
            return op.get();
        } catch (StoreException e) {
            if (!(e instanceof FsyncFailedException) && Interrupts.isInterrupt(e)) {
                interrupted = true;
                if (!e.getMessage().contains("interrupted")) {
                    throw new StoreException("the thread was interrupted during a file-store call on " + root
                            + " (" + e.getMessage() + "); the store is unaffected and the interrupt flag is kept", e);
                }
            }
            throw e;
        } finally {
            if (Thread.interrupted() || interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs {@code writer} holding the exclusive lock on the latest state. The writer checks its
     * arguments against the state and commits through {@link #commit(List)}; throwing before the commit
     * changes nothing.
     */
    <T> T write(Function<StoreState, T> writer) {
        checkWritable();
        return uninterrupted(() -> {
            boolean outermost = !lock.heldByCurrentThread();
            T result;
            try (StoreLock.Held held = lock.exclusive()) {
                // a write handed the file lock by this store's previous write knows the journal is as it left it
                if (!held.unchanged() || !journal.current()) {
                    journal.refresh(true);
                }
                result = writer.apply(journal.state());
                if (journal.worthCompacting(false)) {
                    compactQuietly();
                }
            } catch (RuntimeException | Error e) {
                if (outermost) {
                    tickets.get()[0] = 0; // the call fails: it promised nothing, so it owes no fsync
                }
                throw e;
            }
            if (outermost && group != null) {
                awaitDurable();
            }
            return result;
        });
    }

    /**
     * SYNC group commit, after the lock is released: waits until the journal record of this thread's write is
     * forced, by this thread as the leader or by the fsync of a leader that started after it was written.
     */
    private void awaitDurable() {
        long[] ticket = tickets.get();
        try {
            if (ticket[0] > 0) {
                group.awaitDurable(ticket[0]);
            }
        } catch (FsyncFailedException e) {
            fail(e);
            throw e;
        } finally {
            ticket[0] = 0;
        }
    }

    /**
     * Forces the metric logs that received write-ahead batches since the journal began, and the directory of
     * their names: compaction drops the journal's copies of those batches, so the logs must hold them first.
     */
    private void forceUnforcedLogs() {
        StoreState s = journal.state();
        if (s.unforcedLogs.isEmpty()) {
            return;
        }
        for (String runId : s.unforcedLogs) {
            metrics.force(runId);
        }
        Path directory = root.resolve(Layout.METRICS);
        try {
            Interrupts.forceDirectory(io, directory);
        } catch (IOException e) {
            throw new FsyncFailedException(directory, e);
        }
    }

    private void compactQuietly() {
        try {
            if (flusher != null) {
                flushNow();
            }
            forceUnforcedLogs();
            journal.compact();
        } catch (FsyncFailedException e) {
            throw e;
        } catch (StoreException e) {
            LOG.warn("Compacting the journal of {} failed; it stays as it is and compaction is tried again later",
                    root, e);
        }
    }

    /** Appends one journal record holding {@code events}: the commit point of a write. */
    void commit(List<Event> events) {
        if (!lock.heldByCurrentThread()) {
            throw new IllegalStateException("commit outside write()");
        }
        try {
            journal.append(events, false);
        } catch (FsyncFailedException e) {
            fail(e);
            throw e;
        }
        if (flusher != null) {
            flusher.dirty(journal.file());
        }
        if (group != null) {
            tickets.get()[0] = group.ticket(); // forced by write() once the lock is released
        }
    }

    /**
     * Appends a framed metric batch to its log. In SYNC mode the log is forced before returning unless the
     * batch goes into its journal record ({@code writeAhead}; the record must then carry it, see
     * {@link Event.Metrics#inline()}).
     *
     * @return the new committed length
     */
    long appendMetrics(String runId, long committed, boolean synced, byte[] frame, boolean writeAhead) {
        Path file = Layout.metricLog(root, runId);
        try {
            long length = metrics.append(runId, committed, synced, frame, durability == Durability.SYNC && !writeAhead);
            if (flusher != null) {
                flusher.dirty(file);
                if (committed == 0) {
                    flusher.dirtyDirectory(file.getParent());
                }
            }
            return length;
        } catch (FsyncFailedException e) {
            fail(e);
            throw e;
        }
    }

    boolean syncs() {
        return durability == Durability.SYNC;
    }

    /** Makes every write so far durable. */
    void flush() {
        checkOpen();
        uninterrupted(() -> {
            flushNow();
            return null;
        });
    }

    private void flushNow() {
        if (flusher != null) {
            try {
                flusher.flush();
            } catch (FsyncFailedException e) {
                fail(e);
                throw e;
            }
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        uninterrupted(() -> {
            closeNow();
            return null;
        });
    }

    private void closeNow() {
        try {
            if (flusher != null) {
                flusher.close();
            }
        } finally {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try (StoreLock.Held held = lock.shared()) {
            journal.close();
        } finally {
            lock.close();
        }
    }

    private void fail(StoreException e) {
        if (failure == null) {
            failure = e;
        }
    }

    void checkOpen() {
        if (closed) {
            throw new StoreException("the file store in " + root + " is closed");
        }
    }

    void checkWritable() {
        checkOpen();
        if (readOnly) {
            throw new StoreException("the file store in " + root + " was opened read-only, so it refuses writes;"
                    + " open it without readOnly() to write");
        }
        StoreException f = failure;
        if (f != null) {
            throw new StoreException("the file store in " + root + " refuses writes after an earlier failure ("
                    + f.getMessage() + "); close it and open it again", f);
        }
    }

    /** @return {@code root} with links resolved, created if absent */
    static Path prepareRoot(Path directory, FileIo io, boolean readOnly) {
        try {
            if (!readOnly) {
                io.createDirectory(directory);
            }
            return directory.toRealPath();
        } catch (IOException e) {
            throw new StoreException("cannot create or open the store directory " + directory + ": " + e, e);
        }
    }
}
