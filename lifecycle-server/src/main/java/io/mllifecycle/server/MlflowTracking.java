package io.mllifecycle.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.store.ColumnType;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.store.spi.Digests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** MLflow tracking endpoints ({@code /api/2.0/mlflow/experiments/*}, {@code runs/*}, {@code metrics/*}). */
final class MlflowTracking {
    /** MLflow's limits on one log-batch request. */
    static final int MAX_BATCH_METRICS = 1000;
    static final int MAX_BATCH_PARAMS = 100;
    static final int MAX_BATCH_TAGS = 100;

    private final Clock clock;

    MlflowTracking(Clock clock) {
        this.clock = clock;
    }

    void register(Router r, String base) {
        r.add("POST", base + "/experiments/create", Role.WRITER, this::createExperiment);
        r.add("GET", base + "/experiments/get", Role.READER, this::getExperiment);
        r.add("GET", base + "/experiments/get-by-name", Role.READER, this::getExperimentByName);
        r.add("POST", base + "/experiments/search", Role.READER, this::searchExperiments);
        r.add("GET", base + "/experiments/search", Role.READER, this::searchExperiments);
        r.add("POST", base + "/experiments/update", Role.WRITER, this::updateExperiment);
        r.add("POST", base + "/experiments/delete", Role.WRITER, c -> deleteExperiment(c, true));
        r.add("POST", base + "/experiments/restore", Role.WRITER, c -> deleteExperiment(c, false));
        r.add("POST", base + "/experiments/set-experiment-tag", Role.WRITER, this::setExperimentTag);
        r.add("POST", base + "/runs/create", Role.WRITER, this::createRun);
        r.add("GET", base + "/runs/get", Role.READER, this::getRun);
        r.add("POST", base + "/runs/update", Role.WRITER, this::updateRun);
        r.add("POST", base + "/runs/delete", Role.WRITER, c -> deleteRun(c, true));
        r.add("POST", base + "/runs/restore", Role.WRITER, c -> deleteRun(c, false));
        r.add("POST", base + "/runs/search", Role.READER, this::searchRuns);
        r.add("POST", base + "/runs/log-metric", Role.WRITER, this::logMetric);
        r.add("POST", base + "/runs/log-parameter", Role.WRITER, this::logParam);
        r.add("POST", base + "/runs/set-tag", Role.WRITER, this::setTag);
        r.add("POST", base + "/runs/delete-tag", Role.WRITER, this::deleteTag);
        r.add("POST", base + "/runs/log-batch", Role.WRITER, this::logBatch);
        r.add("POST", base + "/runs/log-inputs", Role.WRITER, this::logInputs);
        r.add("GET", base + "/metrics/get-history", Role.READER, this::metricHistory);
    }

    /** @return MLflow's view type named {@code value} (null: ACTIVE_ONLY) @throws ApiException for another value */
    private static ViewType viewType(String value, String parameter) {
        if (value == null) {
            return ViewType.ACTIVE_ONLY;
        }
        try {
            return ViewType.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Invalid value '" + value + "' for parameter '" + parameter + "': it must be one"
                    + " of ACTIVE_ONLY, DELETED_ONLY, ALL.");
        }
    }

    private static TrackingStore store(Call c) {
        return c.lifecycle.store().tracking();
    }

    private Object createExperiment(Call c) {
        String name = c.requiredString("name");
        Map<String, String> tags = c.keyValues("tags");
        TrackingStore t = store(c);
        if (t.findExperiment(name).isPresent()) {
            throw new ApiException(ApiException.Code.RESOURCE_ALREADY_EXISTS,
                    "Experiment '" + name + "' already exists.");
        }
        try {
            ExperimentRecord e = t.createExperiment(name, "", tags, clock.instant());
            return Json.object().put("experiment_id", e.id());
        } catch (ConflictException raced) {
            throw new ApiException(ApiException.Code.RESOURCE_ALREADY_EXISTS,
                    "Experiment '" + name + "' already exists.");
        }
    }

    private Object getExperiment(Call c) {
        ObjectNode n = Json.object();
        n.set("experiment", MlflowJson.experiment(experiment(c, c.requiredString("experiment_id"))));
        return n;
    }

    private Object getExperimentByName(Call c) {
        String name = c.requiredString("experiment_name");
        ExperimentRecord e = store(c).findExperiment(name).orElseThrow(() -> ApiException.notFound(
                "Could not find experiment with name '" + name + "'"));
        ObjectNode n = Json.object();
        n.set("experiment", MlflowJson.experiment(e));
        return n;
    }

    private Object searchExperiments(Call c) {
        int max = c.intValue("max_results", 1000, 1, 50_000);
        int offset = Pages.offset(c.string("page_token"));
        String view = c.string("view_type");
        String filter = c.string("filter");
        String nameEquals = null;
        String nameLike = null;
        if (filter != null && !filter.isBlank()) {
            var m = java.util.regex.Pattern.compile("(?i)\\s*(?:attributes\\.)?name\\s*(=|LIKE|ILIKE)\\s*'([^']*)'\\s*")
                    .matcher(filter);
            if (!m.matches()) {
                throw ApiException.invalid("Invalid filter '" + filter + "': lifecycle-server understands"
                        + " name = '…' and name LIKE '…' for experiments.");
            }
            if (m.group(1).equals("=")) {
                nameEquals = m.group(2);
            } else {
                nameLike = m.group(2).toLowerCase(Locale.ROOT);
            }
        }
        List<ExperimentRecord> all = new ArrayList<>();
        ViewType viewType = viewType(view, "view_type");
        for (ExperimentRecord e : store(c).listExperiments(viewType)) {
            boolean nameOk = nameEquals != null ? e.name().equals(nameEquals)
                    : nameLike == null || Pages.like(e.name().toLowerCase(Locale.ROOT), nameLike);
            if (nameOk) {
                all.add(e);
            }
        }
        ObjectNode n = Json.object();
        ArrayNode a = n.putArray("experiments");
        Pages.slice(all, offset, max).forEach(e -> a.add(MlflowJson.experiment(e)));
        Pages.next(n, all.size(), offset, max);
        return n;
    }

    private Object updateExperiment(Call c) {
        ExperimentRecord e = experiment(c, c.requiredString("experiment_id"));
        String newName = c.string("new_name");
        if (newName == null || newName.equals(e.name())) {
            return Json.object();
        }
        throw Unsupported.call(Unsupported.EXPERIMENT_RENAME);
    }

    /**
     * MLflow's soft delete and restore, through the lifecycle (audited, by the token's actor). As MLflow's server,
     * deleting what is deleted or restoring what is not is an {@code INVALID_PARAMETER_VALUE}.
     */
    private Object deleteExperiment(Call c, boolean delete) {
        String name = experiment(c, c.requiredString("experiment_id")).name();
        try {
            if (delete) {
                c.lifecycle.deleteExperiment(name);
            } else {
                c.lifecycle.restoreExperiment(name);
            }
        } catch (ConflictException e) {
            throw ApiException.invalid(e.getMessage());
        }
        return Json.object();
    }

    private Object deleteRun(Call c, boolean delete) {
        String runId = run(c).id();
        try {
            if (delete) {
                c.lifecycle.deleteRun(runId);
            } else {
                c.lifecycle.restoreRun(runId);
            }
        } catch (ConflictException e) {
            throw ApiException.invalid(e.getMessage());
        }
        return Json.object();
    }

    private Object setExperimentTag(Call c) {
        String id = experiment(c, c.requiredString("experiment_id")).id();
        store(c).setExperimentTags(id, Map.of(c.requiredString("key"), requiredValue(c)));
        return Json.object();
    }

    private Object createRun(Call c) {
        String experimentId = experiment(c, c.requiredString("experiment_id")).id();
        Map<String, String> tags = new LinkedHashMap<>(c.keyValues("tags"));
        // the token's actor, never the user_id the request claims
        tags.put(MlflowJson.USER_TAG, c.principal.actor());
        String name = c.string("run_name");
        if (name == null || name.isBlank()) {
            name = tags.getOrDefault("mlflow.runName", "run");
        }
        Long start = c.longValue("start_time");
        String parent = tags.get("mlflow.parentRunId");
        RunRecord run;
        try {
            run = store(c).createRun(new NewRun(experimentId, parent, name, tags,
                    start == null ? clock.instant() : Instant.ofEpochMilli(start), RunSource.unknown()));
        } catch (ConflictException deleted) {
            // as MLflow: a run in a deleted experiment is an invalid parameter, not a conflict
            throw ApiException.invalid(deleted.getMessage());
        }
        ObjectNode n = Json.object();
        n.set("run", MlflowJson.run(run, store(c)));
        return n;
    }

    private Object getRun(Call c) {
        ObjectNode n = Json.object();
        n.set("run", MlflowJson.run(run(c), store(c)));
        return n;
    }

    private Object updateRun(Call c) {
        RunRecord run = run(c);
        String name = c.string("run_name");
        if (name != null && !name.isEmpty() && !name.equals(run.name())) {
            throw Unsupported.call(Unsupported.RUN_RENAME);
        }
        String status = c.string("status");
        if (status != null) {
            RunStatus s;
            try {
                s = RunStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("Invalid value '" + status + "' for parameter 'status': it must be one of"
                        + " RUNNING, FINISHED, FAILED, KILLED.");
            }
            if (s.isTerminal() && run.status() != s) {
                Long end = c.longValue("end_time");
                try {
                    run = store(c).endRun(run.id(), s, end == null ? clock.instant() : Instant.ofEpochMilli(end), null);
                } catch (ConflictException e) {
                    throw ApiException.invalid("The run " + run.id() + " must be in the 'active' state: "
                            + e.getMessage());
                }
            } else if (s == RunStatus.RUNNING && run.status() != RunStatus.RUNNING) {
                throw ApiException.invalid("The run " + run.id() + " has ended (" + run.status()
                        + ") and cannot run again.");
            }
        }
        ObjectNode n = Json.object();
        n.set("run_info", MlflowJson.runInfo(run));
        return n;
    }

    private Object searchRuns(Call c) {
        List<String> experiments = c.stringList("experiment_ids");
        if (experiments.size() != 1) {
            throw ApiException.invalid("Invalid value " + experiments + " for parameter 'experiment_ids':"
                    + " lifecycle-server searches exactly one experiment per request.");
        }
        ViewType view = viewType(c.string("run_view_type"), "run_view_type");
        String experimentId = experiment(c, experiments.get(0)).id();
        int max = c.intValue("max_results", 1000, 1, RunQuery.MAX_PAGE_SIZE);
        RunQuery t = RunSearchTranslator.translate(experimentId, c.string("filter"), c.stringList("order_by"),
                max, c.string("page_token"));
        RunQuery q = new RunQuery(t.experimentIds(), t.filter(), t.orderBy(), t.pageSize(), t.pageToken(), view);
        ObjectNode n = Json.object();
        ArrayNode runs = n.putArray("runs");
        RunPage page = store(c).searchRuns(q);
        page.runs().forEach(r -> runs.add(MlflowJson.run(r, store(c))));
        if (page.nextPageToken() != null) {
            n.put("next_page_token", page.nextPageToken());
        }
        return n;
    }

    private Object logMetric(Call c) {
        String runId = runId(c);
        MetricPoint p = point(c.requiredString("key"), c.requiredDouble("value"), c.requiredLong("timestamp"),
                c.longValue("step"));
        logMetrics(c, runId, List.of(p));
        return Json.object();
    }

    private Object logParam(Call c) {
        String runId = runId(c);
        logParams(c, runId, Map.of(c.requiredString("key"), requiredValue(c)));
        return Json.object();
    }

    private Object setTag(Call c) {
        String runId = runId(c);
        String key = c.requiredString("key");
        if (key.equals(MlflowJson.USER_TAG)) {
            throw ApiException.invalid("The tag '" + MlflowJson.USER_TAG + "' is set by the server to the token's actor.");
        }
        store(c).setTags(runId, Map.of(key, requiredValue(c)));
        return Json.object();
    }

    private Object deleteTag(Call c) {
        String runId = c.requiredString("run_id");
        String key = c.requiredString("key");
        store(c).getRun(runId);
        if (!store(c).deleteTag(runId, key)) {
            throw ApiException.notFound("No tag with name: " + key + " in run with id " + runId);
        }
        return Json.object();
    }

    private Object logBatch(Call c) {
        String runId = c.requiredString("run_id");
        List<JsonNode> metricNodes = c.list("metrics");
        Map<String, String> params = c.keyValues("params");
        Map<String, String> tags = c.keyValues("tags");
        if (metricNodes.size() > MAX_BATCH_METRICS || params.size() > MAX_BATCH_PARAMS || tags.size() > MAX_BATCH_TAGS
                || metricNodes.size() + params.size() + tags.size() > MAX_BATCH_METRICS) {
            throw ApiException.invalid("A batch logging request can contain at most " + MAX_BATCH_METRICS
                    + " metrics, " + MAX_BATCH_PARAMS + " params and " + MAX_BATCH_TAGS + " tags, and at most "
                    + MAX_BATCH_METRICS + " in total; got " + metricNodes.size() + " metrics, " + params.size()
                    + " params and " + tags.size() + " tags.");
        }
        if (tags.containsKey(MlflowJson.USER_TAG)) {
            throw ApiException.invalid("The tag '" + MlflowJson.USER_TAG + "' is set by the server to the token's actor.");
        }
        List<MetricPoint> points = new ArrayList<>(metricNodes.size());
        for (int i = 0; i < metricNodes.size(); i++) {
            JsonNode m = metricNodes.get(i);
            String where = "metrics[" + i + "]";
            if (!m.isObject()) {
                throw Call.wrongType(where, m);
            }
            points.add(point(field(m, where, "key"), number(m, where, "value"), (long) number(m, where, "timestamp"),
                    m.hasNonNull("step") ? (long) number(m, where, "step") : null));
        }
        TrackingStore t = store(c);
        t.getRun(runId);
        if (!params.isEmpty()) {
            logParams(c, runId, params);
        }
        if (!points.isEmpty()) {
            logMetrics(c, runId, points);
        }
        if (!tags.isEmpty()) {
            t.setTags(runId, tags);
        }
        return Json.object();
    }

    private Object logInputs(Call c) {
        String runId = c.requiredString("run_id");
        store(c).getRun(runId);
        List<RunInput> inputs = new ArrayList<>();
        List<DatasetVersion> datasets = new ArrayList<>();
        List<JsonNode> nodes = c.list("datasets");
        for (int i = 0; i < nodes.size(); i++) {
            String where = "datasets[" + i + "]";
            JsonNode di = nodes.get(i);
            JsonNode d = di.get("dataset");
            if (d == null || !d.isObject()) {
                throw Call.missing(where + ".dataset");
            }
            String name = field(d, where + ".dataset", "name");
            String digest = field(d, where + ".dataset", "digest");
            field(d, where + ".dataset", "source_type");
            String source = field(d, where + ".dataset", "source");
            DatasetRole role = DatasetRole.TRAINING;
            JsonNode tags = di.get("tags");
            if (tags != null && tags.isArray()) {
                for (JsonNode tag : tags) {
                    if ("mlflow.data.context".equals(tag.path("key").asText())) {
                        role = role(tag.path("value").asText());
                    }
                }
            }
            String ours = Digests.isValid(digest) ? digest
                    : Digests.of((name + "\u0000" + digest).getBytes(StandardCharsets.UTF_8));
            DatasetVersion dv = new DatasetVersion(name, ours, schema(d.path("schema").asText("")),
                    rows(d.path("profile").asText("")), source.length() > 8000 ? source.substring(0, 8000) : source,
                    null);
            datasets.add(dv);
            inputs.add(new RunInput(name, ours, role));
        }
        for (DatasetVersion dv : datasets) {
            try {
                store(c).putDataset(dv);
            } catch (ConflictException alreadyStoredDifferently) {
                // the same name and digest stored with other metadata: the stored one stands
            }
        }
        try {
            store(c).logInputs(runId, inputs);
        } catch (ConflictException e) {
            throw ApiException.invalid(e.getMessage());
        }
        return Json.object();
    }

    private Object metricHistory(Call c) {
        String runId = runId(c);
        String key = c.requiredString("metric_key");
        store(c).getRun(runId);
        List<MetricPoint> points = store(c).metricHistory(runId, key, Long.MIN_VALUE, Long.MAX_VALUE);
        Long max = c.longValue("max_results");
        int offset = Pages.offset(c.string("page_token"));
        int size = max == null ? Integer.MAX_VALUE : (int) Math.max(1, Math.min(max, Integer.MAX_VALUE));
        ObjectNode n = Json.object();
        ArrayNode a = n.putArray("metrics");
        Pages.slice(points, offset, size).forEach(p -> a.add(MlflowJson.metric(p)));
        if (max != null) {
            Pages.next(n, points.size(), offset, size);
        }
        return n;
    }

    private static void logMetrics(Call c, String runId, List<MetricPoint> points) {
        try {
            store(c).logMetrics(runId, points);
        } catch (ConflictException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    private static void logParams(Call c, String runId, Map<String, String> params) {
        try {
            store(c).logParams(runId, params);
        } catch (ConflictException e) {
            throw ApiException.invalid("Changing param values is not allowed. " + e.getMessage());
        }
    }

    private static MetricPoint point(String key, double value, long timestamp, Long step) {
        if (!Double.isFinite(value)) {
            throw ApiException.invalid("Invalid value " + value + " for metric '" + key + "': lifecycle-server stores"
                    + " finite values only.");
        }
        return new MetricPoint(key, value, step == null ? 0 : step, Instant.ofEpochMilli(timestamp));
    }

    private static String field(JsonNode object, String where, String name) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            throw Call.missing(where + "." + name);
        }
        if (!v.isTextual()) {
            throw Call.wrongType(where + "." + name, v);
        }
        return v.asText();
    }

    private static double number(JsonNode object, String where, String name) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            throw Call.missing(where + "." + name);
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText());
            } catch (NumberFormatException e) {
                throw Call.wrongType(where + "." + name, v);
            }
        }
        throw Call.wrongType(where + "." + name, v);
    }

    private static String requiredValue(Call c) {
        JsonNode v = c.message().get("value");
        if (v == null || v.isNull()) {
            throw Call.missing("value");
        }
        if (!v.isValueNode() || v.isBinary()) {
            throw Call.wrongType("value", v);
        }
        return v.asText();
    }

    private static String runId(Call c) {
        String id = c.string("run_id");
        if (id == null || id.isEmpty()) {
            id = c.string("run_uuid");
        }
        if (id == null || id.isEmpty()) {
            throw Call.missing("run_id");
        }
        return id;
    }

    private static RunRecord run(Call c) {
        String id = runId(c);
        try {
            return store(c).getRun(id);
        } catch (NotFoundException e) {
            throw ApiException.notFound("Run with id=" + id + " not found");
        }
    }

    /**
     * MLflow clients use experiment {@code "0"} ("Default") when none is given; store ids are assigned by
     * the store, so {@code "0"} names the experiment called {@value #DEFAULT_EXPERIMENT}, created on first use
     * by a writer.
     */
    static final String DEFAULT_EXPERIMENT = "Default";

    private ExperimentRecord experiment(Call c, String id) {
        if (id.equals("0")) {
            try {
                return store(c).getExperiment(id);
            } catch (NotFoundException | IllegalArgumentException notAStoreId) {
                var found = store(c).findExperiment(DEFAULT_EXPERIMENT);
                if (found.isPresent() || !c.principal.role().includes(Role.WRITER)) {
                    return found.orElseThrow(() -> ApiException.notFound("No Experiment with id=0 exists"));
                }
                try {
                    return store(c).createExperiment(DEFAULT_EXPERIMENT, "", Map.of(), clock.instant());
                } catch (ConflictException raced) {
                    return store(c).findExperiment(DEFAULT_EXPERIMENT).orElseThrow();
                }
            }
        }
        try {
            return store(c).getExperiment(id);
        } catch (NotFoundException e) {
            throw ApiException.notFound("No Experiment with id=" + id + " exists");
        }
    }

    private static DatasetRole role(String context) {
        return switch (context.toLowerCase(Locale.ROOT)) {
            case "validation", "eval", "evaluation" -> DatasetRole.VALIDATION;
            case "test", "testing" -> DatasetRole.TEST;
            case "reference" -> DatasetRole.REFERENCE;
            default -> DatasetRole.TRAINING;
        };
    }

    /** MLflow's {@code {"mlflow_colspec":[{"name":…,"type":…}]}}: numbers are numeric, the rest categorical. */
    private static Map<String, ColumnType> schema(String json) {
        Map<String, ColumnType> out = new LinkedHashMap<>();
        if (json.isBlank()) {
            return out;
        }
        try {
            JsonNode cols = Json.MAPPER.readTree(json).path("mlflow_colspec");
            for (JsonNode col : cols) {
                String name = col.path("name").asText("");
                if (name.isEmpty() || name.length() > 250) {
                    continue;
                }
                String type = col.path("type").asText("");
                out.put(name, List.of("double", "float", "integer", "long").contains(type) ? ColumnType.NUMERIC
                        : ColumnType.CATEGORICAL);
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw ApiException.invalid("Invalid dataset schema: it must be MLflow's {\"mlflow_colspec\": [...]} JSON: "
                    + e.getMessage());
        }
        return out;
    }

    private static long rows(String profile) {
        if (profile.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Json.MAPPER.readTree(profile).path("num_rows").asLong(0));
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
