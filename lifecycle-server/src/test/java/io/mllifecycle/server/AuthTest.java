package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.Stage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every role boundary: reader < writer < approver < admin; 401 without a token; the token's actor writes. */
class AuthTest {
    private static final String M = "/api/2.0/mlflow/";
    private static final String V1 = "/api/lifecycle/v1/";
    @TempDir
    Path dir;
    TestServer server;
    String runId;

    @BeforeEach
    void start() {
        server = new TestServer(dir);
        String exp = server.lifecycle.store().tracking().createExperiment("e", "", java.util.Map.of(),
                java.time.Instant.now()).id();
        runId = server.send(Role.WRITER, "POST", M + "runs/create", "{\"experiment_id\":\"" + exp + "\"}").json()
                .at("/run/info/run_id").asText();
        server.sendBytes(Role.WRITER, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId
                + "/artifacts/m.bin", new byte[] {1}, "application/octet-stream");
        server.lifecycle.models().register("m", runId, "m.bin", s -> { });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Answer logMetric(Role role) {
        return server.send(role, "POST", M + "runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"k\","
                + "\"value\":1,\"timestamp\":1}");
    }

    private TestServer.Answer transition(Role role, String stage) {
        return server.send(role, "POST", M + "model-versions/transition-stage", "{\"name\":\"m\",\"version\":\"1\","
                + "\"stage\":\"" + stage + "\",\"archive_existing_versions\":false}");
    }

    @Test
    @DisplayName("no token, a malformed header or an unknown token → 401 UNAUTHENTICATED")
    void unauthenticated() {
        TestServer.Answer none = server.send(null, "GET", M + "experiments/search", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
                .startsWith("Bearer"));
        var basic = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + M
                + "experiments/search")).header("Authorization", "Basic dXNlcjpwdw==").build());
        assertThat(basic.status()).isEqualTo(401);
        String forged = server.tokens.get(Role.ADMIN).substring(0, 30) + "x".repeat(43);
        var bad = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + M
                + "experiments/search")).header("Authorization", "Bearer " + forged).build());
        assertThat(bad.status()).isEqualTo(401);
    }

    @Test
    @DisplayName("reader reads but may not write: 403 naming role writer")
    void readerBoundary() {
        assertThat(server.send(Role.READER, "GET", M + "runs/get?run_id=" + runId, null).status()).isEqualTo(200);
        TestServer.Answer denied = logMetric(Role.READER);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("PERMISSION_DENIED");
        assertThat(denied.json().path("message").asText()).contains("requires role 'writer'")
                .contains("reader-user");
        assertThat(server.lifecycle.run(runId).latestMetrics()).isEmpty();
    }

    @Test
    @DisplayName("writer logs but may not change stages: 403 naming role approver")
    void writerBoundary() {
        assertThat(logMetric(Role.WRITER).status()).isEqualTo(200);
        TestServer.Answer denied = transition(Role.WRITER, "Staging");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("message").asText()).contains("requires role 'approver'");
        TestServer.Answer alias = server.send(Role.WRITER, "POST", M + "registered-models/alias",
                "{\"name\":\"m\",\"alias\":\"champion\",\"version\":\"1\"}");
        assertThat(alias.status()).isEqualTo(403);
        assertThat(server.lifecycle.models().version("m", 1).stage()).isEqualTo(Stage.DEVELOPMENT);
    }

    @Test
    @DisplayName("approver changes stages but may not override gates or retire: 403 naming role admin")
    void approverBoundary() {
        assertThat(transition(Role.APPROVER, "Staging").status()).isEqualTo(200);
        TestServer.Answer denied = server.send(Role.APPROVER, "POST", V1 + "models/m/versions/1/override",
                "{\"stage\":\"PRODUCTION\",\"reason\":\"hotfix\"}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("message").asText()).contains("requires role 'admin'");
        assertThat(server.send(Role.APPROVER, "POST", V1 + "models/m/retirement/apply", "{\"keepLatest\":1}")
                .status()).isEqualTo(403);
        assertThat(server.lifecycle.models().version("m", 1).stage()).isEqualTo(Stage.STAGING);
    }

    @Test
    @DisplayName("admin overrides gates")
    void adminBoundary() {
        transition(Role.APPROVER, "Staging");
        TestServer.Answer ok = server.send(Role.ADMIN, "POST", V1 + "models/m/versions/1/override",
                "{\"stage\":\"PRODUCTION\",\"reason\":\"hotfix\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(server.lifecycle.models().version("m", 1).stage()).isEqualTo(Stage.PRODUCTION);
    }

    @Test
    @DisplayName("the token's actor is the actor of writes and audit events, whatever the request claims")
    void actorIsTheTokens() {
        String exp = server.lifecycle.run(runId).experimentId();
        String other = server.send(Role.WRITER, "POST", M + "runs/create", "{\"experiment_id\":\"" + exp
                + "\",\"user_id\":\"mallory\",\"tags\":[{\"key\":\"mlflow.user\",\"value\":\"mallory\"}]}").json()
                .at("/run/info/run_id").asText();
        assertThat(server.lifecycle.run(other).tags()).containsEntry("mlflow.user", "writer-user");
        assertThat(server.send(Role.WRITER, "POST", M + "runs/set-tag", "{\"run_id\":\"" + other
                + "\",\"key\":\"mlflow.user\",\"value\":\"mallory\"}").status()).isEqualTo(400);
        transition(Role.APPROVER, "Staging");
        AuditEvent last = server.lifecycle.audit().events().get(server.lifecycle.audit().events().size() - 1);
        assertThat(last.actor()).isEqualTo("approver-user");
        assertThat(server.lifecycle.models().version("m", 1).record().stageHistory().get(1).actor())
                .isEqualTo("approver-user");
    }

    @Test
    @DisplayName("--read-only-anonymous lets requests without a token read, never write")
    void anonymousReaders() {
        server.close();
        server = new TestServer(dir.resolve("anon"), b -> b.readOnlyAnonymous(true));
        assertThat(server.send(null, "GET", M + "experiments/search", null).status()).isEqualTo(200);
        TestServer.Answer write = server.send(null, "POST", M + "experiments/create", "{\"name\":\"x\"}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().path("message").asText()).contains("anonymous");
        assertThat(server.lifecycle.experiments()).isEmpty();
    }
}
