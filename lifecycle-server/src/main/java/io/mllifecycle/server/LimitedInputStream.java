package io.mllifecycle.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most {@code limit} bytes, then fails with a 413 rather than reading on. */
final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private long read;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > limit) {
            throw tooLarge(limit);
        }
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(ApiException.Code.BAD_REQUEST, 413,
                "Bad Request. The request body is larger than the server's limit of " + limit + " bytes.");
    }
}
