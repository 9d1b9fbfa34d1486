package io.mllifecycle.store.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps thread interrupts away from the store's shared state. A {@link FileChannel} closes itself when a
 * thread using it is interrupted ({@link ClosedByInterruptException}), and every later call on it fails; so
 * the store runs each operation with the caller's interrupt flag cleared (and sets it again before
 * returning, so the caller still sees it), reopens a channel an interrupt closed, and repeats an fsync an
 * interrupt cut short on a fresh descriptor (the dirty pages are still in the page cache; closing a
 * descriptor does not drop them, unlike a failed fsync). An interrupt never poisons the store.
 */
final class Interrupts {
    private Interrupts() {}

    /** @return whether {@code e} or one of its causes is an interruption of I/O rather than an I/O failure */
    static boolean isInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClosedByInterruptException || t instanceof FileLockInterruptionException
                    || t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Forces {@code channel}; if an interrupt closed it meanwhile, forces the file again through a fresh
     * descriptor with the interrupt flag cleared, then sets the flag again.
     */
    static void force(FileIo io, FileChannel channel, Path file) throws IOException {
        try {
            io.force(channel, file);
        } catch (ClosedByInterruptException e) {
            cleared(() -> {
                try (FileChannel again = io.open(file, StandardOpenOption.READ)) {
                    io.force(again, file);
                }
                return null;
            });
        }
    }

    /** I/O to repeat or repair with the interrupt flag cleared. */
    interface Io<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code io} with the interrupt flag cleared, again (up to 100 times) while further interrupts cut it
     * short, and sets the flag again afterwards if it was set or an interrupt arrived.
     */
    static <T> T cleared(Io<T> io) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return io.run();
                } catch (ClosedByInterruptException | FileLockInterruptionException e) {
                    interrupted = true;
                    Thread.interrupted();
                    if (attempt >= 100) {
                        throw e;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Forces a directory's entries; if an interrupt cut that short, forces them again with the flag cleared. */
    static void forceDirectory(FileIo io, Path directory) throws IOException {
        try {
            io.forceDirectory(directory);
        } catch (ClosedByInterruptException e) {
            cleared(() -> {
                io.forceDirectory(directory);
                return null;
            });
        }
    }
}
