package io.mllifecycle.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** The JSON side of the reports: ordered fields, sorted maps, non-finite numbers as null. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Puts a number, or null when it is NaN or infinite (JSON has neither). */
    static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    static void add(ArrayNode node, double value) {
        if (Double.isFinite(value)) {
            node.add(value);
        } else {
            node.addNull();
        }
    }

    /** Puts a string map, sorted by key. */
    static ObjectNode strings(ObjectNode node, String field, Map<String, String> map) {
        ObjectNode o = node.putObject(field);
        new TreeMap<>(map).forEach(o::put);
        return o;
    }

    /** Parses a document. @throws IllegalArgumentException if it is not JSON */
    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getOriginalMessage(), e);
        }
    }

    /** A copy with the fields of every object sorted by name. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = object();
            new TreeMap<String, JsonNode>(node.properties().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                    .forEach((k, v) -> out.set(k, sorted(v)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = array();
            node.forEach(x -> out.add(sorted(x)));
            return out;
        }
        return node;
    }

    static String write(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report JSON could not be written: " + e.getMessage(), e);
        }
    }
}
