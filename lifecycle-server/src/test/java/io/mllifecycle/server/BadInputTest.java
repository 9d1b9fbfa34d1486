package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets MLflow's error shape and status, stores nothing and leaves the server serving. */
class BadInputTest {
    private static final String M = "/api/2.0/mlflow/";
    @TempDir
    Path dir;
    TestServer server;
    String exp;
    String runId;

    @BeforeEach
    void start() {
        server = new TestServer(dir);
        exp = server.lifecycle.store().tracking().createExperiment("e", "", Map.of(), Instant.now()).id();
        runId = server.send(Role.WRITER, "POST", M + "runs/create", "{\"experiment_id\":\"" + exp + "\"}").json()
                .at("/run/info/run_id").asText();
    }

    @AfterEach
    void stop() {
        // the server still serves after everything a test sent
        assertThat(server.send(Role.READER, "GET", M + "runs/get?run_id=" + runId, null).status()).isEqualTo(200);
        server.close();
    }

    private void assertNothingLogged() {
        assertThat(server.lifecycle.run(runId).latestMetrics()).isEmpty();
        assertThat(server.lifecycle.run(runId).params()).isEmpty();
        assertThat(server.lifecycle.experiments()).hasSize(1);
    }

    @Test
    @DisplayName("malformed JSON → 400 INVALID_PARAMETER_VALUE")
    void malformedJson() {
        for (String body : new String[] {"{\"run_id\":", "not json", "{\"a\":1}{\"b\":2}", "[1,2]", "{\"a\":NaN}"}) {
            TestServer.Answer a = server.send(Role.WRITER, "POST", M + "runs/log-metric", body);
            assertThat(a.status()).as(body).isEqualTo(400);
            assertThat(a.errorCode()).as(body).isEqualTo("INVALID_PARAMETER_VALUE");
            assertThat(a.json().has("message")).isTrue();
        }
        assertNothingLogged();
    }

    @Test
    @DisplayName("wrong types and missing required fields → MLflow's messages")
    void wrongTypes() {
        TestServer.Answer a = server.send(Role.WRITER, "POST", M + "runs/log-metric", "{\"run_id\":\"" + runId
                + "\",\"key\":\"loss\",\"value\":\"high\",\"timestamp\":1}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("message").asText()).contains("Invalid value \"high\" for parameter 'value'");
        TestServer.Answer list = server.send(Role.WRITER, "POST", M + "runs/log-metric", "{\"run_id\":\"" + runId
                + "\",\"key\":[\"loss\"],\"value\":1,\"timestamp\":1}");
        assertThat(list.json().path("message").asText()).contains("parameter 'key'").contains("'list'");
        TestServer.Answer missing = server.send(Role.WRITER, "POST", M + "runs/log-metric", "{\"run_id\":\"" + runId
                + "\",\"key\":\"loss\",\"value\":1}");
        assertThat(missing.json().path("message").asText())
                .startsWith("Missing value for required parameter 'timestamp'.");
        TestServer.Answer batch = server.send(Role.WRITER, "POST", M + "runs/log-batch", "{\"run_id\":\"" + runId
                + "\",\"params\":[{\"key\":\"p\",\"value\":\"1\"}],\"metrics\":[{\"key\":\"m\",\"value\":1,"
                + "\"timestamp\":1},{\"key\":\"m\",\"value\":{},\"timestamp\":1}]}");
        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.json().path("message").asText()).contains("metrics[1].value");
        TestServer.Answer nan = server.send(Role.WRITER, "POST", M + "runs/log-metric", "{\"run_id\":\"" + runId
                + "\",\"key\":\"loss\",\"value\":\"NaN\",\"timestamp\":1}");
        assertThat(nan.status()).isEqualTo(400);
        assertNothingLogged();
    }

    @Test
    @DisplayName("unknown fields are ignored, as MLflow's parser does")
    void unknownFields() {
        TestServer.Answer a = server.send(Role.WRITER, "POST", M + "runs/log-parameter", "{\"run_id\":\"" + runId
                + "\",\"key\":\"p\",\"value\":\"1\",\"colour\":\"blue\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(server.lifecycle.run(runId).params()).containsExactly(Map.entry("p", "1"));
    }

    @Test
    @DisplayName("a 100 MB body is refused with 413 before it is read")
    void hugeBody() {
        String head = "POST " + M + "runs/log-batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + server.tokens.get(Role.WRITER) + "\r\nContent-Type: application/json\r\nContent-Length: "
                + (100L * 1024 * 1024) + "\r\n\r\n";
        String answer = server.raw(head, "{\"run_id\":\"".getBytes(StandardCharsets.UTF_8));
        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"error_code\":\"BAD_REQUEST\"");
        assertNothingLogged();
    }

    @Test
    @DisplayName("a body without a length is cut off at the limit")
    void limitedStream() {
        LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[2048]), 1024);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(413));
    }

    @Test
    @DisplayName("deep nesting → 400, nothing stored")
    void deepNesting() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        TestServer.Answer a = server.send(Role.WRITER, "POST", M + "runs/log-batch", "{\"run_id\":\"" + runId
                + "\",\"metrics\":" + deep + "}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("message").asText()).contains("nested deeper");
        assertNothingLogged();
    }

    @Test
    @DisplayName("paths with .. or %2e%2e never reach a handler")
    void traversal() {
        String token = server.tokens.get(Role.WRITER);
        for (String path : new String[] {
                "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId + "/artifacts/../../../etc/passwd",
                "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId + "/artifacts/%2e%2e/%2e%2e/x",
                "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId + "/artifacts/a%2f..%2fb",
                "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId + "/artifacts/a%5c..%5cb"}) {
            String answer = server.raw("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\n", new byte[] {1, 2, 3});
            assertThat(answer).as(path).startsWith("HTTP/1.1 400").contains("INVALID_PARAMETER_VALUE");
        }
        assertThat(server.lifecycle.run(runId).artifacts()).isEmpty();
    }

    @Test
    @DisplayName("unknown endpoint → 404 ENDPOINT_NOT_FOUND; wrong method → 405 with Allow")
    void routing() {
        TestServer.Answer unknown = server.send(Role.READER, "GET", M + "runs/teleport", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
        TestServer.Answer method = server.send(Role.WRITER, "GET", M + "runs/create", null);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.headers().firstValue("Allow")).contains("POST");
        assertThat(method.json().has("error_code")).isTrue();
        TestServer.Answer put = server.send(Role.WRITER, "PUT", M + "experiments/create", "{\"name\":\"x\"}");
        assertThat(put.status()).isEqualTo(405);
        assertNothingLogged();
    }

    @Test
    @DisplayName("a wrong content type → 400")
    void contentType() {
        TestServer.Answer a = server.sendBytes(Role.WRITER, "POST", M + "experiments/create",
                "name=x".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("message").asText()).contains("Content-Type");
        assertNothingLogged();
    }
}
