package io.mllifecycle.gate;

import java.util.Arrays;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.spi.Checks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Governance stored in the registry: the gates every move into a stage must pass and the stages whose entry
 * needs an approval by a second actor. Stored per model (and a default for every model without its own) with
 * {@code lifecycle.models().setPolicy(…)}; every {@code Lifecycle} that opens the store enforces it, whatever it
 * was built with. Changing it is itself an audited, revisioned act.
 *
 * <pre>{@code
 * GovernancePolicy policy = GovernancePolicy.builder()
 *         .require(Stage.STAGING, GateSpec.metricAtLeast("auc", 0.85))
 *         .require(Stage.PRODUCTION, GateSpec.noRegressionVs("champion", "auc", 0.01))
 *         .requireApproval(Stage.PRODUCTION)
 *         .build();
 * }</pre>
 *
 * <p>Its JSON form ({@link #toJson()}, {@link #fromJson}) is what the store keeps, under {@link #MEDIA_TYPE}:
 * {@code {"stages":{"PRODUCTION":{"gates":[{"kind":"METRIC_AT_LEAST","metric":"auc","bound":0.9}],
 * "approval":true}}}}.
 */
public final class GovernancePolicy {
    /** The media type of the stored form. */
    public static final String MEDIA_TYPE = "application/vnd.mllifecycle.policy.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Stage, List<GateSpec>> gates;
    private final Set<Stage> approvals;

    private GovernancePolicy(Map<Stage, List<GateSpec>> gates, Set<Stage> approvals) {
        this.gates = gates;
        this.approvals = approvals;
    }

    /** @return a policy that requires nothing */
    public static GovernancePolicy none() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the gates required to enter {@code stage}, in order */
    public List<GateSpec> gatesFor(Stage stage) {
        return gates.getOrDefault(Checks.notNull("stage", stage), List.of());
    }

    /** @return whether entering {@code stage} needs an approval by an actor other than the requester */
    public boolean approvalRequired(Stage stage) {
        return approvals.contains(Checks.notNull("stage", stage));
    }

    /** @return the stored form, with stages in stage order (the same policy always gives the same text) */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode stages = root.putObject("stages");
        for (Stage s : Stage.values()) {
            if (!gates.containsKey(s) && !approvals.contains(s)) {
                continue;
            }
            ObjectNode node = stages.putObject(s.name());
            ArrayNode list = node.putArray("gates");
            for (GateSpec g : gatesFor(s)) {
                ObjectNode o = list.addObject().put("kind", g.kind().name());
                if (!g.metric().isEmpty()) {
                    o.put("metric", g.metric());
                }
                if (!Double.isNaN(g.bound())) {
                    o.put("bound", g.bound());
                }
                if (!g.alias().isEmpty()) {
                    o.put("alias", g.alias());
                }
                if (!g.names().isEmpty()) {
                    ArrayNode names = o.putArray("names");
                    g.names().forEach(names::add);
                }
            }
            node.put("approval", approvals.contains(s));
        }
        return root.toString();
    }

    /**
     * Reads the stored form, reporting every problem at once.
     *
     * @param source names the policy in errors (e.g. {@code policy of churn, revision 3})
     * @throws GovernancePolicyException listing every bad field with its value
     */
    public static GovernancePolicy fromJson(String source, String json) {
        Checks.notNull("json", json);
        List<String> errors = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new GovernancePolicyException(source, List.of("not JSON: " + e.getMessage()));
        }
        Builder b = builder();
        JsonNode stages = root == null ? null : root.get("stages");
        if (stages == null || !stages.isObject()) {
            throw new GovernancePolicyException(source, List.of("'stages' must be an object of stage → rule, but was "
                    + stages));
        }
        for (Map.Entry<String, JsonNode> e : stages.properties()) {
            Stage stage;
            try {
                stage = Stage.valueOf(e.getKey());
            } catch (IllegalArgumentException bad) {
                errors.add("stages." + e.getKey() + ": not a stage (expected one of "
                        + Arrays.toString(Stage.values()) + ")");
                continue;
            }
            JsonNode rule = e.getValue();
            JsonNode list = rule.path("gates");
            if (!list.isMissingNode() && !list.isArray()) {
                errors.add("stages." + stage + ".gates must be an array, but was " + list);
            } else {
                for (int i = 0; i < list.size(); i++) {
                    try {
                        b.require(stage, spec(list.get(i)));
                    } catch (IllegalArgumentException bad) {
                        errors.add("stages." + stage + ".gates[" + i + "]: " + bad.getMessage());
                    }
                }
            }
            JsonNode approval = rule.path("approval");
            if (!approval.isMissingNode() && !approval.isBoolean()) {
                errors.add("stages." + stage + ".approval must be true or false, but was " + approval);
            } else if (approval.asBoolean(false)) {
                b.requireApproval(stage);
            }
        }
        if (!errors.isEmpty()) {
            throw new GovernancePolicyException(source, errors);
        }
        return b.build();
    }

    private static GateSpec spec(JsonNode o) {
        String kindText = o.path("kind").asText("");
        GateSpec.Kind kind;
        try {
            kind = GateSpec.Kind.valueOf(kindText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind must be one of " + Arrays.toString(GateSpec.Kind.values())
                    + ", but was '" + kindText + "'");
        }
        List<String> names = new ArrayList<>();
        o.path("names").forEach(n -> names.add(n.asText()));
        JsonNode bound = o.path("bound");
        if (!bound.isMissingNode() && !bound.isNumber()) {
            throw new IllegalArgumentException("bound must be a number, but was " + bound);
        }
        return new GateSpec(kind, o.path("metric").asText(""), bound.isMissingNode() ? Double.NaN : bound.asDouble(),
                o.path("alias").asText(""), names);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GovernancePolicy p && p.gates.equals(gates) && p.approvals.equals(approvals);
    }

    @Override
    public int hashCode() {
        return gates.hashCode() * 31 + approvals.hashCode();
    }

    @Override
    public String toString() {
        return "GovernancePolicy" + toJson();
    }

    /** Builds a {@link GovernancePolicy}; each setter checks its argument at once. */
    public static final class Builder {
        private final Map<Stage, List<GateSpec>> gates = new EnumMap<>(Stage.class);
        private final Set<Stage> approvals = EnumSet.noneOf(Stage.class);

        private Builder() {}

        /** Requires {@code specs} for every move into {@code stage}. */
        public Builder require(Stage stage, GateSpec... specs) {
            Checks.notNull("stage", stage);
            Checks.notNull("specs", specs);
            for (int i = 0; i < specs.length; i++) {
                gates.computeIfAbsent(stage, s -> new ArrayList<>()).add(Checks.notNull("specs[" + i + "]", specs[i]));
            }
            return this;
        }

        /** Requires that a move into {@code stage} be requested by one actor and approved by another. */
        public Builder requireApproval(Stage stage) {
            Checks.notNull("stage", stage);
            if (stage == Stage.DEVELOPMENT) {
                throw new IllegalArgumentException("stage must be one a version moves into after registration, but"
                        + " was DEVELOPMENT");
            }
            approvals.add(stage);
            return this;
        }

        /** @return the policy */
        public GovernancePolicy build() {
            Map<Stage, List<GateSpec>> copy = new EnumMap<>(Stage.class);
            gates.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new GovernancePolicy(Collections.unmodifiableMap(copy),
                    Collections.unmodifiableSet(EnumSet.copyOf(approvals.isEmpty() ? EnumSet.noneOf(Stage.class)
                            : approvals)));
        }
    }
}
