package io.mllifecycle.store.s3;

import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.spi.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content copied to a temporary file while its SHA-256 is computed, whole and per part: the key of a
 * content-addressed blob is only known at the end of the stream, so the bytes wait on disk, never in memory.
 * Closing deletes the file.
 */
final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int BUFFER = 64 * 1024;

    final Path file;
    final String digest;
    final long size;
    final long partSize;
    /** Base64 SHA-256 of each {@code partSize} slice, the last one shorter. */
    final List<String> partChecksums;

    private Spool(Path file, String digest, long size, long partSize, List<String> partChecksums) {
        this.file = file;
        this.digest = digest;
        this.size = size;
        this.partSize = partSize;
        this.partChecksums = partChecksums;
    }

    /** Reads {@code content} to its end (not closing it) into a new file in {@code directory}. */
    static Spool of(InputStream content, Path directory, long partSize) {
        Path file;
        try {
            file = Files.createTempFile(directory, "s3-put.", ".tmp");
        } catch (IOException e) {
            throw new StoreException("creating a temporary file in " + directory + " for artifact content failed ("
                    + e + "); nothing was stored", e);
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            MessageDigest whole = Digests.newSha256();
            MessageDigest part = Digests.newSha256();
            List<String> parts = new ArrayList<>();
            byte[] buffer = new byte[BUFFER];
            long size = 0;
            long inPart = 0;
            for (int n; (n = content.read(buffer)) >= 0; ) {
                int off = 0;
                whole.update(buffer, 0, n);
                while (off < n) {
                    int take = (int) Math.min(n - off, partSize - inPart);
                    part.update(buffer, off, take);
                    inPart += take;
                    off += take;
                    if (inPart == partSize) {
                        parts.add(Base64.getEncoder().encodeToString(part.digest()));
                        inPart = 0;
                    }
                }
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                size += n;
            }
            if (inPart > 0 || parts.isEmpty()) {
                parts.add(Base64.getEncoder().encodeToString(part.digest()));
            }
            return new Spool(file, Digests.format(whole.digest()), size, partSize, List.copyOf(parts));
        } catch (IOException e) {
            delete(file);
            throw new StoreException("reading artifact content into " + file + " failed (" + e + "); nothing was stored",
                    e);
        } catch (RuntimeException | Error e) {
            delete(file);
            throw e;
        }
    }

    /** @return the number of parts of a multipart upload of this content */
    int parts() {
        return partChecksums.size();
    }

    /** @return the Base64 SHA-256 of the whole content, as S3 checksums are written */
    String checksum() {
        return checksumOf(digest);
    }

    /** @return the Base64 SHA-256 that S3 reports for bytes with this (valid) digest */
    static String checksumOf(String digest) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(Digests.hex(digest)));
    }

    /** @return the offset of part {@code index} (from 0) */
    long offset(int index) {
        return index * partSize;
    }

    /** @return the length of part {@code index} (from 0) */
    long length(int index) {
        return Math.min(partSize, size - offset(index));
    }

    @Override
    public void close() {
        delete(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete temporary artifact file {}; it is unused", file, e);
        }
    }
}
