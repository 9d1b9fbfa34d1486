package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mllifecycle.gate.GatePolicy;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our own API under /api/lifecycle/v1/, checked against the Java API. */
class LifecycleApiTest {
    private static final String V1 = "/api/lifecycle/v1/";
    @TempDir
    Path dir;
    TestServer server;
    String runId;

    @BeforeEach
    void start() {
        server = new TestServer(dir, b -> b.gatePolicy(GatePolicy.builder()
                .require(Stage.PRODUCTION, Gates.metric("auc").atLeast(0.9)).build()));
        var tracking = server.lifecycle.store().tracking();
        String exp = tracking.createExperiment("e", "", Map.of(), Instant.now()).id();
        runId = server.send(Role.WRITER, "POST", "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + exp + "\"}")
                .json().at("/run/info/run_id").asText();
        tracking.logMetrics(runId, List.of(new MetricPoint("auc", 0.95, 0, Instant.now())));
        server.sendBytes(Role.WRITER, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId
                + "/artifacts/m.bin", new byte[] {7}, "application/octet-stream");
        server.lifecycle.models().register("churn", runId, "m.bin", s -> s.card("intended_use", "demo"));
        server.lifecycle.models().register("churn", runId, "m.bin", s -> { });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("promotion through gates, gate reports, alias move and cached resolve that sees the move at once")
    void promoteAndResolve() {
        assertThat(server.send(Role.APPROVER, "POST", V1 + "models/churn/versions/1/promote",
                "{\"stage\":\"STAGING\"}").status()).isEqualTo(200);
        JsonNode prod = server.send(Role.APPROVER, "POST", V1 + "models/churn/versions/1/promote",
                "{\"stage\":\"PRODUCTION\",\"reason\":\"good\"}").json();
        assertThat(prod.path("stage").asText()).isEqualTo("PRODUCTION");
        assertThat(server.lifecycle.models().version("churn", 1).stage()).isEqualTo(Stage.PRODUCTION);
        JsonNode reports = server.send(Role.READER, "GET", V1 + "models/churn/versions/1/gate-reports", null).json();
        assertThat(reports).hasSize(1);
        assertThat(reports.at("/0/results/0/passed").asBoolean()).isTrue();

        TestServer.Answer invalid = server.send(Role.APPROVER, "POST", V1 + "models/churn/versions/2/promote",
                "{\"stage\":\"PRODUCTION\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("message").asText()).contains("DEVELOPMENT").contains("PRODUCTION");

        assertThat(server.send(Role.APPROVER, "POST", V1 + "models/churn/aliases/champion", "{\"version\":1}")
                .status()).isEqualTo(200);
        assertThat(server.send(Role.READER, "GET", V1 + "resolve?ref=churn@champion", null).json().path("version")
                .asInt()).isEqualTo(1);
        // compare-and-set: expecting 2 where it points at 1 is a conflict
        TestServer.Answer stale = server.send(Role.APPROVER, "POST", V1 + "models/churn/aliases/champion",
                "{\"version\":2,\"expected_version\":2}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("RESOURCE_CONFLICT");
        server.send(Role.APPROVER, "POST", V1 + "models/churn/aliases/champion", "{\"version\":2,\"expected_version\":1}");
        assertThat(server.send(Role.READER, "GET", V1 + "resolve?ref=churn@champion", null).json().path("version")
                .asInt()).isEqualTo(2);
        assertThat(server.send(Role.READER, "GET", V1 + "resolve?ref=churn@nope", null).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("audit events and verify, lineage both ways, model card in Markdown and JSON")
    void governance() {
        server.send(Role.APPROVER, "POST", V1 + "models/churn/versions/1/promote", "{\"stage\":\"STAGING\"}");
        JsonNode audit = server.send(Role.READER, "GET", V1 + "audit?from=1&limit=2", null).json();
        assertThat(audit.path("events")).hasSize(2);
        assertThat(audit.path("next_from").asLong()).isEqualTo(3);
        JsonNode all = server.send(Role.READER, "GET", V1 + "audit?limit=1000", null).json().path("events");
        assertThat(all).hasSize(server.lifecycle.audit().events().size());
        assertThat(all.findValuesAsText("actor")).contains("approver-user");
        JsonNode verify = server.send(Role.READER, "GET", V1 + "audit/verify", null).json();
        assertThat(verify.path("intact").asBoolean()).isTrue();
        assertThat(verify.path("events").asLong()).isEqualTo(server.lifecycle.audit().events().size());

        JsonNode lineage = server.send(Role.READER, "GET", V1 + "models/churn/versions/1/lineage", null).json();
        assertThat(lineage.at("/run/id").asText()).isEqualTo(runId);
        assertThat(server.send(Role.READER, "GET", V1 + "datasets/none/sha256:" + "0".repeat(64) + "/model-versions",
                null).json()).isEmpty();

        TestServer.Answer md = server.send(Role.READER, "GET", V1 + "models/churn/versions/1/card?format=markdown", null);
        assertThat(md.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/markdown"));
        assertThat(md.body()).isEqualTo(server.lifecycle.models().version("churn", 1).modelCard().toMarkdown());
        TestServer.Answer json = server.send(Role.READER, "GET", V1 + "models/churn/versions/1/card", null);
        assertThat(json.body()).isEqualTo(server.lifecycle.models().version("churn", 1).modelCard().toJson());
    }

    @Test
    @DisplayName("retirement plan is a dry run; apply (admin) moves stages")
    void retirement() {
        server.lifecycle.models().register("churn", runId, "m.bin", s -> { });
        JsonNode plan = server.send(Role.READER, "POST", V1 + "models/churn/retirement/plan", "{\"keepLatest\":1}")
                .json();
        assertThat(plan.isArray()).isTrue();
        assertThat(plan.toString()).contains("RETIRE");
        assertThat(server.lifecycle.models().version("churn", 1).stage()).isEqualTo(Stage.DEVELOPMENT);
        JsonNode applied = server.send(Role.ADMIN, "POST", V1 + "models/churn/retirement/apply", "{\"keepLatest\":1}")
                .json();
        assertThat(applied.toString()).contains("APPLIED");
        assertThat(server.lifecycle.models().version("churn", 1).stage()).isEqualTo(Stage.RETIRED);
        assertThat(server.lifecycle.models().version("churn", 3).stage()).isEqualTo(Stage.DEVELOPMENT);
        TestServer.Answer bad = server.send(Role.READER, "POST", V1 + "models/churn/retirement/plan",
                "{\"keepLatest\":-1,\"nonsense\":true}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("message").asText()).contains("nonsense");
    }

    @Test
    @DisplayName("monitor window results of a version, empty when never monitored")
    void monitoring() {
        JsonNode none = server.send(Role.READER, "GET", V1 + "models/churn/versions/1/monitoring", null).json();
        assertThat(none.path("run_id").isNull()).isTrue();
        var tracking = server.lifecycle.store().tracking();
        String exp = tracking.createExperiment("monitoring/churn", "", Map.of(), Instant.now()).id();
        String run = tracking.createRun(new io.mllifecycle.store.NewRun(exp, null, "monitor",
                Map.of("model", "churn", "version", "1"), Instant.now(), io.mllifecycle.store.RunSource.unknown())).id();
        tracking.logMetrics(run, List.of(new MetricPoint("drift.share_drifted", 0.25, 1, Instant.now())));
        JsonNode got = server.send(Role.READER, "GET", V1 + "models/churn/versions/1/monitoring", null).json();
        assertThat(got.path("run_id").asText()).isEqualTo(run);
        assertThat(got.at("/metrics/drift.share_drifted/0/value").asDouble()).isEqualTo(0.25);
    }

    @Test
    @DisplayName("the OpenAPI document lists every path with its role")
    void openApi() {
        JsonNode doc = server.send(Role.READER, "GET", V1 + "openapi.json", null).json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/paths/~1api~12.0~1mlflow~1runs~1log-metric/post/x-required-role").asText())
                .isEqualTo("writer");
        assertThat(doc.at("/paths/~1api~1lifecycle~1v1~1models~1{name}~1versions~1{version}~1promote/post/"
                + "x-required-role").asText()).isEqualTo("approver");
        assertThat(doc.path("paths").size()).isGreaterThan(45);
    }

    @Test
    @DisplayName("a version's resolution is cached for the TTL and dropped at once by a change through the server")
    void resolveCache() {
        server.close();
        server = new TestServer(dir.resolve("ttl"), b -> b.resolveCacheTtl(Duration.ofHours(1)));
        var tracking = server.lifecycle.store().tracking();
        String exp = tracking.createExperiment("e", "", Map.of(), Instant.now()).id();
        String r = tracking.createRun(new io.mllifecycle.store.NewRun(exp, null, "r", Map.of(), Instant.now(),
                io.mllifecycle.store.RunSource.unknown())).id();
        server.sendBytes(Role.WRITER, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + r
                + "/artifacts/m.bin", new byte[] {7}, "application/octet-stream");
        server.lifecycle.models().register("m", r, "m.bin", s -> { });
        server.lifecycle.models().register("m", r, "m.bin", s -> { });
        server.send(Role.APPROVER, "POST", V1 + "models/m/aliases/live", "{\"version\":1}");
        assertThat(server.send(Role.READER, "GET", V1 + "resolve?ref=m@live", null).json().path("version").asInt())
                .isEqualTo(1);
        // moved behind the server's back: the cached answer stands for the TTL
        server.lifecycle.models().model("m").setAlias("live", 2);
        assertThat(server.send(Role.READER, "GET", V1 + "resolve?ref=m@live", null).json().path("version").asInt())
                .isEqualTo(1);
        // moved through the server: seen at once
        server.send(Role.APPROVER, "POST", V1 + "models/m/aliases/live", "{\"version\":1}");
        assertThat(server.send(Role.READER, "GET", V1 + "resolve?ref=m@live", null).json().path("version").asInt())
                .isEqualTo(1);
        server.send(Role.APPROVER, "POST", V1 + "models/m/aliases/live", "{\"version\":2}");
        assertThat(server.send(Role.READER, "GET", V1 + "resolve?ref=m@live", null).json().path("version").asInt())
                .isEqualTo(2);
    }
}
