package io.mllifecycle.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.store.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link io.mllifecycle.store.ArtifactStore}: content-addressed blobs stored once
 * under their SHA-256 digest, streamed in and out, with info, exists and delete.
 *
 * <p>An adapter extends this class and implements {@link #newStore()}; a store with limits on blob
 * size may lower {@link StoreCapabilities#largeArtifactBytes()} through {@link #capabilities()}.
 */
public abstract class ArtifactStoreCompatibilityKit extends StoreCompatibilitySupport {
    private static final String BINARY = "application/octet-stream";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private ArtifactInfo put(byte[] content, String mediaType) {
        return artifacts().put(new ByteArrayInputStream(content), mediaType);
    }

    private byte[] read(String digest) {
        try (InputStream in = artifacts().open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Nested
    @DisplayName("putting and reading blobs")
    class PutAndOpen {
        @Test
        @DisplayName("put returns the SHA-256 digest, size and media type, and open streams the bytes back")
        void put_roundTrip() {
            byte[] content = bytes("model weights");
            ArtifactInfo info = put(content, BINARY);
            assertThat(info).isEqualTo(new ArtifactInfo(Digests.of(content), content.length, BINARY));
            assertThat(read(info.digest())).isEqualTo(content);
            assertThat(artifacts().info(info.digest())).contains(info);
            assertThat(artifacts().exists(info.digest())).isTrue();
        }

        @Test
        @DisplayName("an empty blob is stored like any other")
        void put_empty() {
            ArtifactInfo info = put(new byte[0], BINARY);
            assertThat(info.digest()).isEqualTo(Digests.of(new byte[0]));
            assertThat(info.size()).isZero();
            assertThat(read(info.digest())).isEmpty();
        }

        @Test
        @DisplayName("the same bytes are stored once: a second put returns the existing description")
        void put_sameBytesOnce() {
            byte[] content = bytes("same");
            ArtifactInfo first = put(content, "text/plain");
            ArtifactInfo second = put(content, BINARY);
            assertThat(second).isEqualTo(first);
            assertThat(artifacts().info(first.digest())).contains(first);
            assertThat(read(first.digest())).isEqualTo(content);
        }

        @Test
        @DisplayName("put reads the stream to its end and does not close it")
        void put_doesNotClose() {
            boolean[] closed = {false};
            InputStream in = new ByteArrayInputStream(bytes("abc")) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            ArtifactInfo info = artifacts().put(in, BINARY);
            assertThat(closed[0]).as("stream closed by put").isFalse();
            assertThat(info.size()).isEqualTo(3);
        }

        @Test
        @DisplayName("a large generated blob makes the round trip byte for byte")
        void put_largeBlob() throws IOException {
            long size = capabilities().largeArtifactBytes();
            MessageDigest expected = Digests.newSha256();
            try (InputStream gen = new GeneratedStream(size, 42)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = gen.read(buf)) > 0; ) {
                    expected.update(buf, 0, n);
                }
            }
            ArtifactInfo info;
            try (InputStream gen = new GeneratedStream(size, 42)) {
                info = artifacts().put(gen, BINARY);
            }
            assertThat(info.digest()).isEqualTo(Digests.format(expected.digest()));
            assertThat(info.size()).isEqualTo(size);
            try (InputStream back = artifacts().open(info.digest()); InputStream gen = new GeneratedStream(size, 42)) {
                byte[] a = new byte[64 * 1024];
                byte[] b = new byte[64 * 1024];
                long total = 0;
                while (true) {
                    int n = back.readNBytes(a, 0, a.length);
                    int m = gen.readNBytes(b, 0, n == 0 ? b.length : n);
                    assertThat(n).as("bytes read at offset %d", total).isEqualTo(m);
                    if (n == 0) {
                        break;
                    }
                    assertThat(java.util.Arrays.equals(a, 0, n, b, 0, n)).as("bytes at offset %d", total).isTrue();
                    total += n;
                }
                assertThat(total).isEqualTo(size);
            }
        }

        @Test
        @DisplayName("an unknown digest is not found by open, absent from info and exists, and not deleted")
        void open_unknown() {
            String unknown = Digests.of(bytes("never stored"));
            assertThatThrownBy(() -> artifacts().open(unknown)).isInstanceOf(NotFoundException.class);
            assertThat(artifacts().info(unknown)).isEmpty();
            assertThat(artifacts().exists(unknown)).isFalse();
            assertThat(artifacts().delete(unknown)).isFalse();
        }
    }

    @Nested
    @DisplayName("deleting blobs")
    class Delete {
        @Test
        @DisplayName("a deleted blob is gone, others stay, and it can be stored again")
        void delete_removesOnlyThatBlob() {
            ArtifactInfo a = put(bytes("a"), BINARY);
            ArtifactInfo b = put(bytes("b"), BINARY);
            assertThat(artifacts().delete(a.digest())).isTrue();
            assertThat(artifacts().delete(a.digest())).isFalse();
            assertThat(artifacts().exists(a.digest())).isFalse();
            assertThatThrownBy(() -> artifacts().open(a.digest())).isInstanceOf(NotFoundException.class);
            assertThat(read(b.digest())).isEqualTo(bytes("b"));
            assertThat(put(bytes("a"), BINARY)).isEqualTo(a);
            assertThat(read(a.digest())).isEqualTo(bytes("a"));
        }
    }

    @Nested
    @DisplayName("bad arguments")
    class BadArguments {
        @ParameterizedTest(name = "digest \"{0}\"")
        @ValueSource(strings = {"", "sha256:", "sha256:abc", "md5:d41d8cd98f00b204e9800998ecf8427e",
                "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g",
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550",
                "sha256:../../../etc/passwd"})
        @DisplayName("a string that is not sha256: and 64 lowercase hex digits is a bad digest everywhere")
        void digest_malformed(String digest) {
            ArtifactInfo kept = put(bytes("kept"), BINARY);
            assertThatThrownBy(() -> artifacts().open(digest)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("digest");
            assertThatThrownBy(() -> artifacts().info(digest)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("digest");
            assertThatThrownBy(() -> artifacts().exists(digest)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("digest");
            assertThatThrownBy(() -> artifacts().delete(digest)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("digest");
            assertThat(read(kept.digest())).isEqualTo(bytes("kept"));
        }

        @Test
        @DisplayName("null content, null digests and bad media types are bad arguments and store nothing")
        void put_badArguments() {
            byte[] content = bytes("x");
            String digest = Digests.of(content);
            assertThatThrownBy(() -> artifacts().put(null, BINARY)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("content");
            for (String mediaType : new String[] {null, "", " ", "text/\nplain"}) {
                assertThatThrownBy(() -> put(content, mediaType)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("mediaType");
            }
            assertThat(artifacts().exists(digest)).isFalse();
            assertThatThrownBy(() -> artifacts().open(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("digest");
            assertThatThrownBy(() -> artifacts().info(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("digest");
            assertThatThrownBy(() -> artifacts().delete(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("digest");
        }
    }

    @Nested
    @DisplayName("after the store is closed and reopened")
    class Reopen {
        @Test
        @DisplayName("stored blobs are still there with their description and bytes")
        void reopen_keepsBlobs() {
            assumeDurable();
            ArtifactInfo a = put(bytes("a"), "text/plain");
            ArtifactInfo b = put(bytes("b"), BINARY);
            artifacts().delete(b.digest());
            closeAndReopen();
            assertThat(artifacts().info(a.digest())).contains(a);
            assertThat(read(a.digest())).isEqualTo(bytes("a"));
            assertThat(artifacts().exists(b.digest())).isFalse();
        }
    }

    /** A deterministic pseudo-random stream of a given length, so a large blob never sits in memory here. */
    static final class GeneratedStream extends InputStream {
        private long remaining;
        private long state;

        GeneratedStream(long size, long seed) {
            this.remaining = size;
            this.state = seed;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            state = state * 6364136223846793005L + 1442695040888963407L;
            return (int) (state >>> 56) & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                b[off + i] = (byte) (state >>> 56);
            }
            remaining -= n;
            return n;
        }
    }
}
