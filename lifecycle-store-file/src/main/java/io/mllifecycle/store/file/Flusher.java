package io.mllifecycle.store.file;

import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for {@link Durability#BATCHED}: writers only note which files they made dirty; every
 * interval (and on {@link #flush()}) one fsync per dirty file makes all of them durable at once. Metric
 * logs and directories are forced before the journal, so a synced journal record never commits metric
 * bytes this process had not yet synced. Files are forced through a fresh descriptor opened on the path:
 * fsync acts on the file, not on the descriptor.
 */
final class Flusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);

    private final FileIo io;
    private final Path journal;
    private final Consumer<StoreException> onFailure;
    private final Object dirtyLock = new Object();
    private final Object flushLock = new Object();
    private Set<Path> dirtyFiles = new LinkedHashSet<>();
    private Set<Path> dirtyDirectories = new LinkedHashSet<>();
    private final ScheduledExecutorService timer;

    Flusher(FileIo io, Path journal, Duration interval, Consumer<StoreException> onFailure) {
        this.io = io;
        this.journal = journal;
        this.onFailure = onFailure;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "file-store-flusher " + journal.getParent());
            t.setDaemon(true);
            return t;
        });
        long nanos = interval.toNanos();
        timer.scheduleWithFixedDelay(this::flushInBackground, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    void dirty(Path file) {
        synchronized (dirtyLock) {
            dirtyFiles.add(file);
        }
    }

    void dirtyDirectory(Path directory) {
        synchronized (dirtyLock) {
            dirtyDirectories.add(directory);
        }
    }

    /** Forces everything written so far. @throws FsyncFailedException if an fsync fails */
    void flush() {
        synchronized (flushLock) {
            Set<Path> files;
            Set<Path> dirs;
            synchronized (dirtyLock) {
                files = dirtyFiles;
                dirs = dirtyDirectories;
                dirtyFiles = new LinkedHashSet<>();
                dirtyDirectories = new LinkedHashSet<>();
            }
            boolean journalDirty = files.remove(journal);
            for (Path f : files) {
                forceFile(f);
            }
            for (Path d : dirs) {
                try {
                    Interrupts.forceDirectory(io, d);
                } catch (IOException e) {
                    throw new FsyncFailedException(d, e);
                }
            }
            if (journalDirty) {
                forceFile(journal);
            }
        }
    }

    private void forceFile(Path file) {
        try (FileChannel ch = io.open(file, StandardOpenOption.READ)) {
            Interrupts.force(io, ch, file);
        } catch (NoSuchFileException e) {
            LOG.debug("{} was replaced before it was flushed; its replacement was synced when written", file);
        } catch (IOException e) {
            throw new FsyncFailedException(file, e);
        }
    }

    private void flushInBackground() {
        try {
            flush();
        } catch (StoreException e) {
            LOG.error("Background flush failed; the store refuses further writes", e);
            onFailure.accept(e);
        } catch (RuntimeException e) {
            LOG.error("Background flush failed unexpectedly", e);
            onFailure.accept(new StoreException("background flush failed: " + e, e));
        }
    }

    /** Stops the timer and flushes what is left. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The flusher of {} did not stop within 10 s", journal.getParent());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
