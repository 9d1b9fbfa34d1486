package io.mllifecycle.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * For the crash harness: writes to logs in small pieces with a pause between them, so that a kill often
 * lands in the middle of a record and leaves the torn tail a power loss or a split write would; the
 * temporary journal of a compaction too, so that a kill can land in the middle of one.
 */
final class TearingFileIo implements FileIo {
    private static final int PIECE = 48;

    @Override
    public int write(FileChannel channel, Path path, ByteBuffer buffer, long position) throws IOException {
        String name = path.getFileName().toString();
        if (!name.endsWith(".log") && !(name.startsWith("journal.") && name.endsWith(".tmp"))) {
            return FileIo.super.write(channel, path, buffer, position);
        }
        ByteBuffer piece = buffer.duplicate();
        piece.limit(Math.min(buffer.limit(), buffer.position() + PIECE));
        int n = channel.write(piece, position);
        buffer.position(buffer.position() + n);
        LockSupport.parkNanos(50_000);
        return n;
    }
}
