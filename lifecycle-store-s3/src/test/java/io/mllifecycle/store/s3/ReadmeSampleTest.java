package io.mllifecycle.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreProviders;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's S3 samples, compiled here; the builder sample runs against S3Mock. */
class ReadmeSampleTest {
    @TempDir
    Path dir;

    /** README sample 1 (compiled; pairing itself runs in S3StoreProviderTest). */
    static LifecycleStore openShared(String password) {
        // PostgreSQL for the metadata, S3 for the bytes: no shared volume
        String artifacts = "s3://ml-artifacts/teams/risk?region=eu-west-1";
        return StoreProviders.open("jdbc:postgresql://db:5432/ml?user=ml",
                Map.of("artifacts", artifacts, "password", password));
    }

    @Test
    void builderSample() throws Exception {
        URI endpoint = S3Mock.endpoint();
        String bucket = S3Mock.BUCKET;
        String accessKeyId = S3Mock.KEY_ID;
        String secretAccessKey = S3Mock.SECRET;
        Path modelFile = Files.write(dir.resolve("model.bin"), new byte[] {1, 2, 3, 4});
        Path copy = dir.resolve("copy.bin");
        // README sample 2 begins
        try (S3ArtifactStore blobs = S3ArtifactStore.builder(bucket)
                .prefix("teams/risk")
                .endpoint(endpoint).pathStyle(true)        // an S3-compatible service; leave out for AWS
                .region("us-east-1")
                .credentials(accessKeyId, secretAccessKey) // leave out for the SDK's default chain
                .open()) {
            ArtifactInfo info;
            try (InputStream model = Files.newInputStream(modelFile)) {
                info = blobs.put(model, "application/octet-stream");  // stored once, under its SHA-256
            }
            try (InputStream in = blobs.open(info.digest())) {       // checked against the digest as it streams
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // README sample 2 ends
        assertThat(Files.readAllBytes(copy)).containsExactly(1, 2, 3, 4);
    }
}
