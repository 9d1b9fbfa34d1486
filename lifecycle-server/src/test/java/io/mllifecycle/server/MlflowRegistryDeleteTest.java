package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.Stage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/**
 * MLflow's registry deletes (registered-models delete and delete-tag, model-versions delete and
 * delete-tag), which MLflow's Java client has no typed methods for: sent as MLflow's clients send them
 * (HTTP DELETE with a JSON body), set up and read back through the real client and our own API.
 */
@DisplayName("registry deletes through MLflow's REST API, audited and governed")
class MlflowRegistryDeleteTest {
    private static final String M = "/api/2.0/mlflow/";
    @TempDir
    Path dir;
    TestServer server;
    MlflowClient writer;

    @BeforeEach
    void start() throws Exception {
        server = newServer();
        writer = server.client(Role.WRITER);
        String exp = writer.createExperiment("churn");
        String runId = writer.createRun(exp).getRunId();
        server.sendBytes(Role.WRITER, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId
                + "/artifacts/model.bin", new byte[] {1, 2, 3}, "application/octet-stream");
        writer.sendPost("registered-models/create", "{\"name\":\"churn-model\",\"tags\":[{\"key\":\"owner\","
                + "\"value\":\"risk\"},{\"key\":\"tier\",\"value\":\"1\"}]}");
        for (int i = 0; i < 2; i++) {
            writer.sendPost("model-versions/create", "{\"name\":\"churn-model\",\"source\":\"mlflow-artifacts:/" + exp
                    + "/" + runId + "/artifacts/model.bin\",\"run_id\":\"" + runId + "\",\"tags\":[{\"key\":\"k\","
                    + "\"value\":\"v\"}]}");
        }
    }

    /** @return the server under test (here over an in-memory store; {@link MlflowClientJdbcTest}: PostgreSQL) */
    TestServer newServer() {
        return new TestServer(dir);
    }

    @AfterEach
    void stop() {
        writer.close();
        server.close();
    }

    private TestServer.Answer delete(Role role, String call, String json) {
        return server.send(role, "DELETE", M + call, json);
    }

    @Test
    @DisplayName("delete-tag on a model and on a version removes the tag, audited with the token's actor")
    void deleteTags() {
        assertThat(delete(Role.WRITER, "registered-models/delete-tag", "{\"name\":\"churn-model\",\"key\":\"tier\"}")
                .status()).isEqualTo(200);
        assertThat(writer.getRegisteredModel("churn-model").getTagsList()).extracting(t -> t.getKey())
                .containsExactly("owner");
        assertThat(delete(Role.WRITER, "model-versions/delete-tag", "{\"name\":\"churn-model\",\"version\":\"1\","
                + "\"key\":\"k\"}").status()).isEqualTo(200);
        assertThat(writer.getModelVersion("churn-model", "1").getTagsList()).isEmpty();
        assertThat(writer.getModelVersion("churn-model", "2").getTagsList()).hasSize(1);
        assertThat(server.lifecycle.audit().events()).filteredOn(e -> e.action().endsWith("tag.delete"))
                .extracting(AuditEvent::action, AuditEvent::actor).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("model.tag.delete", "writer-user"),
                        org.assertj.core.groups.Tuple.tuple("model.version.tag.delete", "writer-user"));
        TestServer.Answer unknown = delete(Role.WRITER, "registered-models/delete-tag", "{\"name\":\"nope\","
                + "\"key\":\"tier\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(delete(Role.WRITER, "model-versions/delete-tag", "{\"name\":\"churn-model\",\"version\":\"9\","
                + "\"key\":\"k\"}").status()).isEqualTo(404);
        assertThat(delete(Role.WRITER, "model-versions/delete-tag", "{\"name\":\"churn-model\",\"version\":\"1\"}")
                .errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(delete(Role.READER, "registered-models/delete-tag", "{\"name\":\"churn-model\",\"key\":\"owner\"}")
                .status()).isEqualTo(403);
    }

    @Test
    @DisplayName("model-versions/delete removes the version through the registry; PRODUCTION or an alias is a 409")
    void deleteVersion() {
        server.lifecycle.models().version("churn-model", 1).promote(Stage.STAGING).promote(Stage.PRODUCTION);
        TestServer.Answer production = delete(Role.APPROVER, "model-versions/delete",
                "{\"name\":\"churn-model\",\"version\":\"1\"}");
        assertThat(production.status()).isEqualTo(409);
        assertThat(production.errorCode()).isEqualTo("RESOURCE_CONFLICT");
        assertThat(production.json().path("message").asText()).contains("PRODUCTION");
        server.lifecycle.models().model("churn-model").setAlias("challenger", 2);
        TestServer.Answer aliased = delete(Role.APPROVER, "model-versions/delete",
                "{\"name\":\"churn-model\",\"version\":\"2\"}");
        assertThat(aliased.status()).isEqualTo(409);
        assertThat(aliased.json().path("message").asText()).contains("challenger");
        assertThat(server.lifecycle.models().model("churn-model").versions()).hasSize(2);
        assertThat(delete(Role.WRITER, "model-versions/delete", "{\"name\":\"churn-model\",\"version\":\"2\"}")
                .status()).as("deleting needs the approver role").isEqualTo(403);

        server.lifecycle.models().model("churn-model").removeAlias("challenger", 2);
        assertThat(delete(Role.APPROVER, "model-versions/delete", "{\"name\":\"churn-model\",\"version\":\"2\"}")
                .status()).isEqualTo(200);
        assertThatThrownBy(() -> writer.getModelVersion("churn-model", "2")).isInstanceOf(MlflowHttpException.class)
                .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(404));
        assertThat(server.lifecycle.models().model("churn-model").versions()).extracting(v -> v.version())
                .containsExactly(1);
        assertThat(server.lifecycle.audit().eventsFor("churn-model/2")).filteredOn(e -> e.action()
                .equals("model.version.delete")).singleElement().satisfies(e -> assertThat(e.actor())
                .isEqualTo("approver-user"));
        assertThat(delete(Role.APPROVER, "model-versions/delete", "{\"name\":\"churn-model\",\"version\":\"2\"}")
                .status()).isEqualTo(404);
    }

    @Test
    @DisplayName("registered-models/delete removes the model with its versions; with an alias it is a 409")
    void deleteModel() {
        server.lifecycle.models().model("churn-model").setAlias("champion", 1);
        TestServer.Answer refused = delete(Role.APPROVER, "registered-models/delete", "{\"name\":\"churn-model\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("message").asText()).contains("champion");
        assertThat(writer.getRegisteredModel("churn-model").getName()).isEqualTo("churn-model");
        server.lifecycle.models().model("churn-model").removeAlias("champion", 1);
        assertThat(delete(Role.APPROVER, "registered-models/delete", "{\"name\":\"churn-model\"}").status())
                .isEqualTo(200);
        assertThatThrownBy(() -> writer.getRegisteredModel("churn-model")).isInstanceOf(MlflowHttpException.class)
                .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(404));
        assertThat(server.lifecycle.store().registry().findModel("churn-model")).isEmpty();
        assertThat(server.lifecycle.audit().eventsFor("churn-model")).filteredOn(e -> e.action().equals("model.delete"))
                .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("approver-user"));
        assertThat(delete(Role.APPROVER, "registered-models/delete", "{\"name\":\"churn-model\"}").status())
                .isEqualTo(404);
        TestServer.Answer again = server.send(Role.WRITER, "POST", M + "registered-models/create",
                "{\"name\":\"churn-model\"}");
        assertThat(again.status()).as("a deleted model's name is not given again").isEqualTo(400);
    }
}
