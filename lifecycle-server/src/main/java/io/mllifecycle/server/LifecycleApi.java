package io.mllifecycle.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.monitoring.MonitoringRuns;
import io.mllifecycle.registry.ModelCard;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.retirement.RetirementPlan;
import io.mllifecycle.retirement.RetirementPolicies;
import io.mllifecycle.retirement.RetirementPolicy;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Our own API under {@code /api/lifecycle/v1/}, for what MLflow lacks. Answers are JSON records that
 * mirror the Java records ({@code ModelVersionRecord}, {@code GateReport}, {@code AuditEvent},
 * {@code Lineage}, {@code RetirementDecision} …) with times as ISO-8601 text.
 */
final class LifecycleApi {
    static final String BASE = "/api/lifecycle/v1";

    private final LifecycleServer.ActorViews views;

    LifecycleApi(LifecycleServer.ActorViews views) {
        this.views = views;
    }

    void register(Router r) {
        String v = BASE + "/models/{name}/versions/{version}";
        r.add("GET", BASE + "/resolve", Role.READER, this::resolve);
        r.add("GET", v, Role.READER, c -> Json.tree(version(c)));
        r.add("GET", v + "/gate-reports", Role.READER, c -> Json.tree(version(c).gateReports()));
        r.add("POST", v + "/promote", Role.APPROVER, this::promote);
        r.add("POST", v + "/override", Role.ADMIN, this::override);
        r.add("GET", v + "/lineage", Role.READER, c -> Json.tree(handle(c).lineage()));
        r.add("GET", v + "/card", Role.READER, this::card);
        r.add("GET", v + "/monitoring", Role.READER, this::monitoring);
        r.add("POST", BASE + "/models/{name}/aliases/{alias}", Role.APPROVER, this::moveAlias);
        r.add("GET", BASE + "/datasets/{name}/{digest}/model-versions", Role.READER,
                c -> Json.tree(c.lifecycle.models().versionsUsingDataset(c.path("name"), c.path("digest"))));
        r.add("POST", BASE + "/models/{name}/retirement/plan", Role.READER, c -> Json.tree(plan(c).decisions()));
        r.add("POST", BASE + "/models/{name}/retirement/apply", Role.ADMIN, c -> Json.tree(plan(c).apply()));
        r.add("GET", BASE + "/models/{name}/policy", Role.READER, c -> LifecycleServer.Replies.text(c.exchange,
                "application/json", c.lifecycle.models().model(c.path("name")).policy().toJson()));
        r.add("PUT", BASE + "/models/{name}/policy", Role.ADMIN, this::setPolicy);
        r.add("GET", BASE + "/models/{name}/policy/history", Role.READER,
                c -> Json.tree(c.lifecycle.models().model(c.path("name")).policyHistory()));
        r.add("POST", v + "/requests", Role.WRITER, this::requestTransition);
        r.add("GET", BASE + "/models/{name}/requests", Role.READER, c -> Json.tree(c.lifecycle.models()
                .model(c.path("name")).requests().stream().map(io.mllifecycle.registry.ApprovalRequest::record)
                .toList()));
        r.add("POST", BASE + "/requests/{id}/approve", Role.APPROVER, c -> {
            ModelVersion moved = c.lifecycle.models().request(c.path("id"))
                    .approve(Optional.ofNullable(c.string("reason")).orElse(""));
            return Json.tree(moved.record());
        });
        r.add("POST", BASE + "/requests/{id}/reject", Role.APPROVER, c -> {
            var request = c.lifecycle.models().request(c.path("id"));
            request.reject(c.requiredString("reason"));
            return Json.tree(c.lifecycle.models().request(c.path("id")).record());
        });
        r.add("GET", BASE + "/audit", Role.READER, this::audit);
        r.add("GET", BASE + "/audit/verify", Role.READER, c -> Json.tree(c.lifecycle.audit().verify()));
    }

    private Object resolve(Call c) {
        String ref = c.requiredString("ref");
        return Json.tree(views.resolve.resolve(ref));
    }

    private Object promote(Call c) {
        Stage target = stage(c.requiredString("stage"));
        String reason = Optional.ofNullable(c.string("reason")).orElse("");
        handle(c).transition(target, reason);
        return Json.tree(version(c));
    }

    private Object override(Call c) {
        Stage target = stage(c.requiredString("stage"));
        handle(c).promoteOverridingGates(target, c.requiredString("reason"));
        return Json.tree(version(c));
    }

    private Object moveAlias(Call c) {
        String name = c.path("name");
        int to = (int) c.requiredLong("version");
        Long expected = c.longValue("expected_version");
        var model = c.lifecycle.models().model(name);
        if (c.message().has("expected_version")) {
            model.moveAlias(c.path("alias"), expected == null ? null : expected.intValue(), to);
        } else {
            model.setAlias(c.path("alias"), to);
        }
        return Json.tree(c.lifecycle.store().registry().getModel(name));
    }

    private Object card(Call c) {
        ModelCard card = handle(c).modelCard();
        String format = Optional.ofNullable(c.string("format")).orElse("json").toLowerCase(Locale.ROOT);
        return switch (format) {
            case "markdown", "md" -> LifecycleServer.Replies.text(c.exchange, "text/markdown; charset=utf-8",
                    card.toMarkdown());
            case "json" -> LifecycleServer.Replies.text(c.exchange, "application/json", card.toJson());
            default -> throw ApiException.invalid("Invalid value '" + format + "' for parameter 'format': it must be"
                    + " markdown or json.");
        };
    }

    private Object monitoring(Call c) {
        ModelVersionRecord v = version(c);
        Optional<RunRecord> run = MonitoringRuns.find(c.lifecycle.store(), v.modelName(), v.version());
        ObjectNode n = Json.object();
        n.put("model", v.modelName()).put("version", v.version());
        ObjectNode metrics = n.putObject("metrics");
        if (run.isEmpty()) {
            n.putNull("run_id");
            return n;
        }
        n.put("run_id", run.get().id());
        for (String key : run.get().latestMetrics().keySet()) {
            ArrayNode a = metrics.putArray(key);
            for (MetricPoint p : c.lifecycle.store().tracking().metricHistory(run.get().id(), key, Long.MIN_VALUE,
                    Long.MAX_VALUE)) {
                a.addObject().put("window", p.step()).put("value", p.value()).put("time", p.timestamp().toString());
            }
        }
        return n;
    }

    private Object setPolicy(Call c) throws IOException {
        String json;
        try (InputStream in = c.body()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var policy = io.mllifecycle.gate.GovernancePolicy.fromJson("request body", json);
        return Json.tree(c.lifecycle.models().model(c.path("name")).setPolicy(policy));
    }

    private Object requestTransition(Call c) {
        Stage target = stage(c.requiredString("stage"));
        var request = handle(c).requestTransition(target, Optional.ofNullable(c.string("reason")).orElse(""));
        return Json.tree(request.record());
    }

    private Object audit(Call c) {
        long from = Optional.ofNullable(c.longValue("from")).orElse(1L);
        int limit = c.intValue("limit", 100, 1, 10_000);
        if (from < 1) {
            throw ApiException.invalid("Invalid value " + from + " for parameter 'from': it must be ≥ 1.");
        }
        List<AuditEvent> events = c.lifecycle.store().registry().auditEvents(from, limit);
        ObjectNode n = Json.object();
        n.set("events", Json.tree(events));
        if (events.size() == limit) {
            n.put("next_from", events.get(events.size() - 1).sequence() + 1);
        }
        return n;
    }

    private static RetirementPlan plan(Call c) throws IOException {
        String json;
        try (InputStream in = c.body()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        RetirementPolicy policy = RetirementPolicies.fromJson(json);
        return c.lifecycle.planRetirement(c.path("name"), policy);
    }

    private static ModelVersion handle(Call c) {
        return c.lifecycle.models().version(c.path("name"), number(c));
    }

    private static ModelVersionRecord version(Call c) {
        return c.lifecycle.store().registry().getVersion(c.path("name"), number(c));
    }

    private static int number(Call c) {
        try {
            int v = Integer.parseInt(c.path("version"));
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.invalid("Invalid version '" + c.path("version") + "': it must be a positive integer.");
        }
    }

    private static Stage stage(String name) {
        try {
            return Stage.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Invalid stage '" + name + "': it must be one of DEVELOPMENT, STAGING,"
                    + " PRODUCTION, DEPRECATED, RETIRED.");
        }
    }
}
