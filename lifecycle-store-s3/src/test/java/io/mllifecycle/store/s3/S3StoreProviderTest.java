package io.mllifecycle.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.StoreProviders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3: URIs through {@link StoreProviders}, alone and paired with metadata stores found the same way at run
 * time: the file store and the JDBC store (PostgreSQL of {@code .ci/postgres.sh}, or
 * {@code LIFECYCLE_TEST_JDBC_URL} / {@code LIFECYCLE_TEST_JDBC_USER}).
 */
class S3StoreProviderTest {
    @TempDir
    Path dir;

    private static String s3Uri(String prefix) {
        return "s3://" + S3Mock.BUCKET + "/" + prefix + "?region=us-east-1&pathStyle=true&endpoint=" + S3Mock.endpoint();
    }

    private static String withKeys(String uri) {
        return uri + "&accessKeyId=" + S3Mock.KEY_ID + "&secretAccessKey=" + S3Mock.SECRET;
    }

    private static ArtifactInfo put(LifecycleStore store, String text) {
        return store.artifacts().put(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "text/plain");
    }

    private static String read(LifecycleStore store, String digest) throws IOException {
        try (InputStream in = store.artifacts().open(digest)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int objectsUnder(String prefix) {
        try (S3Client raw = S3Mock.raw()) {
            return raw.listObjectsV2(b -> b.bucket(S3Mock.BUCKET).prefix(prefix + "/")).keyCount();
        }
    }

    @Test
    @DisplayName("an s3:// URI opens the S3 artifact store; tracking and registry say how to pair it")
    void open_s3Alone() throws IOException {
        String prefix = "provider-" + UUID.randomUUID();
        try (LifecycleStore store = StoreProviders.open(withKeys(s3Uri(prefix)))) {
            assertThat(store.artifacts()).isInstanceOf(S3ArtifactStore.class);
            S3ArtifactStore s3 = (S3ArtifactStore) store.artifacts();
            assertThat(s3.bucket()).isEqualTo(S3Mock.BUCKET);
            assertThat(s3.prefix()).isEqualTo(prefix);
            ArtifactInfo info = put(store, "weights");
            assertThat(read(store, info.digest())).isEqualTo("weights");
            assertThatThrownBy(store::tracking).isInstanceOf(StoreException.class)
                    .hasMessageContaining("artifact bytes only").hasMessageContaining("jdbc:postgresql")
                    .hasMessageNotContaining(S3Mock.SECRET);
            assertThatThrownBy(store::registry).isInstanceOf(StoreException.class);
        }
        assertThat(objectsUnder(prefix)).isEqualTo(1);
    }

    @Test
    @DisplayName("options win over the URI's query")
    void open_optionsWin() {
        String prefix = "provider-" + UUID.randomUUID();
        String uri = "s3://" + S3Mock.BUCKET + "/" + prefix + "?endpoint=http://127.0.0.1:1&region=us-east-1";
        try (LifecycleStore store = StoreProviders.open(uri, Map.of("endpoint", S3Mock.endpoint().toString(),
                "pathStyle", "true", "accessKeyId", S3Mock.KEY_ID, "secretAccessKey", S3Mock.SECRET))) {
            assertThat(put(store, "x").size()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("file metadata with S3 artifacts: the artifacts option, its artifacts.* options, and the query form")
    void pair_withFileStore() throws IOException {
        String prefix = "file-pair-" + UUID.randomUUID();
        String digest;
        try (LifecycleStore store = StoreProviders.open("file:" + dir, Map.of("artifacts", s3Uri(prefix),
                "artifacts.accessKeyId", S3Mock.KEY_ID, "artifacts.secretAccessKey", S3Mock.SECRET))) {
            store.tracking().createExperiment("churn", "", Map.of(), Instant.EPOCH);
            digest = put(store, "model bytes").digest();
        }
        assertThat(objectsUnder(prefix)).isEqualTo(1);
        try (var blobs = Files.walk(dir)) {
            assertThat(blobs.filter(Files::isRegularFile).filter(p -> p.toString().contains("sha256")))
                    .as("no blob files in the directory").isEmpty();
        }
        String query = "file:" + dir + "?artifacts=" + URLEncoder.encode(withKeys(s3Uri(prefix)), StandardCharsets.UTF_8);
        try (LifecycleStore again = StoreProviders.open(query)) {
            assertThat(again.tracking().findExperiment("churn")).isPresent();
            assertThat(read(again, digest)).isEqualTo("model bytes");
        }
    }

    @Test
    @DisplayName("PostgreSQL metadata with S3 artifacts through jdbc:postgresql://…?artifacts=s3%3A…")
    void pair_withJdbcStore() throws Exception {
        String prefix = "jdbc-pair-" + UUID.randomUUID();
        String schema = "s3pair_" + UUID.randomUUID().toString().replace("-", "");
        String url = setting("LIFECYCLE_TEST_JDBC_URL", "lifecycle.test.jdbc.url",
                "jdbc:postgresql://127.0.0.1:54329/postgres");
        String user = setting("LIFECYCLE_TEST_JDBC_USER", "lifecycle.test.jdbc.user", "postgres");
        sql(url, user, "CREATE SCHEMA " + schema);
        try {
            String uri = url + "?user=" + user + "&currentSchema=" + schema + "&artifacts="
                    + URLEncoder.encode(withKeys(s3Uri(prefix)), StandardCharsets.UTF_8);
            String digest;
            try (LifecycleStore store = StoreProviders.open(uri)) {
                store.tracking().createExperiment("churn", "", Map.of(), Instant.EPOCH);
                digest = put(store, "model bytes").digest();
            }
            assertThat(objectsUnder(prefix)).isEqualTo(1);
            try (LifecycleStore again = StoreProviders.open(uri)) {
                assertThat(again.tracking().findExperiment("churn")).isPresent();
                assertThat(read(again, digest)).isEqualTo("model bytes");
            }
        } finally {
            sql(url, user, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void sql(String url, String user, String statement) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        String password = setting("LIFECYCLE_TEST_JDBC_PASSWORD", "lifecycle.test.jdbc.password", null);
        if (password != null) {
            p.setProperty("password", password);
        }
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String setting(String env, String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
