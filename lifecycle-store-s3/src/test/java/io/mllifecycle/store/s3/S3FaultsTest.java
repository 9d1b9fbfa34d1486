package io.mllifecycle.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.spi.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * Faults between the store and S3Mock, injected in the HTTP client: refused connections, 500s, lost races
 * and objects changed behind the store's back. Each is a typed error, and nothing half-stored is visible.
 */
class S3FaultsTest {
    private static final long PART = S3ArtifactStore.MIN_PART_SIZE;
    private static final byte[] FOUR_PARTS = random(3 * (int) PART + 1024 * 1024, 7);
    private static S3Client raw;

    @TempDir
    Path spool;
    private String prefix;

    @BeforeAll
    static void rawClient() {
        raw = S3Mock.raw();
    }

    @AfterAll
    static void closeRaw() {
        raw.close();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "faults-" + UUID.randomUUID();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private S3ArtifactStore store(Function<SdkHttpRequest, FaultyHttpClient.Fault> rule, FaultyHttpClient[] seen) {
        FaultyHttpClient http = new FaultyHttpClient(rule);
        if (seen != null) {
            seen[0] = http;
        }
        return S3Mock.store(prefix).multipartThreshold(PART).partSize(PART).spoolDirectory(spool).httpClient(http)
                .open();
    }

    private S3ArtifactStore clean() {
        return S3Mock.store(prefix).open();
    }

    private void assertNothingStored() throws IOException {
        assertThat(raw.listObjectsV2(b -> b.bucket(S3Mock.BUCKET).prefix(prefix + "/")).contents())
                .as("objects under the prefix").isEmpty();
        assertThat(raw.listMultipartUploads(b -> b.bucket(S3Mock.BUCKET).prefix(prefix + "/")).uploads())
                .as("unfinished multipart uploads under the prefix").isEmpty();
        try (var files = Files.list(spool)) {
            assertThat(files).as("temporary files left").isEmpty();
        }
    }

    private static byte[] read(S3ArtifactStore store, String digest) throws IOException {
        try (InputStream in = store.open(digest)) {
            return in.readAllBytes();
        }
    }

    @Nested
    @DisplayName("a failing upload")
    class FailingUpload {
        @Test
        @DisplayName("a 500 on part 3 of a multipart upload, every time, is a StoreException and leaves no object and no upload")
        void put_500OnPart3() throws IOException {
            FaultyHttpClient[] http = new FaultyHttpClient[1];
            try (S3ArtifactStore store = store(r -> FaultyHttpClient.isPart(r, 3)
                    ? new FaultyHttpClient.Answer(500, "InternalError") : FaultyHttpClient.PASS, http)) {
                assertThatThrownBy(() -> store.put(new ByteArrayInputStream(FOUR_PARTS), "application/octet-stream"))
                        .isExactlyInstanceOf(StoreException.class)
                        .hasMessageContaining(store.keyOf(Digests.of(FOUR_PARTS)))
                        .hasMessageContaining("HTTP 500 InternalError");
                assertThat(store.info(Digests.of(FOUR_PARTS))).isEmpty();
            }
            assertThat(http[0].requests.stream().filter(r -> r.contains("partNumber")).count())
                    .as("part requests: 1, 2 and 3 tried 3 times, 4 never").isEqualTo(5);
            assertNothingStored();
        }

        @Test
        @DisplayName("a single 500 on part 3 is retried and the blob is stored whole")
        void put_500OnPart3Once() throws IOException {
            AtomicInteger failures = new AtomicInteger();
            try (S3ArtifactStore store = store(r -> FaultyHttpClient.isPart(r, 3) && failures.getAndIncrement() == 0
                    ? new FaultyHttpClient.Answer(500, "InternalError") : FaultyHttpClient.PASS, null)) {
                ArtifactInfo info = store.put(new ByteArrayInputStream(FOUR_PARTS), "application/octet-stream");
                assertThat(info.size()).isEqualTo(FOUR_PARTS.length);
                assertThat(read(store, info.digest())).isEqualTo(FOUR_PARTS);
            }
            assertThat(failures.get()).isEqualTo(2);
        }

        @Test
        @DisplayName("a connection refused from part 2 on is a StoreException naming the endpoint, and the upload is aborted")
        void put_connectionRefusedMidUpload() throws IOException {
            try (S3ArtifactStore store = store(r -> FaultyHttpClient.isAnyPart(r) && !FaultyHttpClient.isPart(r, 1)
                    ? new FaultyHttpClient.Refuse() : FaultyHttpClient.PASS, null)) {
                assertThatThrownBy(() -> store.put(new ByteArrayInputStream(FOUR_PARTS), "application/octet-stream"))
                        .isExactlyInstanceOf(StoreException.class)
                        .hasMessageContaining("could not be reached")
                        .hasMessageContaining(S3Mock.BUCKET);
            }
            assertNothingStored();
        }

        @Test
        @DisplayName("a connection refused on a single-request upload is a StoreException and stores nothing")
        void put_connectionRefusedSingle() throws IOException {
            try (S3ArtifactStore store = store(r -> FaultyHttpClient.isPutObject(r)
                    ? new FaultyHttpClient.Refuse() : FaultyHttpClient.PASS, null)) {
                assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[1000]), "application/octet-stream"))
                        .isExactlyInstanceOf(StoreException.class).hasMessageContaining("could not be reached");
            }
            assertNothingStored();
        }

        @Test
        @DisplayName("a content stream that fails while spooling is a StoreException and leaves no temporary file")
        void put_failingContent() throws IOException {
            InputStream broken = new InputStream() {
                private int left = 100_000;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        throw new IOException("disk of the caller failed");
                    }
                    left--;
                    return 1;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        throw new IOException("disk of the caller failed");
                    }
                    int n = Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) 1);
                    left -= n;
                    return n;
                }
            };
            try (S3ArtifactStore store = store(r -> FaultyHttpClient.PASS, null)) {
                assertThatThrownBy(() -> store.put(broken, "application/octet-stream"))
                        .isExactlyInstanceOf(StoreException.class).hasMessageContaining("disk of the caller failed")
                        .hasMessageContaining("nothing was stored");
            }
            assertNothingStored();
        }
    }

    @Nested
    @DisplayName("two writers of the same bytes")
    class Race {
        @Test
        @DisplayName("a write over an existing object with If-None-Match is refused by the service (412), so nothing is overwritten")
        void service_refusesOverwrite() {
            String key = prefix + "/sha256/00/" + "0".repeat(62);
            raw.putObject(b -> b.bucket(S3Mock.BUCKET).key(key).ifNoneMatch("*"), RequestBody.fromString("first"));
            assertThatThrownBy(() -> raw.putObject(b -> b.bucket(S3Mock.BUCKET).key(key).ifNoneMatch("*"),
                    RequestBody.fromString("second"))).isInstanceOfSatisfying(
                    software.amazon.awssdk.services.s3.model.S3Exception.class,
                    e -> assertThat(e.statusCode()).isEqualTo(412));
            assertThat(raw.getObjectAsBytes(b -> b.bucket(S3Mock.BUCKET).key(key)).asUtf8String()).isEqualTo("first");
            raw.deleteObject(b -> b.bucket(S3Mock.BUCKET).key(key));
        }

        private ArtifactInfo loseRace(Function<SdkHttpRequest, Boolean> held, byte[] content) throws Exception {
            CountDownLatch winnerDone = new CountDownLatch(1);
            CountDownLatch loserWaiting = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (S3ArtifactStore loser = store(r -> held.apply(r) ? new FaultyHttpClient.Before(() -> {
                loserWaiting.countDown();
                try {
                    winnerDone.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }) : FaultyHttpClient.PASS, null); S3ArtifactStore winner = clean()) {
                Future<ArtifactInfo> lost = pool.submit(() -> loser.put(new ByteArrayInputStream(content), "application/x-loser"));
                assertThat(loserWaiting.await(60, TimeUnit.SECONDS)).isTrue();
                ArtifactInfo won = winner.put(new ByteArrayInputStream(content), "application/x-winner");
                winnerDone.countDown();
                ArtifactInfo result = lost.get(60, TimeUnit.SECONDS);
                assertThat(result.digest()).isEqualTo(won.digest());
                assertThat(result.size()).isEqualTo(won.size());
                assertThat(winner.info(won.digest())).contains(result);
                assertThat(read(winner, won.digest())).isEqualTo(content);
                return result;
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        @DisplayName("a writer whose single PUT gets 412 (another stored the key first) returns the stored blob, which it did not overwrite")
        void put_412RaceSingle() throws Exception {
            ArtifactInfo info = loseRace(FaultyHttpClient::isPutObject, "raced".getBytes(StandardCharsets.UTF_8));
            assertThat(info.mediaType()).isEqualTo("application/x-winner");
            assertNothingLeftBut(1);
        }

        @Test
        @DisplayName("a writer whose multipart completion gets 412 returns the stored blob, and its parts are aborted")
        void put_412RaceMultipart() throws Exception {
            // S3Mock answers 304 to the losing completion, and its AbortMultipartUpload removes the key's object
            // too (real S3 leaves it), so the loser finds no object and stores the bytes again: whichever media
            // type ends up stored, both writers get the same blob and one object remains
            loseRace(FaultyHttpClient::isComplete, FOUR_PARTS);
            assertNothingLeftBut(1);
        }

        @Test
        @DisplayName("eight writers racing with the same bytes all get the same blob, stored once")
        void put_manyWriters() throws Exception {
            byte[] content = random(200_000, 3);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ArtifactInfo>> results = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    results.add(pool.submit(() -> {
                        try (S3ArtifactStore s = clean()) {
                            start.await();
                            return s.put(new ByteArrayInputStream(content), "application/octet-stream");
                        }
                    }));
                }
                start.countDown();
                ArtifactInfo first = results.get(0).get(60, TimeUnit.SECONDS);
                for (Future<ArtifactInfo> f : results) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(first);
                }
                try (S3ArtifactStore s = clean()) {
                    assertThat(read(s, first.digest())).isEqualTo(content);
                }
                assertNothingLeftBut(1);
            } finally {
                pool.shutdownNow();
            }
        }

        private void assertNothingLeftBut(int objects) {
            assertThat(raw.listObjectsV2(b -> b.bucket(S3Mock.BUCKET).prefix(prefix + "/")).contents()).hasSize(objects);
            assertThat(raw.listMultipartUploads(b -> b.bucket(S3Mock.BUCKET).prefix(prefix + "/")).uploads()).isEmpty();
        }
    }

    @Nested
    @DisplayName("an object changed behind the store's back")
    class Tampered {
        private final byte[] original = random(300_000, 11);
        private S3ArtifactStore store;
        private ArtifactInfo info;
        private String key;

        @BeforeEach
        void storeAndTamper() {
            store = clean();
            info = store.put(new ByteArrayInputStream(original), "application/octet-stream");
            key = store.keyOf(info.digest());
        }

        @org.junit.jupiter.api.AfterEach
        void close() {
            store.close();
        }

        private void replace(byte[] bytes, boolean withChecksum) {
            raw.putObject(b -> {
                b.bucket(S3Mock.BUCKET).key(key);
                if (withChecksum) {
                    b.checksumAlgorithm(ChecksumAlgorithm.SHA256);
                }
            }, RequestBody.fromBytes(bytes));
        }

        private byte[] sameLengthOtherBytes() {
            byte[] changed = original.clone();
            changed[changed.length / 2] ^= 1;
            return changed;
        }

        @Test
        @DisplayName("reading it whole is a CorruptStoreException naming the key")
        void open_readAll() {
            replace(sameLengthOtherBytes(), false);
            assertThatThrownBy(() -> read(store, info.digest())).isInstanceOf(CorruptStoreException.class)
                    .hasMessageContaining(key).hasMessageContaining(info.digest());
        }

        @Test
        @DisplayName("the error comes when the read reaches the object's size, before the end of the stream is seen")
        void open_errorAtSize() throws IOException {
            replace(sameLengthOtherBytes(), false);
            try (InputStream in = store.open(info.digest())) {
                byte[] first = in.readNBytes(original.length - 1);
                assertThat(first).hasSize(original.length - 1);
                assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(CorruptStoreException.class)
                        .hasMessageContaining(key);
            } catch (CorruptStoreException expectedOnCloseToo) {
                assertThat(expectedOnCloseToo).hasMessageContaining(key);
            }
        }

        @Test
        @DisplayName("closing a stream read only in part checks the rest and is a CorruptStoreException")
        void open_closeEarly() throws IOException {
            replace(sameLengthOtherBytes(), false);
            InputStream in = store.open(info.digest());
            assertThat(in.readNBytes(100)).hasSize(100);
            assertThatThrownBy(in::close).isInstanceOf(CorruptStoreException.class).hasMessageContaining(key);
        }

        @Test
        @DisplayName("an untouched object closed early is no error")
        void open_closeEarlyUntouched() throws IOException {
            try (InputStream in = store.open(info.digest())) {
                assertThat(in.readNBytes(100)).isEqualTo(java.util.Arrays.copyOf(original, 100));
            }
        }

        @Test
        @DisplayName("a longer or shorter replacement is a CorruptStoreException, and putting the bytes again refuses it")
        void open_otherLength() {
            replace(random(400_000, 12), false);
            assertThatThrownBy(() -> read(store, info.digest())).isInstanceOf(CorruptStoreException.class)
                    .hasMessageContaining(key);
            assertThatThrownBy(() -> store.put(new ByteArrayInputStream(original), "application/octet-stream"))
                    .isInstanceOf(CorruptStoreException.class).hasMessageContaining(key);
            replace(new byte[10], false);
            assertThatThrownBy(() -> read(store, info.digest())).isInstanceOf(CorruptStoreException.class)
                    .hasMessageContaining(key);
        }

        @Test
        @DisplayName("a replacement with a SHA-256 checksum of its own is found by info without reading")
        void info_checksumMismatch() {
            replace(sameLengthOtherBytes(), true);
            assertThatThrownBy(() -> store.info(info.digest())).isInstanceOf(CorruptStoreException.class)
                    .hasMessageContaining(key);
        }
    }
}
