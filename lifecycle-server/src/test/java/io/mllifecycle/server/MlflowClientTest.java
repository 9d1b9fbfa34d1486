package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mllifecycle.gate.GatePolicy;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;

/** Every supported MLflow call through the real {@code org.mlflow:mlflow-client}, checked through our Java API. */
class MlflowClientTest {
    private static final String M = "/api/2.0/mlflow/";
    @TempDir
    Path dir;
    TestServer server;
    MlflowClient writer;
    MlflowClient approver;

    @BeforeEach
    void start() {
        server = newServer(b -> b.gatePolicy(GatePolicy.builder()
                .require(Stage.PRODUCTION, Gates.metric("auc").atLeast(0.9)).build()));
        writer = server.client(Role.WRITER);
        approver = server.client(Role.APPROVER);
    }

    /** @return the server under test (here over an in-memory store; {@link MlflowClientJdbcTest}: PostgreSQL) */
    TestServer newServer(java.util.function.Consumer<LifecycleServer.Builder> settings) {
        return new TestServer(dir, settings);
    }

    @AfterEach
    void stop() {
        writer.close();
        approver.close();
        server.close();
    }

    @Test
    @DisplayName("experiments: create, get, get-by-name, search, set-tag, delete and restore")
    void experiments() {
        String id = writer.createExperiment("churn");
        assertThat(server.lifecycle.store().tracking().getExperiment(id).name()).isEqualTo("churn");
        assertThat(writer.getExperiment(id).getName()).isEqualTo("churn");
        assertThat(writer.getExperiment(id).getLifecycleStage()).isEqualTo("active");
        assertThat(writer.getExperimentByName("churn")).map(Service.Experiment::getExperimentId).contains(id);
        assertThat(server.send(Role.READER, "GET", M + "experiments/get-by-name?experiment_name=nope", null).status())
                .isEqualTo(404);
        writer.createExperiment("fraud");
        assertThat(writer.searchExperiments().getItems()).extracting(Service.Experiment::getName)
                .containsExactly("churn", "fraud");
        assertThat(writer.searchExperiments("name = 'fraud'").getItems()).hasSize(1);
        assertThat(writer.searchExperiments("name LIKE 'ch%'").getItems()).extracting(Service.Experiment::getName)
                .containsExactly("churn");
        writer.setExperimentTag(id, "team", "risk");
        assertThat(server.lifecycle.store().tracking().getExperiment(id).tags()).containsEntry("team", "risk");

        TestServer.Answer dup = server.send(Role.WRITER, "POST", M + "experiments/create", "{\"name\":\"churn\"}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.errorCode()).isEqualTo("RESOURCE_ALREADY_EXISTS");
        writer.deleteExperiment(id);
        assertThat(server.lifecycle.store().tracking().getExperiment(id).deletedAt()).isNotNull();
        assertThat(server.lifecycle.experiments()).extracting(e -> e.name()).containsExactly("fraud");
        assertThat(server.lifecycle.audit().eventsFor("churn")).extracting(AuditEvent::action, AuditEvent::actor)
                .contains(org.assertj.core.groups.Tuple.tuple("experiment.delete", "writer-user"));
        assertThat(writer.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        assertThat(writer.searchExperiments().getItems()).extracting(Service.Experiment::getName)
                .containsExactly("fraud");
        assertThat(writer.searchExperiments("", Service.ViewType.DELETED_ONLY, 10, List.of()).getItems())
                .extracting(Service.Experiment::getName).containsExactly("churn");
        assertThat(writer.searchExperiments("", Service.ViewType.ALL, 10, List.of()).getItems())
                .extracting(Service.Experiment::getName).containsExactly("churn", "fraud");
        TestServer.Answer runInDeleted = server.send(Role.WRITER, "POST", M + "runs/create",
                "{\"experiment_id\":\"" + id + "\"}");
        assertThat(runInDeleted.status()).isEqualTo(400);
        TestServer.Answer again = server.send(Role.WRITER, "POST", M + "experiments/delete",
                "{\"experiment_id\":\"" + id + "\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(again.json().path("message").asText()).contains("already deleted");
        TestServer.Answer readerDeletes = server.send(Role.READER, "POST", M + "experiments/restore",
                "{\"experiment_id\":\"" + id + "\"}");
        assertThat(readerDeletes.status()).isEqualTo(403);
        writer.restoreExperiment(id);
        assertThat(server.lifecycle.store().tracking().getExperiment(id).deletedAt()).isNull();
        assertThat(writer.getExperiment(id).getLifecycleStage()).isEqualTo("active");
        TestServer.Answer missing = server.send(Role.READER, "GET", M + "experiments/get?experiment_id=no-such", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        // renaming: answered by the one place for unsupported calls
        TestServer.Answer rename = server.send(Role.WRITER, "POST", M + "experiments/update",
                "{\"experiment_id\":\"" + id + "\",\"new_name\":\"other\"}");
        assertThat(rename.status()).isEqualTo(501);
        assertThat(rename.errorCode()).isEqualTo("NOT_IMPLEMENTED");
        assertThat(server.lifecycle.store().tracking().getExperiment(id).name()).isEqualTo("churn");
    }

    @Test
    @DisplayName("runs: create, log-metric, log-parameter, set-tag, delete-tag, log-batch, get, history, update, search")
    void runs() {
        String exp = writer.createExperiment("churn");
        Service.RunInfo info = writer.createRun(Service.CreateRun.newBuilder().setExperimentId(exp)
                .setRunName("depth-6").setUserId("somebody-else").setStartTime(1_700_000_000_000L)
                .addTags(Service.RunTag.newBuilder().setKey("team").setValue("risk")).build());
        String runId = info.getRunId();
        assertThat(info.getRunName()).isEqualTo("depth-6");
        assertThat(info.getUserId()).isEqualTo("writer-user");
        assertThat(info.getStatus()).isEqualTo(Service.RunStatus.RUNNING);

        writer.logParam(runId, "depth", "6");
        writer.logMetric(runId, "loss", 0.5, 1_700_000_001_000L, 1);
        writer.logMetric(runId, "loss", 0.3, 1_700_000_002_000L, 2);
        writer.setTag(runId, "stage", "tuning");
        writer.setTag(runId, "tmp", "x");
        writer.deleteTag(runId, "tmp");
        writer.logBatch(runId,
                List.of(Service.Metric.newBuilder().setKey("auc").setValue(0.91).setTimestamp(1_700_000_003_000L)
                        .setStep(2).build()),
                List.of(Service.Param.newBuilder().setKey("lr").setValue("0.1").build()),
                List.of(Service.RunTag.newBuilder().setKey("batch").setValue("yes").build()));

        RunRecord stored = server.lifecycle.run(runId);
        assertThat(stored.params()).containsEntry("depth", "6").containsEntry("lr", "0.1");
        assertThat(stored.tags()).containsEntry("stage", "tuning").containsEntry("batch", "yes")
                .containsEntry("team", "risk").containsEntry("mlflow.user", "writer-user").doesNotContainKey("tmp");
        assertThat(server.lifecycle.store().tracking().metricHistory(runId, "loss", Long.MIN_VALUE, Long.MAX_VALUE))
                .extracting(MetricPoint::value).containsExactly(0.5, 0.3);
        assertThat(stored.latestMetrics().get("auc").value()).isEqualTo(0.91);

        Service.Run run = writer.getRun(runId);
        assertThat(run.getData().getParamsList()).extracting(Service.Param::getKey).containsExactly("depth", "lr");
        assertThat(run.getData().getMetricsList()).extracting(Service.Metric::getKey).containsExactly("auc", "loss");
        assertThat(writer.getMetricHistory(runId, "loss")).extracting(Service.Metric::getStep).containsExactly(1L, 2L);

        // a param is write-once
        TestServer.Answer changed = server.send(Role.WRITER, "POST", M + "runs/log-parameter",
                "{\"run_id\":\"" + runId + "\",\"key\":\"depth\",\"value\":\"7\"}");
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(server.lifecycle.run(runId).params()).containsEntry("depth", "6");

        String other = writer.createRun(exp).getRunId();
        writer.logMetric(other, "auc", 0.7);
        assertThat(search(exp, "metrics.auc > 0.8")).extracting(Service.RunInfo::getRunId)
                .containsExactly(runId);
        assertThat(search(exp, "params.depth = '6' and tags.team = 'risk'")).extracting(Service.RunInfo::getRunId).containsExactly(runId);
        assertThat(writer.searchRuns(List.of(exp), "", Service.ViewType.ACTIVE_ONLY, 10, List.of("metrics.auc DESC"))
                .getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(runId, other);
        Service.Run firstPage = writer.searchRuns(List.of(exp), "", Service.ViewType.ACTIVE_ONLY, 1).getItems().get(0);
        assertThat(writer.searchRuns(List.of(exp), "", Service.ViewType.ACTIVE_ONLY, 1).hasNextPage()).isTrue();
        assertThat(firstPage.getInfo().getRunId()).isIn(runId, other);

        writer.setTerminated(runId, Service.RunStatus.FINISHED, 1_700_000_009_000L);
        assertThat(server.lifecycle.run(runId).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(server.lifecycle.run(runId).endTime().toEpochMilli()).isEqualTo(1_700_000_009_000L);
        assertThat(search(exp, "attributes.status = 'FINISHED'")).extracting(Service.RunInfo::getRunId).containsExactly(runId);

        // delete and restore of runs, with the view types of runs/search
        writer.deleteRun(runId);
        assertThat(server.lifecycle.run(runId).deletedAt()).isNotNull();
        assertThat(writer.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("deleted");
        assertThat(server.lifecycle.audit().eventsFor(runId)).extracting(AuditEvent::action, AuditEvent::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("run.delete", "writer-user"));
        assertThat(search(exp, "")).extracting(Service.RunInfo::getRunId).containsExactly(other);
        assertThat(writer.searchRuns(List.of(exp), "", Service.ViewType.DELETED_ONLY, 10).getItems())
                .extracting(r -> r.getInfo().getRunId()).containsExactly(runId);
        assertThat(writer.searchRuns(List.of(exp), "", Service.ViewType.ALL, 10).getItems())
                .extracting(r -> r.getInfo().getRunId()).containsExactlyInAnyOrder(runId, other);
        TestServer.Answer twice = server.send(Role.WRITER, "POST", M + "runs/delete", "{\"run_id\":\"" + runId + "\"}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        TestServer.Answer unknown = server.send(Role.WRITER, "POST", M + "runs/delete", "{\"run_id\":\"no-such\"}");
        assertThat(unknown.status()).isEqualTo(404);
        TestServer.Answer badView = server.send(Role.READER, "POST", M + "runs/search",
                "{\"experiment_ids\":[\"" + exp + "\"],\"run_view_type\":\"SOME\"}");
        assertThat(badView.status()).isEqualTo(400);
        writer.restoreRun(runId);
        assertThat(server.lifecycle.run(runId).deletedAt()).isNull();
        assertThat(search(exp, "")).extracting(Service.RunInfo::getRunId).containsExactlyInAnyOrder(runId, other);
        TestServer.Answer notDeleted = server.send(Role.WRITER, "POST", M + "runs/restore",
                "{\"run_id\":\"" + runId + "\"}");
        assertThat(notDeleted.status()).isEqualTo(400);
        assertThat(notDeleted.json().path("message").asText()).contains("not deleted");
    }

    private List<Service.RunInfo> search(String exp, String filter) {
        return writer.searchRuns(List.of(exp), filter, Service.ViewType.ACTIVE_ONLY, 1000).getItems().stream()
                .map(Service.Run::getInfo).toList();
    }

    @Test
    @DisplayName("createRun() without an experiment logs into experiment 0, the one named Default")
    void defaultExperiment() {
        Service.RunInfo info = writer.createRun();
        RunRecord run = server.lifecycle.run(info.getRunId());
        assertThat(server.lifecycle.store().tracking().getExperiment(run.experimentId()).name()).isEqualTo("Default");
        assertThat(writer.searchRuns(List.of("0"), "", Service.ViewType.ACTIVE_ONLY, 10).getItems()).hasSize(1);
        assertThat(writer.getExperiment("0").getName()).isEqualTo("Default");
    }

    @Test
    @DisplayName("log-inputs records the dataset with its role")
    void logInputs() throws Exception {
        String exp = writer.createExperiment("churn");
        String runId = writer.createRun(exp).getRunId();
        writer.sendPost("runs/log-inputs", "{\"run_id\":\"" + runId + "\",\"datasets\":[{\"tags\":[{\"key\":"
                + "\"mlflow.data.context\",\"value\":\"validation\"}],\"dataset\":{\"name\":\"customers\",\"digest\":"
                + "\"abc123\",\"source_type\":\"local\",\"source\":\"file:///data/c.csv\",\"schema\":"
                + "\"{\\\"mlflow_colspec\\\":[{\\\"type\\\":\\\"double\\\",\\\"name\\\":\\\"age\\\"},"
                + "{\\\"type\\\":\\\"string\\\",\\\"name\\\":\\\"plan\\\"}]}\",\"profile\":\"{\\\"num_rows\\\":42}\"}}]}");
        RunRecord run = server.lifecycle.run(runId);
        assertThat(run.inputs()).hasSize(1);
        assertThat(run.inputs().get(0).datasetName()).isEqualTo("customers");
        assertThat(run.inputs().get(0).role()).isEqualTo(DatasetRole.VALIDATION);
        var ds = server.lifecycle.store().tracking().getDataset("customers", run.inputs().get(0).datasetDigest());
        assertThat(ds.rowCount()).isEqualTo(42);
        assertThat(ds.sourceUri()).isEqualTo("file:///data/c.csv");
        assertThat(ds.schema()).containsKeys("age", "plan");
        assertThat(writer.getRun(runId).getInputs().getDatasetInputsList()).hasSize(1);
    }

    @Test
    @DisplayName("artifacts: PUT, GET and list through mlflow-artifacts, content-addressed underneath")
    void artifacts() {
        String exp = writer.createExperiment("churn");
        String runId = writer.createRun(exp).getRunId();
        String base = "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId + "/artifacts/";
        byte[] bytes = "model-bytes".getBytes(StandardCharsets.UTF_8);
        assertThat(server.sendBytes(Role.WRITER, "PUT", base + "model/model.pkl", bytes, "application/octet-stream")
                .status()).isEqualTo(200);
        assertThat(server.sendBytes(Role.WRITER, "PUT", base + "model/MLmodel", "flavors: {}".getBytes(
                StandardCharsets.UTF_8), "text/plain").status()).isEqualTo(200);
        assertThat(server.sendBytes(Role.WRITER, "PUT", base + "notes.txt", bytes, "text/plain").status())
                .isEqualTo(200);
        RunRecord run = server.lifecycle.run(runId);
        assertThat(run.artifacts()).containsKeys("model/model.pkl", "model/MLmodel", "notes.txt");
        // the same bytes are stored once
        assertThat(run.artifacts().get("model/model.pkl")).isEqualTo(run.artifacts().get("notes.txt"));
        assertThat(server.send(Role.READER, "GET", base + "model/model.pkl", null).body()).isEqualTo("model-bytes");
        JsonNode list = server.send(Role.READER, "GET", "/api/2.0/mlflow-artifacts/artifacts?path=" + exp + "/" + runId
                + "/artifacts", null).json();
        assertThat(list.path("files").toString()).contains("\"path\":\"model\",\"is_dir\":true")
                .contains("\"path\":\"notes.txt\",\"is_dir\":false,\"file_size\":11");
        JsonNode sub = server.send(Role.READER, "GET", "/api/2.0/mlflow-artifacts/artifacts?path=" + exp + "/" + runId
                + "/artifacts/model", null).json();
        assertThat(sub.path("files").findValuesAsText("path")).containsExactly("model/MLmodel", "model/model.pkl");
        assertThat(server.send(Role.READER, "GET", base + "missing.bin", null).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("registry: models, versions, tags, aliases, latest versions, download URI and gated transitions")
    void registry() throws Exception {
        String exp = writer.createExperiment("churn");
        String runId = writer.createRun(exp).getRunId();
        writer.logMetric(runId, "auc", 0.8);
        String base = "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId + "/artifacts/";
        server.sendBytes(Role.WRITER, "PUT", base + "model.bin", new byte[] {1, 2, 3}, "application/octet-stream");

        writer.sendPost("registered-models/create", "{\"name\":\"churn-model\",\"description\":\"d\","
                + "\"tags\":[{\"key\":\"owner\",\"value\":\"risk\"}]}");
        assertThat(server.lifecycle.models().model("churn-model").record().tags()).containsEntry("owner", "risk");
        ModelRegistry.RegisteredModel got = writer.getRegisteredModel("churn-model");
        assertThat(got.getDescription()).isEqualTo("d");

        String created = writer.sendPost("model-versions/create", "{\"name\":\"churn-model\",\"source\":"
                + "\"mlflow-artifacts:/" + exp + "/" + runId + "/artifacts/model.bin\",\"run_id\":\"" + runId + "\"}");
        assertThat(Json.MAPPER.readTree(created).at("/model_version/version").asText()).isEqualTo("1");
        ModelVersionRecord v1 = server.lifecycle.models().version("churn-model", 1).record();
        assertThat(v1.sourceRunId()).isEqualTo(runId);
        assertThat(v1.stageHistory().get(0).actor()).isEqualTo("writer-user");

        ModelRegistry.ModelVersion mv = writer.getModelVersion("churn-model", "1");
        assertThat(mv.getCurrentStage()).isEqualTo("None");
        assertThat(mv.getRunId()).isEqualTo(runId);
        assertThat(writer.getModelVersionDownloadUri("churn-model", "1"))
                .isEqualTo("mlflow-artifacts:/" + exp + "/" + runId + "/artifacts/model.bin");
        assertThat(writer.searchModelVersions("name = 'churn-model'").getItems()).hasSize(1);
        assertThat(writer.searchModelVersions("run_id = '" + runId + "'").getItems()).hasSize(1);
        writer.sendPost("registered-models/set-tag", "{\"name\":\"churn-model\",\"key\":\"tier\",\"value\":\"1\"}");
        assertThat(server.lifecycle.models().model("churn-model").record().tags()).containsEntry("tier", "1");
        writer.sendPatch("registered-models/update", "{\"name\":\"churn-model\",\"description\":\"new\"}");
        assertThat(server.lifecycle.models().model("churn-model").record().description()).isEqualTo("new");
        writer.sendPost("model-versions/set-tag", "{\"name\":\"churn-model\",\"version\":\"1\",\"key\":\"k\","
                + "\"value\":\"v\"}");
        writer.sendPatch("model-versions/update", "{\"name\":\"churn-model\",\"version\":\"1\",\"description\":\"v1\"}");
        assertThat(server.lifecycle.models().version("churn-model", 1).record().tags()).containsEntry("k", "v");
        assertThat(server.lifecycle.models().version("churn-model", 1).record().description()).isEqualTo("v1");
        String search = writer.sendGet("registered-models/search?filter=name%20LIKE%20%27churn%25%27");
        assertThat(Json.MAPPER.readTree(search).path("registered_models")).hasSize(1);

        // stages through the stage machine and the gate policy
        approver.sendPost("model-versions/transition-stage", "{\"name\":\"churn-model\",\"version\":\"1\","
                + "\"stage\":\"Staging\",\"archive_existing_versions\":false}");
        assertThat(server.lifecycle.models().version("churn-model", 1).stage()).isEqualTo(Stage.STAGING);
        assertThat(server.lifecycle.audit().events()).filteredOn(e -> e.action().equals("model.version.transition"))
                .extracting(AuditEvent::actor).containsExactly("approver-user");
        TestServer.Answer refused = server.send(Role.APPROVER, "POST", M + "model-versions/transition-stage",
                "{\"name\":\"churn-model\",\"version\":\"1\",\"stage\":\"Production\","
                + "\"archive_existing_versions\":false}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(refused.json().path("message").asText()).contains("metric 'auc' was 0.8");
        assertThat(refused.json().at("/gate_report/results/0/passed").asBoolean(true)).isFalse();
        assertThat(server.lifecycle.models().version("churn-model", 1).stage()).isEqualTo(Stage.STAGING);
        assertThat(server.lifecycle.models().version("churn-model", 1).record().gateReports()).hasSize(1);
        assertThat(server.send(Role.APPROVER, "POST", M + "model-versions/transition-stage",
                "{\"name\":\"churn-model\",\"version\":\"1\",\"stage\":\"Limbo\","
                + "\"archive_existing_versions\":false}").errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");

        // aliases: set, get, delete
        approver.sendPost("registered-models/alias", "{\"name\":\"churn-model\",\"alias\":\"champion\","
                + "\"version\":\"1\"}");
        assertThat(server.lifecycle.models().resolve("churn-model@champion").version()).isEqualTo(1);
        String byAlias = writer.sendGet("registered-models/alias?name=churn-model&alias=champion");
        assertThat(Json.MAPPER.readTree(byAlias).at("/model_version/aliases/0").asText()).isEqualTo("champion");
        assertThat(writer.getRegisteredModel("churn-model").getAliasesList()).hasSize(1);
        assertThat(writer.getLatestVersions("churn-model", List.of("Staging"))).extracting(
                ModelRegistry.ModelVersion::getVersion).containsExactly("1");
        assertThat(writer.getLatestVersions("churn-model", List.of("Production"))).isEmpty();
        var deleted = server.send(Role.APPROVER, "DELETE", "/api/2.0/mlflow/registered-models/alias",
                "{\"name\":\"churn-model\",\"alias\":\"champion\"}");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(server.lifecycle.models().model("churn-model").record().aliases()).isEmpty();
        assertThat(Optional.of(server.send(Role.READER, "GET",
                "/api/2.0/mlflow/registered-models/alias?name=churn-model&alias=champion", null))
                .map(TestServer.Answer::status)).contains(404);
    }
}
