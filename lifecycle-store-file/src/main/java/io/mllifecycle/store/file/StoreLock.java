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
 */
final class StoreLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final FileIo io;
    private final ReentrantLock local;
    private FileChannel channel;

    StoreLock(Path root, FileIo io) {
        this.file = root.resolve(Layout.LOCK);
        this.io = io;
        this.local = IN_PROCESS.computeIfAbsent(root, k -> new ReentrantLock());
    }

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the in-process lock only: enough to read, since writers never change what is committed. */
    Held shared() {
        local.lock();
        return local::unlock;
    }

    /**
     * Takes the in-process lock and the exclusive file lock, waiting for other threads and processes.
     *
     * @throws StoreException if the file lock cannot be taken (e.g. a file system without locks)
     */
    Held exclusive() {
        local.lock();
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
        return () -> {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } catch (java.nio.channels.ClosedChannelException e) {
                // an interrupted thread closed the channel, which released the lock
            } catch (IOException e) {
                throw new StoreException("releasing the lock on " + file + " failed: " + e, e);
            } finally {
                local.unlock();
            }
        };
    }

    /** @return whether other threads of this JVM wait for the in-process lock now (a hint, for group commit) */
    boolean hasQueuedThreads() {
        return local.hasQueuedThreads();
    }

    /** @return whether this thread holds the in-process lock */
    boolean heldByCurrentThread() {
        return local.isHeldByCurrentThread();
    }

    /** Closes the lock file's channel (under the in-process lock, so no file lock is held). */
    void close() {
        local.lock();
        try {
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
