package io.mllifecycle.store.file;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.spi.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Streams a blob file and checks that its bytes have the digest and size the store recorded: when the
 * recorded size is reached (before the read that returns the last bytes), at the end of the file, and on
 * {@link #close()} if the reader stopped early. Damage surfaces as {@link CorruptStoreException} naming the
 * file instead of as wrong bytes.
 */
final class VerifyingInputStream extends InputStream {
    private final FileChannel channel;
    private final Path file;
    private final ArtifactInfo info;
    private final MessageDigest md = Digests.newSha256();
    private long read;
    private boolean verified;

    VerifyingInputStream(FileChannel channel, Path file, ArtifactInfo info) {
        this.channel = channel;
        this.file = file;
        this.info = info;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (read >= info.size()) {
            // the recorded size is read (and verified): the file must end here
            verify();
            if (channel.read(ByteBuffer.allocate(1)) > 0) {
                throw new CorruptStoreException("blob file " + file + " is longer than the " + info.size()
                        + " bytes recorded for " + info.digest());
            }
            return -1;
        }
        int want = (int) Math.min(len, info.size() - read);
        int n = channel.read(ByteBuffer.wrap(b, off, want));
        if (n < 0) {
            verify(); // shorter than recorded: fails
            return -1;
        }
        md.update(b, off, n);
        read += n;
        if (read == info.size()) {
            verify(); // before the last bytes reach a reader that may stop at the recorded size
        }
        return n;
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        String actual = Digests.format(md.digest());
        if (read != info.size() || !actual.equals(info.digest())) {
            throw new CorruptStoreException("blob file " + file + " is damaged: its " + read + " bytes have digest "
                    + actual + ", but " + info.size() + " bytes with digest " + info.digest() + " were stored");
        }
    }

    /**
     * Closes the file; when the reader stopped before the recorded size, first reads the rest and checks the
     * digest, so that a damaged or replaced blob is reported even to a reader that did not read it all.
     */
    @Override
    public void close() throws IOException {
        try {
            if (!verified && channel.isOpen()) {
                ByteBuffer rest = ByteBuffer.allocate(64 * 1024);
                while (read < info.size()) {
                    rest.clear().limit((int) Math.min(rest.capacity(), info.size() - read));
                    int n = channel.read(rest);
                    if (n < 0) {
                        break;
                    }
                    md.update(rest.array(), 0, n);
                    read += n;
                }
                verify();
            }
        } finally {
            channel.close();
        }
    }
}
