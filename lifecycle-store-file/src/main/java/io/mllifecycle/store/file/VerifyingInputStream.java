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
 * Streams a blob file and checks, when the end is reached, that the bytes have the digest and size the
 * store recorded; damage surfaces as {@link CorruptStoreException} naming the file instead of as wrong bytes.
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
        int n = channel.read(ByteBuffer.wrap(b, off, len));
        if (n < 0) {
            verify();
            return -1;
        }
        md.update(b, off, n);
        read += n;
        if (read > info.size()) {
            throw new CorruptStoreException("blob file " + file + " is longer than the " + info.size()
                    + " bytes recorded for " + info.digest());
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

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
