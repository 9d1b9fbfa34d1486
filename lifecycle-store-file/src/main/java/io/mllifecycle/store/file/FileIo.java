package io.mllifecycle.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file-system calls whose failure the store must survive: opening channels, forcing them to disk,
 * renaming and locking. Tests substitute an implementation that fails (a full disk, a read-only
 * directory, a file system without locks) to prove the store reports it and loses nothing.
 */
interface FileIo {
    /** The real file system. */
    FileIo DEFAULT = new FileIo() {};
    /** Whether this JVM runs on Windows. */
    boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    default FileChannel open(Path path, OpenOption... options) throws IOException {
        return FileChannel.open(path, options);
    }

    default int write(FileChannel channel, Path path, java.nio.ByteBuffer buffer, long position) throws IOException {
        return channel.write(buffer, position);
    }

    default void force(FileChannel channel, Path path) throws IOException {
        channel.force(false);
    }

    /**
     * Forces a directory's entries (new names, renames) to disk. Windows cannot open a directory as a
     * channel and makes renames durable through its file-system journal, so this is skipped there.
     */
    default void forceDirectory(Path directory) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel ch = FileChannel.open(directory, java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    default void moveAtomically(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    default void createDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
    }

    default FileLock lock(FileChannel channel, Path path) throws IOException {
        return channel.lock();
    }
}
