package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mllifecycle.store.Stage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored policies and approvals through /api/lifecycle/v1, enforced on MLflow's transition-stage too. */
class GovernanceApiTest {
    private static final String V1 = "/api/lifecycle/v1/";
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(dir);
        var tracking = server.lifecycle.store().tracking();
        String exp = tracking.createExperiment("e", "", Map.of(), Instant.now()).id();
        String run = server.send(Role.WRITER, "POST", "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + exp
                + "\"}").json().at("/run/info/run_id").asText();
        server.sendBytes(Role.WRITER, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run
                + "/artifacts/m.bin", new byte[] {1}, "application/octet-stream");
        server.lifecycle.models().register("churn", run, "m.bin", s -> { });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("an admin stores a policy; a transition it guards needs a request by one actor and approval by another")
    void policyAndApprovals() {
        String policy = "{\"stages\":{\"STAGING\":{\"gates\":[],\"approval\":true}}}";
        assertThat(server.send(Role.APPROVER, "PUT", V1 + "models/churn/policy", policy).status()).isEqualTo(403);
        TestServer.Answer stored = server.send(Role.ADMIN, "PUT", V1 + "models/churn/policy", policy);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(server.lifecycle.models().model("churn").policy().approvalRequired(Stage.STAGING)).isTrue();
        assertThat(server.send(Role.READER, "GET", V1 + "models/churn/policy", null).json()
                .at("/stages/STAGING/approval").asBoolean()).isTrue();
        assertThat(server.send(Role.READER, "GET", V1 + "models/churn/policy/history", null).json()).hasSize(1);
        TestServer.Answer bad = server.send(Role.ADMIN, "PUT", V1 + "models/churn/policy", "{\"stages\":7}");
        assertThat(bad.status()).isEqualTo(400);

        // a direct move, through our API or MLflow's, is refused
        TestServer.Answer direct = server.send(Role.APPROVER, "POST", "/api/2.0/mlflow/model-versions/transition-stage",
                "{\"name\":\"churn\",\"version\":\"1\",\"stage\":\"Staging\",\"archive_existing_versions\":false}");
        assertThat(direct.status()).isEqualTo(400);
        assertThat(server.lifecycle.models().version("churn", 1).stage()).isEqualTo(Stage.DEVELOPMENT);

        JsonNode request = server.send(Role.WRITER, "POST", V1 + "models/churn/versions/1/requests",
                "{\"stage\":\"STAGING\",\"reason\":\"ready\"}").json();
        String id = request.path("id").asText();
        assertThat(id).isNotEmpty();
        assertThat(server.send(Role.READER, "GET", V1 + "models/churn/requests", null).json()).hasSize(1);
        JsonNode moved = server.send(Role.APPROVER, "POST", V1 + "requests/" + id + "/approve", "{\"reason\":\"ok\"}")
                .json();
        assertThat(moved.path("stage").asText()).isEqualTo("STAGING");
        assertThat(server.lifecycle.models().version("churn", 1).stage()).isEqualTo(Stage.STAGING);
        assertThat(server.lifecycle.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("the requester cannot approve their own request: 403")
    void selfApproval() {
        server.send(Role.ADMIN, "PUT", V1 + "models/churn/policy", "{\"stages\":{\"STAGING\":{\"gates\":[],"
                + "\"approval\":true}}}");
        String id = server.send(Role.APPROVER, "POST", V1 + "models/churn/versions/1/requests",
                "{\"stage\":\"STAGING\"}").json().path("id").asText();
        TestServer.Answer self = server.send(Role.APPROVER, "POST", V1 + "requests/" + id + "/approve", "{}");
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.errorCode()).isEqualTo("PERMISSION_DENIED");
        assertThat(server.lifecycle.models().version("churn", 1).stage()).isEqualTo(Stage.DEVELOPMENT);
        assertThat(server.send(Role.WRITER, "POST", V1 + "requests/" + id + "/approve", "{}").status()).isEqualTo(403);
        assertThat(server.send(Role.ADMIN, "POST", V1 + "requests/" + id + "/approve", "{}").status()).isEqualTo(200);
        assertThat(server.lifecycle.models().version("churn", 1).stage()).isEqualTo(Stage.STAGING);
    }
}
