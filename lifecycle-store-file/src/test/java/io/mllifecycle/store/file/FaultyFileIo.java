package io.mllifecycle.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Predicate;

/** A {@link FileIo} whose calls fail on demand: a full disk, failing fsync, a read-only tree, no locks. */
final class FaultyFileIo implements FileIo {
    volatile Predicate<Path> failWrites = p -> false;
    volatile Predicate<Path> failForce = p -> false;
    volatile boolean readOnly;
    volatile boolean noLocks;
    /** Bytes a failing write still puts on disk before failing, as a real full disk may. */
    volatile int partialBytes = 5;

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        boolean writes = Arrays.asList(options).contains(StandardOpenOption.WRITE);
        if (readOnly && writes) {
            throw new AccessDeniedException(path.toString(), null, "Read-only file system");
        }
        return FileIo.super.open(path, options);
    }

    @Override
    public int write(FileChannel channel, Path path, ByteBuffer buffer, long position) throws IOException {
        if (failWrites.test(path)) {
            ByteBuffer part = buffer.duplicate();
            part.limit(Math.min(part.limit(), part.position() + partialBytes));
            channel.write(part, position);
            throw new IOException("No space left on device");
        }
        return FileIo.super.write(channel, path, buffer, position);
    }

    /** fsyncs per file name (successful or not), to show that writers share them. */
    final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> forces =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Runs before each fsync: a test makes fsyncs slow or waits for writers to queue up. */
    volatile java.util.function.Consumer<Path> beforeForce = p -> {};

    int forces(String fileName) {
        java.util.concurrent.atomic.AtomicInteger n = forces.get(fileName);
        return n == null ? 0 : n.get();
    }

    @Override
    public void force(FileChannel channel, Path path) throws IOException {
        forces.computeIfAbsent(path.getFileName().toString(), k -> new java.util.concurrent.atomic.AtomicInteger())
                .incrementAndGet();
        beforeForce.accept(path);
        if (failForce.test(path)) {
            throw new IOException("Input/output error (simulated fsync failure)");
        }
        FileIo.super.force(channel, path);
    }

    @Override
    public void createDirectory(Path directory) throws IOException {
        if (readOnly && !java.nio.file.Files.isDirectory(directory)) {
            throw new AccessDeniedException(directory.toString(), null, "Read-only file system");
        }
        FileIo.super.createDirectory(directory);
    }

    @Override
    public FileLock lock(FileChannel channel, Path path) throws IOException {
        if (noLocks) {
            throw new IOException("No locks available");
        }
        return FileIo.super.lock(channel, path);
    }
}
