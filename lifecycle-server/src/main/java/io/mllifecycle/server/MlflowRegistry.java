package io.mllifecycle.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.registry.RegisteredModel;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.Stage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow model-registry endpoints. Version writes go through core's registry for the actor of the
 * token: stage changes through the stage machine, the gate policy and compare-and-set; alias moves
 * compare-and-set; each audited.
 */
final class MlflowRegistry {
    private static final Pattern ARTIFACT_SOURCE = Pattern.compile("mlflow-artifacts:/+([^/]+)/([^/]+)/artifacts/(.+)");
    private static final Pattern RUNS_SOURCE = Pattern.compile("runs:/([^/]+)/(.+)");
    private static final Pattern NAME_FILTER =
            Pattern.compile("(?i)\\s*(name|run_id)\\s*(=|LIKE|ILIKE)\\s*'([^']*)'\\s*");

    private final Clock clock;

    MlflowRegistry(Clock clock) {
        this.clock = clock;
    }

    void register(Router r, String base) {
        r.add("POST", base + "/registered-models/create", Role.WRITER, this::createModel);
        r.add("GET", base + "/registered-models/get", Role.READER, this::getModel);
        r.add("GET", base + "/registered-models/search", Role.READER, this::searchModels);
        r.add("PATCH", base + "/registered-models/update", Role.WRITER, this::updateModel);
        r.add("POST", base + "/registered-models/set-tag", Role.WRITER, this::setModelTag);
        r.add("DELETE", base + "/registered-models/delete-tag", Role.WRITER, this::deleteModelTag);
        r.add("DELETE", base + "/registered-models/delete", Role.APPROVER, this::deleteModel);
        r.add("POST", base + "/registered-models/alias", Role.APPROVER, this::setAlias);
        r.add("GET", base + "/registered-models/alias", Role.READER, this::getAlias);
        r.add("DELETE", base + "/registered-models/alias", Role.APPROVER, this::deleteAlias);
        r.add("POST", base + "/registered-models/get-latest-versions", Role.READER, this::latestVersions);
        r.add("GET", base + "/registered-models/get-latest-versions", Role.READER, this::latestVersions);
        r.add("POST", base + "/model-versions/create", Role.WRITER, this::createVersion);
        r.add("GET", base + "/model-versions/get", Role.READER, this::getVersion);
        r.add("GET", base + "/model-versions/search", Role.READER, this::searchVersions);
        r.add("PATCH", base + "/model-versions/update", Role.WRITER, this::updateVersion);
        r.add("POST", base + "/model-versions/set-tag", Role.WRITER, this::setVersionTag);
        r.add("DELETE", base + "/model-versions/delete-tag", Role.WRITER, this::deleteVersionTag);
        r.add("DELETE", base + "/model-versions/delete", Role.APPROVER, this::deleteVersion);
        r.add("POST", base + "/model-versions/transition-stage", Role.APPROVER, this::transition);
        r.add("GET", base + "/model-versions/get-download-uri", Role.READER, this::downloadUri);
    }

    private static RegistryStore store(Call c) {
        return c.lifecycle.store().registry();
    }

    private Object createModel(Call c) {
        String name = c.requiredString("name");
        Map<String, String> tags = c.keyValues("tags");
        String description = c.string("description");
        if (store(c).findModel(name).isPresent()) {
            throw new ApiException(ApiException.Code.RESOURCE_ALREADY_EXISTS,
                    "Registered Model (name=" + name + ") already exists.");
        }
        RegisteredModelRecord m;
        try {
            m = ModelMetadata.create(c.lifecycle, clock, name, description == null ? "" : description, tags,
                    tagDetails(tags));
        } catch (ConflictException raced) {
            throw new ApiException(ApiException.Code.RESOURCE_ALREADY_EXISTS,
                    "Registered Model (name=" + name + ") already exists: " + raced.getMessage() + ".");
        }
        return modelAnswer(c, m);
    }

    private Object getModel(Call c) {
        return modelAnswer(c, model(c, c.requiredString("name")));
    }

    private Object searchModels(Call c) {
        int max = c.intValue("max_results", 100, 1, 1000);
        int offset = Pages.offset(c.string("page_token"));
        Filter f = filter(c.string("filter"), false);
        List<RegisteredModelRecord> all = store(c).listModels().stream().filter(m -> f.matches(m.name())).toList();
        ObjectNode n = Json.object();
        ArrayNode a = n.putArray("registered_models");
        for (RegisteredModelRecord m : Pages.slice(all, offset, max)) {
            a.add(MlflowJson.registeredModel(m, store(c).listVersions(m.name()), v -> source(c, v)));
        }
        Pages.next(n, all.size(), offset, max);
        return n;
    }

    private Object updateModel(Call c) {
        String name = c.requiredString("name");
        RegisteredModelRecord m = model(c, name);
        String description = c.string("description");
        if (description != null) {
            m = ModelMetadata.update(c.lifecycle, clock, name, description, Map.of(), Map.of("description", description));
        }
        return modelAnswer(c, m);
    }

    private Object setModelTag(Call c) {
        String name = c.requiredString("name");
        RegisteredModelRecord m = model(c, name);
        String key = c.requiredString("key");
        String value = c.requiredString("value");
        ModelMetadata.update(c.lifecycle, clock, name, m.description(), Map.of(key, value), Map.of("tag." + key, value));
        return Json.object();
    }

    /** MLflow's DeleteRegisteredModelTag: a tag the model lacks is no error, as in MLflow's stores. */
    private Object deleteModelTag(Call c) {
        String name = c.requiredString("name");
        String key = c.requiredString("key");
        model(c, name);
        registered(c, name).deleteTag(key);
        return Json.object();
    }

    /**
     * MLflow's DeleteRegisteredModel, through the registry: audited, and refused (409 RESOURCE_CONFLICT)
     * while the model has an alias or a version in Production, which MLflow would delete with it.
     */
    private Object deleteModel(Call c) {
        String name = c.requiredString("name");
        model(c, name);
        registered(c, name).delete();
        return Json.object();
    }

    private Object setAlias(Call c) {
        String name = c.requiredString("name");
        String alias = c.requiredString("alias");
        int version = versionNumber(c);
        model(c, name);
        c.lifecycle.models().version(name, version);
        registered(c, name).setAlias(alias, version);
        return Json.object();
    }

    private Object getAlias(Call c) {
        String name = c.requiredString("name");
        String alias = c.requiredString("alias");
        RegisteredModelRecord m = model(c, name);
        Integer v = m.aliases().get(alias);
        if (v == null) {
            throw ApiException.notFound("Registered model alias " + alias + " not found.");
        }
        ObjectNode n = Json.object();
        n.set("model_version", MlflowJson.version(store(c).getVersion(name, v), m, source(c, store(c).getVersion(name, v))));
        return n;
    }

    private Object deleteAlias(Call c) {
        String name = c.requiredString("name");
        String alias = c.requiredString("alias");
        Integer v = model(c, name).aliases().get(alias);
        if (v != null) {
            registered(c, name).removeAlias(alias, v);
        }
        return Json.object();
    }

    private Object latestVersions(Call c) {
        String name = c.requiredString("name");
        RegisteredModelRecord m = model(c, name);
        List<String> stages = c.stringList("stages");
        for (String s : stages) {
            StageNames.fromMlflow(s);
        }
        ObjectNode n = Json.object();
        ArrayNode a = n.putArray("model_versions");
        for (ModelVersionRecord v : MlflowJson.latestPerStage(store(c).listVersions(name), stages.isEmpty() ? null
                : stages)) {
            a.add(MlflowJson.version(v, m, source(c, v)));
        }
        return n;
    }

    private Object createVersion(Call c) {
        String name = c.requiredString("name");
        String source = c.requiredString("source");
        String runId = c.string("run_id");
        Map<String, String> tags = c.keyValues("tags");
        String description = c.string("description");
        model(c, name);
        String[] runAndPath = runAndPath(source, runId);
        RunRecord run;
        try {
            run = c.lifecycle.store().tracking().getRun(runAndPath[0]);
        } catch (NotFoundException e) {
            throw ApiException.notFound("Run with id=" + runAndPath[0] + " not found");
        }
        if (!run.artifacts().containsKey(runAndPath[1])) {
            throw ApiException.invalid("Invalid model version source '" + source + "': run " + run.id()
                    + " has no artifact '" + runAndPath[1] + "' (it has " + run.artifacts().keySet() + "). Upload the"
                    + " model file through mlflow-artifacts first.");
        }
        ModelVersion v = c.lifecycle.models().register(name, run.id(), runAndPath[1], spec -> {
            if (description != null) {
                spec.description(description);
            }
            tags.forEach(spec::tag);
        });
        return versionAnswer(c, v.record());
    }

    private Object getVersion(Call c) {
        return versionAnswer(c, version(c));
    }

    private Object searchVersions(Call c) {
        int max = c.intValue("max_results", 10_000, 1, 200_000);
        int offset = Pages.offset(c.string("page_token"));
        Filter f = filter(c.string("filter"), true);
        List<ModelVersionRecord> all = new ArrayList<>();
        for (RegisteredModelRecord m : store(c).listModels()) {
            if (f.field.equals("name") && !f.matches(m.name())) {
                continue;
            }
            for (ModelVersionRecord v : store(c).listVersions(m.name())) {
                if (!f.field.equals("run_id") || f.matches(v.sourceRunId() == null ? "" : v.sourceRunId())) {
                    all.add(v);
                }
            }
        }
        ObjectNode n = Json.object();
        ArrayNode a = n.putArray("model_versions");
        for (ModelVersionRecord v : Pages.slice(all, offset, max)) {
            a.add(MlflowJson.version(v, store(c).getModel(v.modelName()), source(c, v)));
        }
        Pages.next(n, all.size(), offset, max);
        return n;
    }

    private Object updateVersion(Call c) {
        ModelVersionRecord v = version(c);
        String description = c.string("description");
        if (description != null) {
            c.lifecycle.models().version(v.modelName(), v.version()).update(Map.of(), Map.of(), description, null);
        }
        return versionAnswer(c, store(c).getVersion(v.modelName(), v.version()));
    }

    private Object setVersionTag(Call c) {
        ModelVersionRecord v = version(c);
        Map<String, String> tag = Map.of(c.requiredString("key"), c.requiredString("value"));
        c.lifecycle.models().version(v.modelName(), v.version()).update(tag, Map.of(), null, null);
        return Json.object();
    }

    private Object deleteVersionTag(Call c) {
        ModelVersionRecord v = version(c);
        c.lifecycle.models().version(v.modelName(), v.version()).deleteTag(c.requiredString("key"));
        return Json.object();
    }

    /**
     * MLflow's DeleteModelVersion, through the registry: audited, and refused (409 RESOURCE_CONFLICT) while
     * the version is in Production or behind an alias.
     */
    private Object deleteVersion(Call c) {
        ModelVersionRecord v = version(c);
        c.lifecycle.models().version(v.modelName(), v.version()).delete();
        return Json.object();
    }

    /**
     * Through the stage machine and the gates; a refused gate is MLflow's 400 whose message carries the
     * gate report (and a {@code gate_report} field with it as JSON).
     */
    private Object transition(Call c) {
        ModelVersionRecord v = version(c);
        Stage target = StageNames.fromMlflow(c.requiredString("stage"));
        Boolean archive = c.bool("archive_existing_versions");
        if (archive == null) {
            throw Call.missing("archive_existing_versions");
        }
        if (archive && target != Stage.PRODUCTION) {
            throw Unsupported.call(Unsupported.ARCHIVE_EXISTING);
        }
        ModelVersion handle = c.lifecycle.models().version(v.modelName(), v.version());
        handle.transition(target, "MLflow transition-stage to " + c.requiredString("stage"));
        if (archive) {
            for (ModelVersionRecord other : store(c).listVersions(v.modelName())) {
                if (other.version() != v.version() && other.stage() == Stage.PRODUCTION) {
                    c.lifecycle.models().version(other.modelName(), other.version())
                            .transition(Stage.DEPRECATED, "archived by the promotion of " + v.reference());
                }
            }
        }
        return versionAnswer(c, store(c).getVersion(v.modelName(), v.version()));
    }

    private Object downloadUri(Call c) {
        ModelVersionRecord v = version(c);
        return Json.object().put("artifact_uri", source(c, v));
    }

    private static ObjectNode modelAnswer(Call c, RegisteredModelRecord m) {
        ObjectNode n = Json.object();
        n.set("registered_model", MlflowJson.registeredModel(m, store(c).listVersions(m.name()), v -> source(c, v)));
        return n;
    }

    private static ObjectNode versionAnswer(Call c, ModelVersionRecord v) {
        ObjectNode n = Json.object();
        n.set("model_version", MlflowJson.version(v, store(c).getModel(v.modelName()), source(c, v)));
        return n;
    }

    /** @return the artifact URI of the version's bytes: the run's artifact path with that digest */
    static String source(Call c, ModelVersionRecord v) {
        if (v.sourceRunId() != null) {
            try {
                RunRecord run = c.lifecycle.store().tracking().getRun(v.sourceRunId());
                for (Map.Entry<String, String> e : run.artifacts().entrySet()) {
                    if (e.getValue().equals(v.artifactDigest())) {
                        return MlflowJson.artifactRoot(run.experimentId(), run.id()) + "/" + e.getKey();
                    }
                }
            } catch (NotFoundException gone) {
                // the run is gone: fall back to the content address
            }
        }
        return "lifecycle-blob:" + v.artifactDigest();
    }

    private static String[] runAndPath(String source, String runId) {
        Matcher m = ARTIFACT_SOURCE.matcher(source);
        if (m.matches()) {
            return new String[] {m.group(2), m.group(3)};
        }
        m = RUNS_SOURCE.matcher(source);
        if (m.matches()) {
            return new String[] {m.group(1), m.group(2)};
        }
        if (runId != null && !runId.isEmpty() && !source.contains(":")) {
            return new String[] {runId, source};
        }
        throw ApiException.invalid("Invalid model version source '" + source + "': lifecycle-server registers"
                + " 'mlflow-artifacts:/<experiment>/<run>/artifacts/<path>' or 'runs:/<run>/<path>'.");
    }

    private static RegisteredModelRecord model(Call c, String name) {
        try {
            return store(c).getModel(name);
        } catch (NotFoundException e) {
            throw ApiException.notFound("Registered Model with name=" + name + " not found");
        }
    }

    private static RegisteredModel registered(Call c, String name) {
        return c.lifecycle.models().model(name);
    }

    private static ModelVersionRecord version(Call c) {
        String name = c.requiredString("name");
        int number = versionNumber(c);
        model(c, name);
        try {
            return store(c).getVersion(name, number);
        } catch (NotFoundException e) {
            throw ApiException.notFound("Model Version (name=" + name + ", version=" + number + ") not found");
        }
    }

    private static int versionNumber(Call c) {
        String raw = c.message().path("version").isNumber() ? c.message().get("version").asText()
                : c.requiredString("version");
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < 1) {
                throw new NumberFormatException(raw);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.invalid("Invalid value " + raw + " for parameter 'version' supplied: it must be a"
                    + " positive integer.");
        }
    }

    private static Map<String, String> tagDetails(Map<String, String> tags) {
        Map<String, String> d = new LinkedHashMap<>();
        tags.forEach((k, v) -> d.put("tag." + k, v));
        return d;
    }

    private record Filter(String field, String op, String value) {
        boolean matches(String text) {
            if (op == null) {
                return true;
            }
            return op.equals("=") ? text.equals(value)
                    : Pages.like(text.toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT));
        }
    }

    private static Filter filter(String filter, boolean allowRunId) {
        if (filter == null || filter.isBlank()) {
            return new Filter("name", null, null);
        }
        Matcher m = NAME_FILTER.matcher(filter);
        if (!m.matches() || (!allowRunId && m.group(1).equalsIgnoreCase("run_id"))) {
            throw ApiException.invalid("Invalid filter '" + filter + "': lifecycle-server understands name = '…', name"
                    + " LIKE '…'" + (allowRunId ? " and run_id = '…'" : "") + ".");
        }
        return new Filter(m.group(1).toLowerCase(Locale.ROOT), m.group(2).equals("=") ? "=" : "LIKE", m.group(3));
    }

    static Lifecycle lifecycle(Call c) {
        return c.lifecycle;
    }
}
