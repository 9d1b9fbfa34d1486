package io.mllifecycle.server;

import io.mllifecycle.store.spi.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads in progress of MLflow's proxied multipart upload ({@code mlflow-artifacts/mpu/…}): each has
 * an unguessable id, a secret that the part URLs carry (MLflow's client sends parts to those URLs with no
 * credentials, as to S3's presigned URLs), and its parts in a temporary directory until it is completed
 * (the parts are stored as one artifact) or aborted. Bounded: at most {@link #MAX_PENDING} uploads at a
 * time, each forgotten (with its parts) {@link #EXPIRY} after it was created.
 */
final class MultipartUploads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MultipartUploads.class);
    /** Most uploads in progress at once; another create is refused until one ends. */
    static final int MAX_PENDING = 64;
    /** Most parts of one upload (S3's limit). */
    static final int MAX_PARTS = 10_000;
    /** How long an upload may stay in progress. */
    static final Duration EXPIRY = Duration.ofHours(24);

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, Upload> uploads = new ConcurrentHashMap<>();
    private final Clock clock;

    /** One upload in progress, to {@code artifactPath} (the path of the mpu URL), by {@code actor}. */
    static final class Upload {
        final String id;
        final String artifactPath;
        final String actor;
        final int parts;
        final Instant created;
        final Path dir;
        private final byte[] secret;
        /** part number → etag (hex SHA-256 of its bytes) of the parts received */
        final Map<Integer, String> received = new ConcurrentHashMap<>();

        Upload(String id, String artifactPath, String actor, int parts, Instant created, Path dir, byte[] secret) {
            this.id = id;
            this.artifactPath = artifactPath;
            this.actor = actor;
            this.parts = parts;
            this.created = created;
            this.dir = dir;
            this.secret = secret;
        }

        String secret() {
            return HexFormat.of().formatHex(secret);
        }

        Path part(int number) {
            return dir.resolve("part-" + number);
        }
    }

    MultipartUploads(Clock clock) {
        this.clock = clock;
    }

    /** Starts an upload. @throws ApiException 400 for a bad part count, 503-like refusal when too many are pending */
    Upload create(String artifactPath, String actor, long parts) {
        if (parts < 1 || parts > MAX_PARTS) {
            throw ApiException.invalid("Invalid value " + parts + " for parameter 'num_parts' supplied: it must be"
                    + " between 1 and " + MAX_PARTS + ".");
        }
        expire();
        if (uploads.size() >= MAX_PENDING) {
            throw new ApiException(ApiException.Code.RESOURCE_EXHAUSTED, "Too many multipart uploads in progress ("
                    + MAX_PENDING + "); complete or abort one first.");
        }
        byte[] id = new byte[16];
        byte[] secret = new byte[32];
        random.nextBytes(id);
        random.nextBytes(secret);
        String uploadId = HexFormat.of().formatHex(id);
        try {
            Path dir = Files.createTempDirectory("lifecycle-mpu-");
            Upload u = new Upload(uploadId, artifactPath, actor, (int) parts, clock.instant(), dir, secret);
            uploads.put(uploadId, u);
            return u;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the directory of a multipart upload", e);
        }
    }

    /**
     * @return the upload {@code id} to {@code artifactPath}
     * @throws ApiException 404 when there is no such upload in progress (or it is to another path)
     */
    Upload get(String id, String artifactPath) {
        if (id == null || id.isEmpty()) {
            throw Call.missing("upload_id");
        }
        Upload u = uploads.get(id);
        if (u == null || !u.artifactPath.equals(artifactPath)) {
            throw ApiException.notFound("Multipart upload " + id + " to '" + artifactPath + "' not found: it was"
                    + " completed, aborted or expired, or never created.");
        }
        return u;
    }

    /**
     * Stores part {@code number} of an upload whose part URL carried {@code secret}.
     *
     * @return the part's etag (hex SHA-256 of its bytes)
     * @throws ApiException 403 for a wrong secret, 400 for a part number out of range
     */
    String putPart(String id, String artifactPath, String secret, String number, InputStream body) {
        Upload u = get(id, artifactPath);
        if (secret == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.US_ASCII),
                u.secret().getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiException(ApiException.Code.PERMISSION_DENIED, "The part URL of multipart upload " + id
                    + " is not valid: its key does not match.");
        }
        int n;
        try {
            n = Integer.parseInt(number == null ? "" : number);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("Invalid value '" + number + "' for parameter 'part_number': an integer"
                    + " between 1 and " + u.parts + " was expected.");
        }
        if (n < 1 || n > u.parts) {
            throw ApiException.invalid("Invalid value " + n + " for parameter 'part_number': upload " + id + " has"
                    + " parts 1 to " + u.parts + ".");
        }
        MessageDigest sha = Digests.newSha256();
        Path tmp = u.dir.resolve("part-" + n + ".tmp");
        try (InputStream in = body; OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store part " + n + " of multipart upload " + id, e);
        }
        try {
            Files.move(tmp, u.part(n), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store part " + n + " of multipart upload " + id, e);
        }
        String etag = HexFormat.of().formatHex(sha.digest());
        u.received.put(n, etag);
        return etag;
    }

    /**
     * Checks the parts a completion names, in order: ascending distinct part numbers, each received with
     * that etag (quotes around an etag are ignored, as S3 clients send them either way).
     *
     * @return the part files to concatenate, in order
     * @throws ApiException 400 naming the first part that does not match
     */
    List<Path> checkParts(Upload u, List<Map.Entry<Integer, String>> parts) {
        if (parts.isEmpty()) {
            throw Call.missing("parts");
        }
        List<Path> files = new ArrayList<>(parts.size());
        int last = 0;
        for (Map.Entry<Integer, String> p : parts) {
            int n = p.getKey();
            if (n <= last) {
                throw ApiException.invalid("Invalid value for parameter 'parts': part numbers must be ascending and"
                        + " distinct, but " + n + " came after " + last + ".");
            }
            String etag = p.getValue() == null ? "" : p.getValue().replace("\"", "");
            String stored = u.received.get(n);
            if (stored == null) {
                throw ApiException.invalid("Invalid value for parameter 'parts': part " + n + " of upload " + u.id
                        + " was never uploaded (received: " + new java.util.TreeSet<>(u.received.keySet()) + ").");
            }
            if (!stored.equals(etag)) {
                throw ApiException.invalid("Invalid value for parameter 'parts': the etag of part " + n + " was '"
                        + p.getValue() + "', but the part received has etag \"" + stored + "\".");
            }
            files.add(u.part(n));
            last = n;
        }
        return files;
    }

    /** Forgets an upload and deletes its parts. */
    void remove(Upload u) {
        uploads.remove(u.id, u);
        deleteQuietly(u);
    }

    private void expire() {
        Instant oldest = clock.instant().minus(EXPIRY);
        for (Iterator<Upload> it = uploads.values().iterator(); it.hasNext(); ) {
            Upload u = it.next();
            if (u.created.isBefore(oldest)) {
                it.remove();
                LOG.info("multipart upload {} to '{}' by {} expired after {}; its parts are deleted", u.id,
                        u.artifactPath, u.actor, EXPIRY);
                deleteQuietly(u);
            }
        }
    }

    private static void deleteQuietly(Upload u) {
        try (var files = Files.list(u.dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(u.dir);
        } catch (IOException e) {
            LOG.warn("could not delete the parts of multipart upload {} in {}", u.id, u.dir, e);
        }
    }

    /** Deletes the parts of every upload still in progress (the server is closing). */
    @Override
    public void close() {
        for (Upload u : List.copyOf(uploads.values())) {
            remove(u);
        }
    }
}
