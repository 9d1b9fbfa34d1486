package io.mllifecycle.store.file;

import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Whole-file rewrites: write a temporary file, fsync it, rename it over the target, fsync the directory. */
final class AtomicFiles {
    private AtomicFiles() {}

    /** Replaces {@code target} with {@code content}; readers see the old or the new file, never a mix. */
    static void replace(FileIo io, Path tmpDir, Path target, byte[] content) {
        Path tmp = tmpDir.resolve(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = io.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(io, ch, tmp, content, 0);
                Interrupts.force(io, ch, tmp);
            }
            io.moveAtomically(tmp, target);
            Interrupts.forceDirectory(io, target.getParent());
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new StoreException("rewriting " + target + " failed (" + e + "); the previous file is unchanged"
                    + " unless the rename completed", e);
        }
    }

    /** Writes all of {@code bytes} at {@code position}. */
    static void writeFully(FileIo io, FileChannel ch, Path path, byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long pos = position;
        while (buffer.hasRemaining()) {
            pos += io.write(ch, path, buffer, pos);
        }
    }

    /** Reads {@code length} bytes from {@code position}; fewer if the file ends first. */
    static byte[] read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        if (buffer.position() == length) {
            return buffer.array();
        }
        byte[] shorter = new byte[buffer.position()];
        System.arraycopy(buffer.array(), 0, shorter, 0, shorter.length);
        return shorter;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a left-over temporary file is harmless; the next open removes old ones
        }
    }
}
