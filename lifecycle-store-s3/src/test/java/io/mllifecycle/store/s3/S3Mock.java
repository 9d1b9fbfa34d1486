package io.mllifecycle.store.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Adobe's S3Mock, started once in this JVM on free ports with one bucket, shared by the tests (each test uses
 * a prefix of its own, so stores are empty at start). Stopped when the JVM exits.
 */
final class S3Mock {
    static final String BUCKET = "lifecycle-test";
    static final String KEY_ID = "test-key";
    static final String SECRET = "test-secret";
    private static S3MockApplication app;
    private static int httpPort;

    private S3Mock() {}

    static synchronized URI endpoint() {
        if (app == null) {
            Path root;
            try {
                root = Files.createTempDirectory("s3mock");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            httpPort = freePort();
            app = S3MockApplication.start(new java.util.HashMap<>(Map.of(
                    S3MockApplication.PROP_HTTP_PORT, httpPort,
                    S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET,
                    S3MockApplication.PROP_ROOT_DIRECTORY, root.toString(),
                    S3MockApplication.PROP_SILENT, true)));
            S3MockApplication started = app;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "s3mock-stop"));
        }
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** @return a port nothing listens on at the moment */
    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a builder for a store under a fresh prefix of the shared bucket */
    static S3ArtifactStore.Builder freshStore() {
        return store("t-" + UUID.randomUUID());
    }

    static S3ArtifactStore.Builder store(String prefix) {
        return S3ArtifactStore.builder(BUCKET).prefix(prefix).endpoint(endpoint()).region("us-east-1")
                .pathStyle(true).credentials(KEY_ID, SECRET);
    }

    /** @return a plain SDK client of the mock, for looking behind the store's back and for tampering */
    static software.amazon.awssdk.services.s3.S3Client raw() {
        return software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(KEY_ID, SECRET)))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder().build())
                .build();
    }
}
