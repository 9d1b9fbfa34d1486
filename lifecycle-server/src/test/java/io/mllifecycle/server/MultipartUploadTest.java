package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.spi.Digests;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.tracking.MlflowClient;

/**
 * MLflow's proxied multipart upload ({@code mlflow-artifacts/mpu/create|complete|abort}) as MLflow's
 * {@code HttpArtifactRepository._try_multipart_upload} drives it: create, PUT each part to its credential
 * URL with no token, collect the {@code ETag} headers, complete (or abort on failure).
 */
@DisplayName("artifacts: multipart upload through mlflow-artifacts/mpu")
class MultipartUploadTest {
    private static final String A = "/api/2.0/mlflow-artifacts/";
    @TempDir
    Path dir;
    TestServer server;
    MlflowClient writer;
    String exp;
    String runId;

    @BeforeEach
    void start() {
        server = new TestServer(dir);
        writer = server.client(Role.WRITER);
        exp = writer.createExperiment("churn");
        runId = writer.createRun(exp).getRunId();
    }

    @AfterEach
    void stop() {
        writer.close();
        server.close();
    }

    private String artifactPath(String file) {
        return exp + "/" + runId + "/artifacts/" + file;
    }

    private JsonNode create(String file, int parts) {
        TestServer.Answer a = server.send(Role.WRITER, "POST", A + "mpu/create/" + artifactPath(file),
                "{\"path\":\"/tmp/local/" + file + "\",\"num_parts\":" + parts + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    /** PUT as MLflow's client does: requests.put(credential.url, data=chunk), no Authorization header. */
    private TestServer.Answer putPart(String url, byte[] chunk) {
        return server.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)).build());
    }

    private static String partsJson(List<String> etags) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < etags.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"part_number\":").append(i + 1).append(",\"etag\":")
                    .append(Json.MAPPER.valueToTree(etags.get(i)).toString()).append('}');
        }
        return b.append(']').toString();
    }

    @Test
    @DisplayName("create answers one credential per part; the parts PUT there without a token are stored as one artifact")
    void upload_inParts() {
        byte[] bytes = new byte[250_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        int chunk = 100_000;
        JsonNode created = create("model/weights.bin", 3);
        String uploadId = created.path("upload_id").asText();
        assertThat(uploadId).hasSize(32);
        JsonNode credentials = created.path("credentials");
        assertThat(credentials).hasSize(3);
        List<String> etags = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode cred = credentials.get(i);
            assertThat(cred.path("part_number").asInt()).isEqualTo(i + 1);
            assertThat(cred.path("url").asText()).startsWith(server.url() + A + "mpu/upload/" + artifactPath(
                    "model/weights.bin")).contains("upload_id=" + uploadId).contains("part_number=" + (i + 1));
            byte[] part = Arrays.copyOfRange(bytes, i * chunk, Math.min(bytes.length, (i + 1) * chunk));
            TestServer.Answer put = putPart(cred.path("url").asText(), part);
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            String etag = put.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).isEqualTo("\"" + Digests.hex(Digests.of(part)) + "\"");
            etags.add(etag);
        }
        assertThat(server.lifecycle.run(runId).artifacts()).as("nothing stored before complete").isEmpty();
        TestServer.Answer done = server.send(Role.WRITER, "POST", A + "mpu/complete/" + artifactPath("model/weights.bin"),
                "{\"path\":\"/tmp/local/weights.bin\",\"upload_id\":\"" + uploadId + "\",\"parts\":" + partsJson(etags)
                        + "}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        RunRecord run = server.lifecycle.run(runId);
        assertThat(run.artifacts()).containsEntry("model/weights.bin", Digests.of(bytes));
        assertThat(server.lifecycle.store().artifacts().info(Digests.of(bytes))).hasValueSatisfying(
                info -> assertThat(info.size()).isEqualTo(bytes.length));
        // the upload is over: its id no longer completes or takes parts
        assertThat(server.send(Role.WRITER, "POST", A + "mpu/complete/" + artifactPath("model/weights.bin"),
                "{\"path\":\"w\",\"upload_id\":\"" + uploadId + "\",\"parts\":" + partsJson(etags) + "}").status())
                .isEqualTo(404);
        assertThat(putPart(credentials.get(0).path("url").asText(), new byte[] {1}).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("a part URL with another key is refused (403), and a part outside 1..num_parts is a 400")
    void part_keyAndNumberChecked() {
        JsonNode created = create("a.bin", 2);
        String url = created.at("/credentials/0/url").asText();
        String forged = url.replaceAll("key=[0-9a-f]+", "key=" + "0".repeat(64));
        TestServer.Answer refused = putPart(forged, new byte[] {1, 2});
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("PERMISSION_DENIED");
        TestServer.Answer outside = putPart(url.replace("part_number=1", "part_number=3"), new byte[] {1});
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.json().path("message").asText()).contains("parts 1 to 2");
        assertThat(putPart(url.replace("upload_id=", "upload_id=x"), new byte[] {1}).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("complete with a wrong etag or a missing part is a 400 naming the part; nothing is stored")
    void complete_checksParts() {
        JsonNode created = create("b.bin", 2);
        String uploadId = created.path("upload_id").asText();
        String etag1 = putPart(created.at("/credentials/0/url").asText(), "one".getBytes(StandardCharsets.UTF_8))
                .headers().firstValue("ETag").orElseThrow();
        String path = A + "mpu/complete/" + artifactPath("b.bin");
        TestServer.Answer missing = server.send(Role.WRITER, "POST", path, "{\"path\":\"b\",\"upload_id\":\"" + uploadId
                + "\",\"parts\":" + partsJson(List.of(etag1, "\"abc\"")) + "}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("message").asText()).contains("part 2").contains("never uploaded");
        putPart(created.at("/credentials/1/url").asText(), "two".getBytes(StandardCharsets.UTF_8));
        TestServer.Answer wrong = server.send(Role.WRITER, "POST", path, "{\"path\":\"b\",\"upload_id\":\"" + uploadId
                + "\",\"parts\":" + partsJson(List.of(etag1, "\"abc\"")) + "}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("message").asText()).contains("etag of part 2");
        assertThat(server.lifecycle.run(runId).artifacts()).isEmpty();
        assertThat(server.send(Role.READER, "POST", path, "{\"path\":\"b\",\"upload_id\":\"" + uploadId
                + "\",\"parts\":[]}").status()).as("completing needs the writer role").isEqualTo(403);
    }

    @Test
    @DisplayName("abort ends the upload and stores nothing; create checks path, part count and role")
    void abort_andBadInput() {
        JsonNode created = create("c.bin", 1);
        String uploadId = created.path("upload_id").asText();
        putPart(created.at("/credentials/0/url").asText(), new byte[] {9});
        TestServer.Answer aborted = server.send(Role.WRITER, "POST", A + "mpu/abort/" + artifactPath("c.bin"),
                "{\"path\":\"c\",\"upload_id\":\"" + uploadId + "\"}");
        assertThat(aborted.status()).isEqualTo(200);
        assertThat(server.lifecycle.run(runId).artifacts()).isEmpty();
        assertThat(server.send(Role.WRITER, "POST", A + "mpu/abort/" + artifactPath("c.bin"),
                "{\"path\":\"c\",\"upload_id\":\"" + uploadId + "\"}").status()).isEqualTo(404);
        assertThat(server.send(Role.WRITER, "POST", A + "mpu/create/" + artifactPath("d.bin"),
                "{\"path\":\"d\",\"num_parts\":0}").status()).isEqualTo(400);
        assertThat(server.send(Role.WRITER, "POST", A + "mpu/create/" + artifactPath("d.bin"),
                "{\"num_parts\":1}").errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(server.send(Role.WRITER, "POST", A + "mpu/create/" + exp + "/nope/artifacts/d.bin",
                "{\"path\":\"d\",\"num_parts\":1}").status()).isEqualTo(404);
        assertThat(server.send(Role.READER, "POST", A + "mpu/create/" + artifactPath("d.bin"),
                "{\"path\":\"d\",\"num_parts\":1}").status()).isEqualTo(403);
        assertThat(server.send(null, "POST", A + "mpu/create/" + artifactPath("d.bin"),
                "{\"path\":\"d\",\"num_parts\":1}").status()).isEqualTo(401);
    }
}
