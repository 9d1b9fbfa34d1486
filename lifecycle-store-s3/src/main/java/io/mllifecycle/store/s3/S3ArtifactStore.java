package io.mllifecycle.store.s3;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.spi.Digests;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Content-addressed blobs in an S3 bucket, under {@code <prefix>/sha256/ab/cdef…}, through the AWS SDK v2 and
 * its URL-connection HTTP client; works with any S3-compatible service (AWS, MinIO, Ceph, S3Mock …).
 *
 * <ul>
 *   <li>{@link #put} streams the content into a temporary file while computing its SHA-256 (the key is only
 *       known at the end), then uploads it in one request, or in parts above
 *       {@link Builder#multipartThreshold}; every request carries the SHA-256 checksum of its bytes, which the
 *       service checks. Memory use does not grow with the blob's size.</li>
 *   <li>Writes are conditional ({@code If-None-Match: *}): the same bytes are stored once, and a writer never
 *       overwrites an object. A writer that loses a race (HTTP 412) checks the winner's object and returns it.</li>
 *   <li>A failed upload leaves no object: an unfinished multipart upload is aborted, and an object only appears
 *       when its last request completes.</li>
 *   <li>{@link #open} checks the bytes against the digest as they stream by; a changed object raises
 *       {@link CorruptStoreException} naming its key when the read reaches the object's size (before the last
 *       bytes are handed out), or on {@code close()} of a stream not read to its end, which reads the rest.</li>
 * </ul>
 *
 * <p>The media type is kept as the object's {@code Content-Type}. Instances are thread-safe; close them to
 * release their connections. Failures are {@link StoreException}s naming the bucket, key and endpoint.
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {
    /** Default size from which {@link #put} uploads in parts: 16 MiB. */
    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    /** Default size of each part of a multipart upload: 8 MiB. */
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;
    /** Smallest part S3 accepts (except the last one): 5 MiB. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** Largest part S3 accepts: 5 GiB. */
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    /** Most parts of one upload S3 accepts; a blob may have at most this many times the part size. */
    public static final int MAX_PARTS = 10_000;

    private static final int RACE_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(S3ArtifactStore.class);

    private final S3Client s3;
    private final S3Location location;
    private final String service;
    private final String keyId;
    private final S3Uploads uploads;
    private final Path spoolDirectory;
    private final long partSize;
    private final AtomicBoolean closed = new AtomicBoolean();

    S3ArtifactStore(S3Client s3, S3Location location, String service, String keyId, long multipartThreshold,
                    long partSize, Path spoolDirectory) {
        this.s3 = s3;
        this.location = location;
        this.service = service;
        this.keyId = keyId;
        this.partSize = partSize;
        this.spoolDirectory = spoolDirectory;
        this.uploads = new S3Uploads(s3, location.bucket(), multipartThreshold);
    }

    /**
     * Starts configuring a store over {@code bucket}.
     *
     * @throws IllegalArgumentException if {@code bucket} is not an S3 bucket name
     */
    public static Builder builder(String bucket) {
        return new Builder(bucket);
    }

    /** @return the bucket holding the blobs */
    public String bucket() {
        return location.bucket();
    }

    /** @return the key prefix, without leading or trailing {@code /}; empty for the bucket's root */
    public String prefix() {
        return location.prefix();
    }

    /**
     * @return the object key that holds (or would hold) the blob with {@code digest}
     * @throws IllegalArgumentException if {@code digest} is not {@code sha256:} and 64 lowercase hex digits
     */
    public String keyOf(String digest) {
        return location.key(digest);
    }

    @Override
    public ArtifactInfo put(InputStream content, String mediaType) {
        Checks.notNull("content", content);
        Checks.name("mediaType", mediaType);
        checkOpen();
        try (Spool spool = Spool.of(content, spoolDirectory, partSize)) {
            if (spool.parts() > MAX_PARTS) {
                throw new StoreException("an artifact of " + spool.size + " bytes needs " + spool.parts() + " parts of "
                        + partSize + " bytes, more than the " + MAX_PARTS + " S3 accepts; raise partSize; nothing was stored");
            }
            String key = location.key(spool.digest);
            String where = where(key);
            Optional<ArtifactInfo> existing = head(spool.digest, key);
            if (existing.isPresent()) {
                return same(existing.get(), spool, where);
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    uploads.upload(key, spool, mediaType);
                    LOG.debug("Stored {} bytes as {}", spool.size, where);
                    return new ArtifactInfo(spool.digest, spool.size, mediaType);
                } catch (SdkException e) {
                    // 412: the key exists (S3); 304: the same, as some S3-compatible services (S3Mock) answer a
                    // conditional CompleteMultipartUpload; 409: a concurrent conditional write is in progress
                    if (!(S3Failures.status(e, 412) || S3Failures.status(e, 304) || S3Failures.status(e, 409))) {
                        throw S3Failures.map(e, "storing " + where, service, keyId);
                    }
                    Optional<ArtifactInfo> winner = head(spool.digest, key);
                    if (winner.isPresent()) {
                        LOG.debug("Another writer stored {} first; its object is kept", where);
                        return same(winner.get(), spool, where);
                    }
                    // gone again: deleted meanwhile, or (S3Mock) removed by aborting our own upload of the key
                    if (attempt == RACE_ATTEMPTS) {
                        throw new ConflictException("storing " + where + " lost the race to another writer "
                                + RACE_ATTEMPTS + " times (" + e.getMessage() + "), and each time the object was gone"
                                + " again; store it again");
                    }
                    LOG.debug("Storing {} lost a race, but no object is there; storing it again", where);
                } catch (UncheckedIOException e) {
                    throw new StoreException("storing " + where + " failed: reading the temporary file " + spool.file
                            + " failed (" + e.getCause() + "); nothing was stored", e);
                }
            }
        }
    }

    @Override
    public InputStream open(String digest) {
        Checks.digest("digest", digest);
        checkOpen();
        String key = location.key(digest);
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(b -> b.bucket(location.bucket()).key(key));
        } catch (SdkException e) {
            if (S3Failures.status(e, 404) && "NoSuchKey".equals(code(e))) {
                NotFoundException n = new NotFoundException("artifact " + digest + " is not stored (no object "
                        + where(key) + ")");
                n.initCause(e);
                throw n;
            }
            throw S3Failures.map(e, "reading " + where(key), service, keyId);
        }
        Long length = in.response().contentLength();
        if (length == null || length < 0) {
            in.abort();
            throw new StoreException("reading " + where(key) + " failed: " + service + " sent no Content-Length");
        }
        return new VerifyingObjectStream(in, where(key), digest, length);
    }

    @Override
    public Optional<ArtifactInfo> info(String digest) {
        Checks.digest("digest", digest);
        checkOpen();
        return head(digest, location.key(digest));
    }

    @Override
    public boolean delete(String digest) {
        Checks.digest("digest", digest);
        checkOpen();
        String key = location.key(digest);
        if (head(digest, key).isEmpty()) {
            return false;
        }
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(key));
            return true;
        } catch (SdkException e) {
            throw S3Failures.map(e, "deleting " + where(key), service, keyId);
        }
    }

    /**
     * Lists the objects under {@code <prefix>/sha256/} page by page and describes each (one HEAD per object, for
     * its media type); objects whose keys are not blob keys are skipped with a warning.
     */
    @Override
    public void forEachBlob(Consumer<ArtifactInfo> action) {
        Checks.notNull("action", action);
        checkOpen();
        String from = location.root() + "sha256/";
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(from)).contents()) {
                String key = o.key();
                String rest = key.substring(from.length());
                String digest = Digests.PREFIX + rest.replace("/", "");
                if (!rest.matches("[0-9a-f]{2}/[0-9a-f]{62}")) {
                    LOG.warn("Skipping object {} under the blob prefix: its key is not sha256/ab/cdef…", where(key));
                    continue;
                }
                head(digest, key).ifPresent(action);
            }
        } catch (SdkException e) {
            throw S3Failures.map(e, "listing " + where(from), service, keyId);
        }
    }

    /** Releases the client's connections; further calls fail with {@link StoreException}. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            s3.close();
        }
    }

    private Optional<ArtifactInfo> head(String digest, String key) {
        HeadObjectResponse r;
        try {
            r = s3.headObject(b -> b.bucket(location.bucket()).key(key).checksumMode(ChecksumMode.ENABLED));
        } catch (SdkException e) {
            if (S3Failures.status(e, 404) && !"NoSuchBucket".equals(code(e))) {
                return Optional.empty();
            }
            throw S3Failures.map(e, "looking up " + where(key), service, keyId);
        }
        String sha256 = r.checksumSHA256();
        if (sha256 != null && !sha256.contains("-") && !sha256.equals(Spool.checksumOf(digest))) {
            throw new CorruptStoreException("object " + where(key) + " was changed: the service reports SHA-256 "
                    + sha256 + " (Base64) for it, but its key names " + digest);
        }
        String type = r.contentType() == null || r.contentType().isBlank() ? "application/octet-stream" : r.contentType();
        return Optional.of(new ArtifactInfo(digest, r.contentLength() == null ? 0 : r.contentLength(), type));
    }

    private static ArtifactInfo same(ArtifactInfo stored, Spool spool, String where) {
        if (stored.size() != spool.size) {
            throw new CorruptStoreException("object " + where + " was changed: it holds " + stored.size()
                    + " bytes, but the content with its digest has " + spool.size);
        }
        return stored;
    }

    private static String code(SdkException e) {
        return e instanceof software.amazon.awssdk.services.s3.model.S3Exception s ? S3Failures.code(s) : "";
    }

    private String where(String key) {
        return "s3://" + location.bucket() + "/" + key;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StoreException("the S3 artifact store for " + location + " is closed");
        }
    }

    /**
     * Settings of an {@link S3ArtifactStore}; every setter checks its argument at once. Credentials come from
     * {@link #credentials} or else the SDK's default chain (environment, system properties, profile files,
     * container and instance roles).
     */
    public static final class Builder {
        private final String bucket;
        private String prefix = "";
        private String region;
        private URI endpoint;
        private boolean pathStyle;
        private String accessKeyId;
        private String secretAccessKey;
        private String sessionToken;
        private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
        private long partSize = DEFAULT_PART_SIZE;
        private int maxAttempts = 3;
        private Path spoolDirectory;
        private software.amazon.awssdk.http.SdkHttpClient httpClient;

        private Builder(String bucket) {
            new S3Location(bucket, "");
            this.bucket = bucket;
        }

        /**
         * Sets the key prefix under which the blobs live (default: the bucket's root). Leading and trailing
         * {@code /} are dropped.
         *
         * @throws IllegalArgumentException if it has empty, {@code .} or {@code ..} segments, control characters
         *                                  or {@code \}, or more than 512 characters
         */
        public Builder prefix(String prefix) {
            new S3Location(bucket, prefix);
            this.prefix = prefix;
            return this;
        }

        /** Sets the region, e.g. {@code eu-west-1}; default: the SDK's region chain, or {@code us-east-1} with an endpoint. */
        public Builder region(String region) {
            Checks.name("region", region);
            if (!region.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("region must be lowercase letters, digits and '-', e.g. 'eu-west-1',"
                        + " but was " + Checks.quote(region));
            }
            this.region = region;
            return this;
        }

        /**
         * Sets the service's endpoint, for S3-compatible services other than AWS, e.g.
         * {@code http://localhost:9000}; default: the AWS endpoint of the region.
         *
         * @throws IllegalArgumentException unless it is an absolute http or https URI with a host
         */
        public Builder endpoint(URI endpoint) {
            Checks.notNull("endpoint", endpoint);
            if (endpoint.getScheme() == null || !endpoint.getScheme().matches("(?i)https?") || endpoint.getHost() == null
                    || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
                throw new IllegalArgumentException("endpoint must be an http or https URI with a host and no query,"
                        + " e.g. 'http://localhost:9000', but was " + Checks.quote(endpoint.toString()));
            }
            this.endpoint = endpoint;
            return this;
        }

        /** Addresses the bucket in the path ({@code host/bucket/key}) instead of the host name; default false. */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /** Uses these static credentials instead of the SDK's default chain. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            Checks.name("accessKeyId", accessKeyId);
            Checks.notNull("secretAccessKey", secretAccessKey);
            if (secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("secretAccessKey must not be blank");
            }
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            this.sessionToken = null;
            return this;
        }

        /** Uses these temporary credentials (with a session token) instead of the SDK's default chain. */
        public Builder credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
            credentials(accessKeyId, secretAccessKey);
            Checks.notNull("sessionToken", sessionToken);
            if (sessionToken.isBlank()) {
                throw new IllegalArgumentException("sessionToken must not be blank");
            }
            this.sessionToken = sessionToken;
            return this;
        }

        /**
         * Sets the size in bytes from which content is uploaded in parts (default
         * {@value #DEFAULT_MULTIPART_THRESHOLD}).
         *
         * @throws IllegalArgumentException unless it is at least 1
         */
        public Builder multipartThreshold(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("multipartThreshold must be ≥ 1 byte, but was " + bytes);
            }
            this.multipartThreshold = bytes;
            return this;
        }

        /**
         * Sets the size of each part of a multipart upload (default {@value #DEFAULT_PART_SIZE}).
         *
         * @throws IllegalArgumentException unless it lies in [{@value #MIN_PART_SIZE}, {@value #MAX_PART_SIZE}]
         */
        public Builder partSize(long bytes) {
            if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
                throw new IllegalArgumentException("partSize must lie in [" + MIN_PART_SIZE + ", " + MAX_PART_SIZE
                        + "] bytes as S3 requires, but was " + bytes);
            }
            this.partSize = bytes;
            return this;
        }

        /**
         * Sets how often a request is tried before its failure is reported (default 3); throttling, 5xx answers
         * and broken connections are retried with backoff.
         *
         * @throws IllegalArgumentException unless it lies in [1, 20]
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 20) {
                throw new IllegalArgumentException("maxAttempts must lie in [1, 20], but was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the directory for the temporary files that hold content while it is hashed and uploaded (default:
         * {@code java.io.tmpdir}).
         *
         * @throws IllegalArgumentException unless it is an existing directory
         */
        public Builder spoolDirectory(Path directory) {
            Checks.notNull("spoolDirectory", directory);
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("spoolDirectory must be an existing directory, but was '" + directory
                        + "'");
            }
            this.spoolDirectory = directory;
            return this;
        }

        /** For tests: the HTTP client to send requests through. */
        Builder httpClient(software.amazon.awssdk.http.SdkHttpClient client) {
            this.httpClient = Checks.notNull("httpClient", client);
            return this;
        }

        /**
         * Connects and checks that the bucket exists and can be listed under the prefix.
         *
         * @throws NotFoundException        if the bucket does not exist
         * @throws StoreException           if the service cannot be reached, does not answer as S3 does, or
         *                                  refuses the credentials
         * @throws IllegalArgumentException if no region is given and none is configured in the environment
         */
        public S3ArtifactStore open() {
            if (multipartThreshold < partSize && multipartThreshold < MIN_PART_SIZE) {
                LOG.debug("multipartThreshold {} is below the minimum part size; small blobs are sent in one part",
                        multipartThreshold);
            }
            S3Location location = new S3Location(bucket, prefix);
            Path spool = spoolDirectory != null ? spoolDirectory : Path.of(System.getProperty("java.io.tmpdir"));
            return S3Clients.open(new S3Clients.Settings(location, region, endpoint, pathStyle, accessKeyId,
                    secretAccessKey, sessionToken, maxAttempts, httpClient), (client, service) -> new S3ArtifactStore(
                    client, location, service, accessKeyId, multipartThreshold, partSize, spool));
        }
    }
}
