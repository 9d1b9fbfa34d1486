package io.mllifecycle.retirement;

import java.util.TreeSet;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Loads a {@link RetirementPolicy} from JSON, reporting every error at once. Durations are ISO-8601
 * ({@code "P30D"}, {@code "PT12H"}). Example:
 *
 * <pre>{@code
 * { "keepLatest": 3, "maxAge": "P180D", "supersededFor": "P14D", "neverPromotedAfter": "P30D",
 *   "metricRules": [ { "metric": "perf.accuracy", "below": 0.8, "windows": 3 },
 *                    { "metric": "drift.share_drifted", "above": 0.3, "windows": 2 } ],
 *   "purgeArtifactsAfter": "P365D", "includeProduction": false, "includeAliased": false }
 * }</pre>
 */
public final class RetirementPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("keepLatest", "maxAge", "supersededFor", "neverPromotedAfter",
            "metricRules", "purgeArtifactsAfter", "includeProduction", "includeAliased");
    private static final Set<String> RULE_FIELDS = Set.of("metric", "below", "above", "windows");

    private RetirementPolicies() {}

    /** @throws PolicyValidationException listing every error in the file */
    public static RetirementPolicy fromFile(Path file) {
        Checks.notNull("file", file);
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new StoreException("reading policy file " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** @throws PolicyValidationException listing every error in the document */
    public static RetirementPolicy fromJson(String json) {
        return parse("retirement policy", Checks.notNull("json", json));
    }

    private static RetirementPolicy parse(String source, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PolicyValidationException(source, List.of("not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        List<String> errors = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new PolicyValidationException(source, List.of("the document must be a JSON object"));
        }
        RetirementPolicy.Builder b = RetirementPolicy.builder();
        unknown(root, FIELDS, "", errors);
        field(root, "keepLatest", errors, n -> {
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                errors.add("keepLatest must be a whole number ≥ 1, but was " + n);
            } else {
                b.keepLatest(n.intValue());
            }
        });
        duration(root, "maxAge", errors, b::maxAge);
        duration(root, "supersededFor", errors, b::supersededFor);
        duration(root, "neverPromotedAfter", errors, b::neverPromotedAfter);
        duration(root, "purgeArtifactsAfter", errors, b::purgeArtifactsAfter);
        flag(root, "includeProduction", errors, b::includeProduction);
        flag(root, "includeAliased", errors, b::includeAliased);
        JsonNode rules = root.get("metricRules");
        if (rules != null) {
            if (!rules.isArray()) {
                errors.add("metricRules must be an array, but was " + rules);
            } else {
                for (int i = 0; i < rules.size(); i++) {
                    rule(rules.get(i), "metricRules[" + i + "]", b, errors);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new PolicyValidationException(source, errors);
        }
        return b.build();
    }

    private static void rule(JsonNode r, String at, RetirementPolicy.Builder b, List<String> errors) {
        if (!r.isObject()) {
            errors.add(at + " must be an object, but was " + r);
            return;
        }
        unknown(r, RULE_FIELDS, at + ".", errors);
        JsonNode metric = r.get("metric");
        JsonNode below = r.get("below");
        JsonNode above = r.get("above");
        JsonNode windows = r.get("windows");
        int before = errors.size();
        if (metric == null || !metric.isTextual() || metric.asText().isBlank()) {
            errors.add(at + ".metric must be a non-blank string, but was " + metric);
        }
        if ((below == null) == (above == null)) {
            errors.add(at + " must have exactly one of 'below' or 'above'");
        } else if (!(below != null ? below : above).isNumber()) {
            errors.add(at + "." + (below != null ? "below" : "above") + " must be a number, but was "
                    + (below != null ? below : above));
        }
        if (windows == null || !windows.isIntegralNumber() || windows.intValue() < 1) {
            errors.add(at + ".windows must be a whole number ≥ 1, but was " + windows);
        }
        if (errors.size() == before) {
            try {
                if (below != null) {
                    b.whenMetricBelow(metric.asText(), below.doubleValue(), windows.intValue());
                } else {
                    b.whenMetricAbove(metric.asText(), above.doubleValue(), windows.intValue());
                }
            } catch (IllegalArgumentException e) {
                errors.add(at + ": " + e.getMessage());
            }
        }
    }

    private static void unknown(JsonNode node, Set<String> allowed, String prefix, List<String> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                errors.add("unknown field '" + prefix + name + "' (allowed: " + new TreeSet<>(allowed) + ")");
            }
        }
    }

    private static void field(JsonNode root, String name, List<String> errors, Consumer<JsonNode> use) {
        JsonNode n = root.get(name);
        if (n != null && !n.isNull()) {
            try {
                use.accept(n);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
    }

    private static void duration(JsonNode root, String name, List<String> errors, Consumer<Duration> use) {
        field(root, name, errors, n -> {
            if (!n.isTextual()) {
                errors.add(name + " must be an ISO-8601 duration string such as \"P30D\", but was " + n);
                return;
            }
            try {
                use.accept(Duration.parse(n.asText()));
            } catch (DateTimeParseException e) {
                errors.add(name + " must be an ISO-8601 duration such as \"P30D\" or \"PT12H\", but was \"" + n.asText() + "\"");
            }
        });
    }

    private static void flag(JsonNode root, String name, List<String> errors, Runnable enable) {
        field(root, name, errors, n -> {
            if (!n.isBoolean()) {
                errors.add(name + " must be true or false, but was " + n);
            } else if (n.booleanValue()) {
                enable.run();
            }
        });
    }
}
