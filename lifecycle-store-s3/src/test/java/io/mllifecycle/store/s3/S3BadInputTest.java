package io.mllifecycle.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.spi.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input the store must refuse with a typed error naming the value: buckets, credentials, endpoints, keys. */
class S3BadInputTest {

    @Test
    @DisplayName("a bucket that does not exist is a NotFoundException naming it")
    void open_missingBucket() {
        assertThatThrownBy(() -> S3ArtifactStore.builder("no-such-bucket").endpoint(S3Mock.endpoint()).pathStyle(true)
                .credentials(S3Mock.KEY_ID, S3Mock.SECRET).open())
                .isInstanceOf(NotFoundException.class).hasMessageContaining("'no-such-bucket'")
                .hasMessageContaining("does not exist");
    }

    @Test
    @DisplayName("credentials the service refuses are a StoreException naming the access key id, never the secret")
    void open_wrongCredentials() {
        // S3Mock accepts any credentials; the client answers as S3 does for an unknown access key
        FaultyHttpClient http = new FaultyHttpClient(r -> r.firstMatchingHeader("Authorization")
                .filter(a -> a.contains("Credential=wrong-key/")).isPresent()
                ? new FaultyHttpClient.Answer(403, "InvalidAccessKeyId") : FaultyHttpClient.PASS);
        assertThatThrownBy(() -> S3Mock.store("p").credentials("wrong-key", "very-secret").httpClient(http).open())
                .isExactlyInstanceOf(StoreException.class).hasMessageContaining("denied")
                .hasMessageContaining("InvalidAccessKeyId").hasMessageContaining("'wrong-key'")
                .hasMessageContaining(S3Mock.BUCKET).hasMessageNotContaining("very-secret");
    }

    @Test
    @DisplayName("a signature the service refuses on a write is a StoreException saying access was denied")
    void put_signatureRefused() {
        FaultyHttpClient http = new FaultyHttpClient(r -> FaultyHttpClient.isPutObject(r)
                ? new FaultyHttpClient.Answer(403, "SignatureDoesNotMatch") : FaultyHttpClient.PASS);
        try (S3ArtifactStore store = S3Mock.freshStore().httpClient(http).open()) {
            assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[10]), "application/octet-stream"))
                    .isExactlyInstanceOf(StoreException.class).hasMessageContaining("denied")
                    .hasMessageContaining("SignatureDoesNotMatch").hasMessageContaining(S3Mock.KEY_ID);
            assertThat(store.exists(Digests.of(new byte[10]))).isFalse();
        }
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {200, 404, 500})
    @DisplayName("an endpoint that is a web server but not S3 is a StoreException naming it")
    void open_endpointNotS3(int status) throws IOException {
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", exchange -> {
            byte[] page = "<html><body>Welcome</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(status, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        web.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + web.getAddress().getPort());
            assertThatThrownBy(() -> S3ArtifactStore.builder("ml-bucket").endpoint(endpoint).pathStyle(true)
                    .credentials("k", "s").maxAttempts(1).open())
                    .isExactlyInstanceOf(StoreException.class).hasMessageContaining(endpoint.toString())
                    .hasMessageContaining("did not answer as an S3 service does");
        } finally {
            web.stop(0);
        }
    }

    @Test
    @DisplayName("an endpoint where nothing listens is a StoreException saying it could not be reached")
    void open_endpointUnreachable() {
        URI endpoint = URI.create("http://127.0.0.1:" + S3Mock.freePort());
        assertThatThrownBy(() -> S3ArtifactStore.builder("ml-bucket").endpoint(endpoint).pathStyle(true).credentials("k", "s")
                .maxAttempts(1).open())
                .isExactlyInstanceOf(StoreException.class).hasMessageContaining(endpoint.toString())
                .hasMessageContaining("could not be reached");
    }

    @ParameterizedTest(name = "prefix \"{0}\"")
    @ValueSource(strings = {"..", "a/../../b", "a//b", "./a", "a\\b", "a/\u0000"})
    @DisplayName("a prefix that could put keys outside it is a bad argument naming it")
    void prefix_outside(String prefix) {
        assertThatThrownBy(() -> S3ArtifactStore.builder("ml-bucket").prefix(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix");
    }

    @Test
    @DisplayName("object keys are made only under the prefix; a key outside it is refused")
    void key_outsidePrefix() {
        S3Location location = new S3Location("ml-bucket", "/teams/risk/");
        String digest = Digests.of(new byte[0]);
        assertThat(location.key(digest)).isEqualTo("teams/risk/sha256/e3/" + Digests.hex(digest).substring(2));
        for (String key : new String[] {"teams/other/sha256/e3/" + Digests.hex(digest).substring(2),
                "teams/risk/../other/sha256/e3/" + Digests.hex(digest).substring(2), "teams/risk/sha256/../../x",
                "teams/risk/notes.txt"}) {
            assertThatThrownBy(() -> location.requireInside(key)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("teams/risk/").hasMessageContaining(key.substring(0, Math.min(30, key.length())));
        }
        assertThatThrownBy(() -> location.key("sha256:../../../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digest");
    }

    @ParameterizedTest(name = "bucket \"{0}\"")
    @ValueSource(strings = {"", "ab", "Upper", "under_score", "-dash", "dots..dots", "a/b"})
    @DisplayName("a bucket name S3 would refuse is a bad argument naming it")
    void bucket_bad(String bucket) {
        assertThatThrownBy(() -> S3ArtifactStore.builder(bucket)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket");
    }

    @Test
    @DisplayName("bad settings are refused at once, naming the argument and the value")
    void builder_badSettings() {
        S3ArtifactStore.Builder b = S3ArtifactStore.builder("ml-bucket");
        assertThatThrownBy(() -> b.partSize(1024)).hasMessageContaining("partSize").hasMessageContaining("1024");
        assertThatThrownBy(() -> b.multipartThreshold(0)).hasMessageContaining("multipartThreshold");
        assertThatThrownBy(() -> b.maxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> b.region("EU West")).hasMessageContaining("region").hasMessageContaining("EU West");
        assertThatThrownBy(() -> b.endpoint(URI.create("ftp://host"))).hasMessageContaining("endpoint")
                .hasMessageContaining("ftp://host");
        assertThatThrownBy(() -> b.credentials("", "s")).hasMessageContaining("accessKeyId");
        assertThatThrownBy(() -> b.credentials("k", " ")).hasMessageContaining("secretAccessKey");
        assertThatThrownBy(() -> b.spoolDirectory(java.nio.file.Path.of("/no/such/dir")))
                .hasMessageContaining("spoolDirectory").hasMessageContaining("/no/such/dir");
    }

    @Test
    @DisplayName("s3: URIs with unknown settings, half credentials or no bucket are bad arguments naming them")
    void provider_badUris() {
        S3StoreProvider p = new S3StoreProvider();
        assertThatThrownBy(() -> p.open(URI.create("s3://ml-bucket/p?colour=blue"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> p.open(URI.create("s3://ml-bucket/p?accessKeyId=k"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secretAccessKey");
        assertThatThrownBy(() -> p.open(URI.create("s3:ml-bucket"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3://bucket/prefix");
        assertThatThrownBy(() -> p.open(URI.create("s3://ml-bucket/a/../../x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> p.open(URI.create("s3://ml-bucket/p?pathStyle=maybe"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maybe");
        assertThatThrownBy(() -> p.open(URI.create("s3://ml-bucket/p"), Map.of("partSize", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partSize").hasMessageContaining("lots");
    }

    @Test
    @DisplayName("a closed store refuses every call with a StoreException")
    void closed() {
        S3ArtifactStore store = S3Mock.freshStore().open();
        store.close();
        assertThatThrownBy(() -> store.info(Digests.of(new byte[0]))).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[0]), "text/plain"))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    @DisplayName("forEachBlob sees every stored blob once, with its description, and skips foreign objects")
    void forEachBlob_listsBlobs() {
        try (S3ArtifactStore store = S3Mock.freshStore().open();
                software.amazon.awssdk.services.s3.S3Client raw = S3Mock.raw()) {
            java.util.Set<io.mllifecycle.store.ArtifactInfo> stored = new java.util.HashSet<>();
            for (int i = 0; i < 5; i++) {
                stored.add(store.put(new ByteArrayInputStream(("blob " + i).getBytes(StandardCharsets.UTF_8)),
                        "text/plain"));
            }
            raw.putObject(b -> b.bucket(S3Mock.BUCKET).key(store.prefix() + "/sha256/notes.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("not a blob"));
            java.util.List<io.mllifecycle.store.ArtifactInfo> seen = new java.util.ArrayList<>();
            store.forEachBlob(seen::add);
            assertThat(seen).containsExactlyInAnyOrderElementsOf(stored);
        }
    }
}
