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
    /**
     * What the current thread's write still has to force after releasing the lock (SYNC only): its journal
     * ticket and the metric logs it appended to without forcing them.
     */
    private final ThreadLocal<SyncDebt> debts = ThreadLocal.withInitial(SyncDebt::new);
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
                        journal.refresh(false);
                    }
                    return null;
                }
                try (StoreLock.Held held = lock.exclusive()) {
                    FormatFile.checkOrInitialise(root, io);
                    journal.refresh(true);
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

    /** The forcing a SYNC write owes once it released the lock. */
    private static final class SyncDebt {
        long ticket;
        final java.util.Set<Path> files = new java.util.LinkedHashSet<>();
        final java.util.Set<Path> directories = new java.util.LinkedHashSet<>();

        void clear() {
            ticket = 0;
            files.clear();
            directories.clear();
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
                journal.refresh(true);
                result = writer.apply(journal.state());
                if (journal.worthCompacting(false)) {
                    compactQuietly();
                }
            } catch (RuntimeException | Error e) {
                if (outermost) {
                    debts.get().clear(); // the call fails: it promised nothing, so it owes no fsync
                }
                throw e;
            }
            if (outermost && group != null) {
                payDebt();
            }
            return result;
        });
    }

    /**
     * SYNC group commit, after the lock is released: forces the metric logs this write appended to without
     * forcing (each writer its own, in parallel with the others), then waits until the journal record is
     * forced, by this thread as the leader or by the fsync of a leader that started after it was written.
     */
    private void payDebt() {
        SyncDebt debt = debts.get();
        try {
            for (Path f : debt.files) {
                forceByPath(f);
            }
            for (Path d : debt.directories) {
                try {
                    Interrupts.forceDirectory(io, d);
                } catch (java.io.IOException e) {
                    throw new FsyncFailedException(d, e);
                }
            }
            if (debt.ticket > 0) {
                group.awaitDurable(debt.ticket);
            }
        } catch (FsyncFailedException e) {
            fail(e);
            throw e;
        } finally {
            debt.clear();
        }
    }

    private void forceByPath(Path file) {
        try (java.nio.channels.FileChannel ch = io.open(file, java.nio.file.StandardOpenOption.READ)) {
            Interrupts.force(io, ch, file);
        } catch (java.io.IOException e) {
            throw new FsyncFailedException(file, e);
        }
    }

    private void compactQuietly() {
        try {
            if (flusher != null) {
                flushNow();
            }
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
            debts.get().ticket = group.ticket(); // forced by write() once the lock is released
        }
    }

    /** Appends a metric batch to its log. @return the new committed length */
    long appendMetrics(String runId, long committed, boolean synced, List<io.mllifecycle.store.MetricPoint> points) {
        return appendMetrics(runId, committed, synced, points, false);
    }

    /**
     * Appends a metric batch to its log; in SYNC mode with {@code deferForce} the log is not forced here but by
     * {@link #write} after the lock is released (the batch's journal record must then say it was not synced).
     *
     * @return the new committed length
     */
    long appendMetrics(String runId, long committed, boolean synced, List<io.mllifecycle.store.MetricPoint> points,
                       boolean deferForce) {
        Path file = Layout.metricLog(root, runId);
        boolean defer = deferForce && group != null;
        boolean created = defer && !java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        try {
            long length = metrics.append(runId, committed, synced, points,
                    durability == Durability.SYNC && !defer);
            if (defer) {
                debts.get().files.add(file);
                if (created) {
                    debts.get().directories.add(file.getParent());
                }
            }
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

    /**
     * @return whether a SYNC metric write should leave forcing its log until after the lock is released: when
     *     other writers wait for the lock or a journal fsync is in flight, so its fsync can overlap theirs. An
     *     uncontended writer forces its log before committing, so its record can say the bytes were synced and
     *     a log later found shorter is reported as damage.
     */
    boolean deferMetricForce() {
        return group != null && (lock.hasQueuedThreads() || group.inFlight());
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
