package io.mllifecycle.store.s3;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.spi.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Streams an object's bytes and checks them against the digest its key names. The check runs on the read
 * that reaches the object's size, before those last bytes are handed out, so a changed object surfaces as
 * {@link CorruptStoreException} naming the key instead of as wrong bytes; a stream closed before its end
 * reads the rest to make the same check.
 */
final class VerifyingObjectStream extends InputStream {
    private final InputStream in;
    private final String where;
    private final String digest;
    private final long size;
    private final MessageDigest md = Digests.newSha256();
    private long read;
    private boolean verified;
    private boolean closed;

    /**
     * @param in     the object's body
     * @param where  the object's {@code s3://bucket/key}, for messages
     * @param digest the digest the key names
     * @param size   the object's length as the service reported it
     */
    VerifyingObjectStream(InputStream in, String where, String digest, long size) {
        this.in = in;
        this.where = where;
        this.digest = digest;
        this.size = size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream of " + where + " is closed");
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        md.update(b, off, n);
        read += n;
        if (read > size) {
            verified = true;
            throw new CorruptStoreException("object " + where + " of artifact " + digest + " was changed: it is longer"
                    + " than the " + size + " bytes the service reported");
        }
        if (read == size) {
            verify();
        }
        return n;
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        String actual = Digests.format(md.digest());
        if (read != size || !actual.equals(digest)) {
            throw new CorruptStoreException("object " + where + " was changed: its " + read + " bytes have digest "
                    + actual + ", but its key names " + digest + "; the bytes were not handed out whole");
        }
    }

    /** Reads what is left so the digest is checked even when the caller stopped early, then closes. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (!verified) {
                byte[] buffer = new byte[64 * 1024];
                while (read(buffer, 0, buffer.length) >= 0) {
                    // reading on checks the digest at the end
                }
            }
        } finally {
            closed = true;
            in.close();
        }
    }
}
