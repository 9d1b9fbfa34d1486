package io.mllifecycle.store.file;

import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's mutual exclusion: one {@link ReentrantLock} per store directory shared by every
 * {@link FileStore} of this JVM (file locks are held per process, so threads and second instances need
 * an ordinary lock), and an exclusive {@link FileChannel#lock() file lock} on {@code store.lock} for
 * writers, which excludes other processes. The file lock is only taken and released while the
 * in-process lock is held, so a JVM never asks for a file lock it already holds, and the lock file's
 * channel is never closed while a lock on it is held.
 *
 * <p>A writer that releases the in-process lock while other threads wait for it keeps the file lock for
 * them (at most {@link #MAX_HANDOVERS} times in a row): under contention each write then costs no lock
 * calls, and a store whose own previous write handed the lock on knows that no one changed the journal
 * since ({@link Held#unchanged()}), so it need not check the file.
 */
final class StoreLock {
    private static final ConcurrentHashMap<Path, Shared> IN_PROCESS = new ConcurrentHashMap<>();
    /**
     * How many writers in a row may take over the file lock from the one before them. Handing it over saves
     * each queued writer the lock and unlock calls and the journal check (no other process can have written
     * meanwhile); the bound gives other processes their turn under a continuous stream of this JVM's writes.
     */
    static final int MAX_HANDOVERS = 32;

    /**
     * What the stores of one directory in this JVM share: the in-process lock, and the file lock while it is
     * handed from one writer to the next (guarded by the in-process lock).
     */
    private static final class Shared {
        final ReentrantLock local = new ReentrantLock();
        /** the file lock kept for the next queued writer, or null */
        FileLock kept;
        /** the instance whose channel holds {@link #kept} */
        StoreLock keeper;
        /** the instance whose write released the in-process lock last with the file lock kept */
        StoreLock lastWriter;
        int handovers;

        void releaseKept() throws IOException {
            FileLock k = kept;
            kept = null;
            keeper = null;
            lastWriter = null;
            handovers = 0;
            if (k != null && k.isValid()) {
                try {
                    k.release();
                } catch (java.nio.channels.ClosedChannelException e) {
                    // an interrupted thread closed the channel, which released the lock
                }
            }
        }
    }

    private final Path file;
    private final FileIo io;
    private final Shared shared;
    private final ReentrantLock local;
    private FileChannel channel;

    StoreLock(Path root, FileIo io) {
        this.file = root.resolve(Layout.LOCK);
        this.io = io;
        this.shared = IN_PROCESS.computeIfAbsent(root, k -> new Shared());
        this.local = shared.local;
    }

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();

        /**
         * @return whether the file lock was handed over from this instance's previous write without being
         *     released, so no other process or store instance has written since that write
         */
        default boolean unchanged() {
            return false;
        }
    }

    /** Takes the in-process lock only: enough to read, since writers never change what is committed. */
    Held shared() {
        local.lock();
        return () -> {
            try {
                if (shared.kept != null && local.getHoldCount() == 1 && !local.hasQueuedThreads()) {
                    shared.releaseKept(); // the writer it was kept for did not come: a reader was queued
                }
            } catch (IOException e) {
                throw new StoreException("releasing the lock on " + file + " failed: " + e, e);
            } finally {
                local.unlock();
            }
        };
    }

    /**
     * Takes the in-process lock and the exclusive file lock, waiting for other threads and processes.
     *
     * @throws StoreException if the file lock cannot be taken (e.g. a file system without locks)
     */
    Held exclusive() {
        local.lock();
        if (local.getHoldCount() > 1) {
            if (shared.kept == null || !shared.kept.isValid()) {
                local.unlock();
                throw new IllegalStateException("the file lock of " + file + " was lost during a write");
            }
            return local::unlock; // nested in this thread's write, which keeps the file lock
        }
        if (shared.kept != null && shared.kept.isValid()) {
            boolean unchanged = shared.lastWriter == this;
            shared.lastWriter = null;
            return handedOver(unchanged);
        }
        try {
            shared.releaseKept();
        } catch (IOException e) {
            // not valid any more: nothing to release
        }
        FileLock lock;
        try {
            if (channel == null || !channel.isOpen()) {
                channel = io.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS); // a link (even dangling) fails, creates nothing
            }
            lock = io.lock(channel, file);
        } catch (IOException | OverlappingFileLockException e) {
            local.unlock();
            if (Interrupts.isInterrupt(e)) {
                throw new StoreException("the thread was interrupted while waiting for the lock on " + file
                        + "; nothing was written, and the store is unaffected (the interrupt flag is kept)", e);
            }
            throw new StoreException("cannot take the exclusive lock on " + file + " (" + e + "): the file store"
                    + " keeps several processes safe only with working file locks, so it refuses to write; use a"
                    + " local file system (or one with POSIX locks) and check that the file is writable", e);
        }
        shared.kept = lock;
        shared.keeper = this;
        shared.handovers = 0;
        return handedOver(false);
    }

    /** The hold of a writer that has the file lock in {@link Shared#kept}. */
    private Held handedOver(boolean unchanged) {
        return new Held() {
            @Override
            public void close() {
                try {
                    if (local.hasQueuedThreads() && shared.handovers < MAX_HANDOVERS && shared.kept != null
                            && shared.kept.isValid()) {
                        shared.handovers++;
                        shared.lastWriter = StoreLock.this;
                    } else {
                        shared.releaseKept();
                    }
                } catch (IOException e) {
                    throw new StoreException("releasing the lock on " + file + " failed: " + e, e);
                } finally {
                    local.unlock();
                }
            }

            @Override
            public boolean unchanged() {
                return unchanged;
            }
        };
    }

    /** @return whether this thread holds the in-process lock */
    boolean heldByCurrentThread() {
        return local.isHeldByCurrentThread();
    }

    /** Closes the lock file's channel (under the in-process lock, so no file lock is held). */
    void close() {
        local.lock();
        try {
            if (shared.keeper == this) {
                shared.releaseKept();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new StoreException("closing " + file + " failed: " + e, e);
        } finally {
            local.unlock();
        }
    }
}
