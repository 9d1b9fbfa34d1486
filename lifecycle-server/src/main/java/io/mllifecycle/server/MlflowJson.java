package io.mllifecycle.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.TrackingStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Our records in MLflow's JSON shapes, field for field as MLflow 2.17's {@code service.proto} and
 * {@code model_registry.proto} name them (times in epoch milliseconds, versions as strings).
 */
final class MlflowJson {
    /** The tag MLflow clients read the user of a run from. */
    static final String USER_TAG = "mlflow.user";

    private MlflowJson() {}

    static String artifactRoot(String experimentId, String runId) {
        return "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts";
    }

    static ObjectNode experiment(ExperimentRecord e) {
        ObjectNode n = Json.object();
        n.put("experiment_id", e.id()).put("name", e.name()).put("artifact_location", "mlflow-artifacts:/" + e.id())
                .put("lifecycle_stage", e.deleted() ? "deleted" : "active")
                .put("last_update_time", ms(e.createdAt())).put("creation_time", ms(e.createdAt()));
        n.set("tags", Json.keyValues(e.tags()));
        return n;
    }

    static ObjectNode runInfo(RunRecord r) {
        ObjectNode n = Json.object();
        n.put("run_id", r.id()).put("run_uuid", r.id()).put("run_name", r.name()).put("experiment_id", r.experimentId())
                .put("user_id", r.tags().getOrDefault(USER_TAG, "")).put("status", r.status().name())
                .put("start_time", ms(r.startTime()));
        if (r.endTime() != null) {
            n.put("end_time", ms(r.endTime()));
        }
        n.put("artifact_uri", artifactRoot(r.experimentId(), r.id()))
                .put("lifecycle_stage", r.deleted() ? "deleted" : "active");
        return n;
    }

    static ObjectNode run(RunRecord r, TrackingStore tracking) {
        ObjectNode n = Json.object();
        n.set("info", runInfo(r));
        ObjectNode data = n.putObject("data");
        ArrayNode metrics = data.putArray("metrics");
        r.latestMetrics().values().forEach(p -> metrics.add(metric(p)));
        data.set("params", Json.keyValues(r.params()));
        data.set("tags", Json.keyValues(r.tags()));
        ObjectNode inputs = n.putObject("inputs");
        ArrayNode datasets = inputs.putArray("dataset_inputs");
        for (RunInput in : r.inputs()) {
            ObjectNode di = datasets.addObject();
            di.putArray("tags").addObject().put("key", "mlflow.data.context")
                    .put("value", in.role().name().toLowerCase(java.util.Locale.ROOT));
            ObjectNode d = di.putObject("dataset");
            d.put("name", in.datasetName()).put("digest", in.datasetDigest());
            String source = "";
            try {
                source = tracking.getDataset(in.datasetName(), in.datasetDigest()).sourceUri();
            } catch (io.mllifecycle.store.NotFoundException gone) {
                // an input whose dataset record is gone still shows its name and digest
            }
            d.put("source_type", "lifecycle").put("source", source);
        }
        return n;
    }

    static ObjectNode metric(MetricPoint p) {
        return Json.object().put("key", p.key()).put("value", p.value()).put("timestamp", ms(p.timestamp()))
                .put("step", p.step());
    }

    static ObjectNode registeredModel(RegisteredModelRecord m, List<ModelVersionRecord> versions,
                                      java.util.function.Function<ModelVersionRecord, String> source) {
        ObjectNode n = Json.object();
        n.put("name", m.name()).put("creation_timestamp", ms(m.createdAt()));
        long updated = ms(m.createdAt());
        for (ModelVersionRecord v : versions) {
            updated = Math.max(updated, lastUpdated(v));
        }
        n.put("last_updated_timestamp", updated).put("description", m.description());
        ArrayNode latest = n.putArray("latest_versions");
        for (ModelVersionRecord v : latestPerStage(versions, null)) {
            latest.add(version(v, m, source.apply(v)));
        }
        n.set("tags", Json.keyValues(m.tags()));
        ArrayNode aliases = n.putArray("aliases");
        m.aliases().forEach((a, v) -> aliases.addObject().put("alias", a).put("version", Integer.toString(v)));
        return n;
    }

    /** @return the newest version in each MLflow stage (of {@code stages}, or all when null), by stage order */
    static List<ModelVersionRecord> latestPerStage(List<ModelVersionRecord> versions, List<String> stages) {
        Map<String, ModelVersionRecord> latest = new java.util.TreeMap<>();
        for (ModelVersionRecord v : versions) {
            String stage = StageNames.toMlflow(v.stage());
            if (stages == null || stages.stream().anyMatch(s -> s.equalsIgnoreCase(stage))) {
                ModelVersionRecord prior = latest.get(stage);
                if (prior == null || prior.version() < v.version()) {
                    latest.put(stage, v);
                }
            }
        }
        return latest.values().stream().sorted(java.util.Comparator.comparingInt(ModelVersionRecord::version)).toList();
    }

    static ObjectNode version(ModelVersionRecord v, RegisteredModelRecord model, String source) {
        ObjectNode n = Json.object();
        List<StageChange> history = v.stageHistory();
        String user = history.isEmpty() ? "" : history.get(0).actor();
        n.put("name", v.modelName()).put("version", Integer.toString(v.version()))
                .put("creation_timestamp", ms(v.createdAt())).put("last_updated_timestamp", lastUpdated(v))
                .put("user_id", user).put("current_stage", StageNames.toMlflow(v.stage()))
                .put("description", v.description())
                .put("source", source)
                .put("run_id", v.sourceRunId() == null ? "" : v.sourceRunId())
                .put("status", "READY");
        n.set("tags", Json.keyValues(v.tags()));
        n.put("run_link", "");
        ArrayNode aliases = n.putArray("aliases");
        model.aliases().forEach((a, num) -> {
            if (num == v.version()) {
                aliases.add(a);
            }
        });
        return n;
    }

    static long lastUpdated(ModelVersionRecord v) {
        long t = ms(v.createdAt());
        for (StageChange c : v.stageHistory()) {
            t = Math.max(t, ms(c.at()));
        }
        return t;
    }

    static long ms(Instant t) {
        return t.toEpochMilli();
    }
}
