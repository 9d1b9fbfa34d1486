package io.mllifecycle.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.drift.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The JSON form of a suite. Reading collects every problem before failing: each field is read on its own, each
 * expectation is built only when its fields were readable, and unknown fields are errors (a misspelt
 * {@code "mostly"} would otherwise silently mean 1).
 */
final class SuiteJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "schema", Set.of("columns", "exact"),
            "completeness", Set.of("column", "atLeast"),
            "range", Set.of("column", "min", "max", "mostly"),
            "categories", Set.of("column", "allowed", "mostly"),
            "unique", Set.of("columns"),
            "row_count", Set.of("min", "max"),
            "predicate", Set.of("predicate", "mostly"));

    private SuiteJson() {}

    static String write(DataQualitySuite suite) {
        ObjectNode root = JSON.createObjectNode().put("suite", suite.name()).put("examples", suite.maxExamples());
        ArrayNode list = root.putArray("expectations");
        for (Expectation e : suite.expectations()) {
            ObjectNode o = list.addObject().put("name", e.name()).put("kind", e.kind());
            if (e instanceof Expectation.Schema s) {
                ObjectNode columns = o.putObject("columns");
                s.types().forEach((c, t) -> columns.put(c, t.name()));
                o.put("exact", s.exact());
            } else if (e instanceof Expectation.Completeness c) {
                o.put("column", c.column()).put("atLeast", c.atLeast());
            } else if (e instanceof Expectation.Range r) {
                o.put("column", r.column());
                if (r.min() != Double.NEGATIVE_INFINITY) {
                    o.put("min", r.min());
                }
                if (r.max() != Double.POSITIVE_INFINITY) {
                    o.put("max", r.max());
                }
                o.put("mostly", r.mostly());
            } else if (e instanceof Expectation.Categories c) {
                o.put("column", c.column());
                ArrayNode allowed = o.putArray("allowed");
                c.allowed().forEach(allowed::add);
                o.put("mostly", c.mostly());
            } else if (e instanceof Expectation.Unique u) {
                ArrayNode columns = o.putArray("columns");
                u.keyColumns().forEach(columns::add);
            } else if (e instanceof Expectation.RowCount r) {
                o.put("min", r.min());
                if (r.max() != Long.MAX_VALUE) {
                    o.put("max", r.max());
                }
            } else if (e instanceof Expectation.Custom c) {
                o.put("predicate", c.predicate()).put("mostly", c.mostly());
            }
        }
        return root.toString();
    }

    static DataQualitySuite read(String source, String text, Map<String, Predicate<DataRow>> predicates) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DataQualitySuiteException(source, List.of("not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new DataQualitySuiteException(source, List.of("the document must be an object with 'suite' and"
                    + " 'expectations', but was " + (root == null ? "empty" : root.getNodeType())));
        }
        List<String> errors = new ArrayList<>();
        root.fieldNames().forEachRemaining(f -> {
            if (!Set.of("suite", "examples", "expectations").contains(f)) {
                errors.add(f + ": unknown field (expected suite, examples, expectations)");
            }
        });
        JsonNode nameNode = root.path("suite");
        String name = nameNode.isTextual() && !nameNode.asText().isBlank() ? nameNode.asText() : null;
        if (name == null) {
            errors.add("suite must be a non-blank string, but was " + show(nameNode));
        }
        int examples = DataQualitySuite.DEFAULT_EXAMPLES;
        JsonNode ex = root.path("examples");
        if (!ex.isMissingNode()) {
            if (ex.isIntegralNumber() && ex.asLong() >= 0 && ex.asLong() <= DataQualitySuite.MAX_EXAMPLES) {
                examples = ex.asInt();
            } else {
                errors.add("examples must be an integer in [0, " + DataQualitySuite.MAX_EXAMPLES + "], but was "
                        + show(ex));
            }
        }
        List<Expectation> expectations = new ArrayList<>();
        JsonNode list = root.path("expectations");
        if (!list.isArray() || list.isEmpty()) {
            errors.add("expectations must be a non-empty array, but was " + show(list));
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Expectation e = expectation("expectations[" + i + "]", list.get(i), predicates, errors);
                // names are compared as written, so a duplicate is reported even when an expectation was bad
                JsonNode n = list.get(i).path("name");
                if (n.isTextual() && !names.add(n.asText())) {
                    errors.add("expectations[" + i + "].name: '" + n.asText() + "' is used by an earlier expectation;"
                            + " names must be unique");
                } else if (e != null) {
                    expectations.add(e);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new DataQualitySuiteException(source, errors);
        }
        DataQualitySuite.Builder b = DataQualitySuite.builder(name).examples(examples);
        expectations.forEach(b::expect);
        return b.build();
    }

    private static Expectation expectation(String path, JsonNode node, Map<String, Predicate<DataRow>> predicates,
                                           List<String> errors) {
        if (!node.isObject()) {
            errors.add(path + " must be an object, but was " + show(node));
            return null;
        }
        int before = errors.size();
        String name = text(path + ".name", node.path("name"), errors);
        JsonNode kindNode = node.path("kind");
        String kind = kindNode.isTextual() ? kindNode.asText() : null;
        Set<String> fields = kind == null ? null : FIELDS.get(kind);
        if (fields == null) {
            errors.add(path + ".kind must be one of " + new java.util.TreeSet<>(FIELDS.keySet()) + ", but was "
                    + show(kindNode));
            return null;
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!f.equals("name") && !f.equals("kind") && !fields.contains(f)) {
                errors.add(path + "." + f + ": unknown field for kind '" + kind + "' (expected " + new java.util.TreeSet<>(
                        fields) + ")");
            }
        });
        Expectation e = null;
        Reader r = new Reader(path, node, errors);
        switch (kind) {
            case "schema" -> {
                Map<String, ColumnType> types = r.types("columns");
                boolean exact = r.bool("exact", false);
                if (errors.size() == before) {
                    e = r.build(() -> new Expectation.Schema(name, types, exact));
                }
            }
            case "completeness" -> {
                String column = r.string("column");
                double atLeast = r.number("atLeast", Double.NaN, true);
                if (errors.size() == before) {
                    e = r.build(() -> new Expectation.Completeness(name, column, atLeast));
                }
            }
            case "range" -> {
                String column = r.string("column");
                double min = r.number("min", Double.NEGATIVE_INFINITY, false);
                double max = r.number("max", Double.POSITIVE_INFINITY, false);
                double mostly = r.number("mostly", 1, false);
                if (node.path("min").isMissingNode() && node.path("max").isMissingNode()) {
                    errors.add(path + ": a range needs min, max or both, but had neither");
                }
                if (errors.size() == before) {
                    e = r.build(() -> new Expectation.Range(name, column, min, max, mostly));
                }
            }
            case "categories" -> {
                String column = r.string("column");
                List<String> allowed = r.strings("allowed");
                double mostly = r.number("mostly", 1, false);
                if (errors.size() == before) {
                    e = r.build(() -> new Expectation.Categories(name, column, new LinkedHashSet<>(allowed), mostly));
                }
            }
            case "unique" -> {
                List<String> columns = r.strings("columns");
                if (errors.size() == before) {
                    e = r.build(() -> new Expectation.Unique(name, columns));
                }
            }
            case "row_count" -> {
                long min = r.count("min", 0);
                long max = r.count("max", Long.MAX_VALUE);
                if (errors.size() == before) {
                    e = r.build(() -> new Expectation.RowCount(name, min, max));
                }
            }
            default -> {
                String key = r.string("predicate");
                double mostly = r.number("mostly", 1, false);
                Predicate<DataRow> test = key == null ? null : predicates.get(key);
                if (key != null && test == null) {
                    errors.add(path + ".predicate: '" + key + "' is not among the predicates given to the loader "
                            + new java.util.TreeSet<>(predicates.keySet()));
                }
                if (errors.size() == before) {
                    e = r.build(() -> new Expectation.Custom(name, key, test, mostly));
                }
            }
        }
        return e;
    }

    private static String text(String path, JsonNode node, List<String> errors) {
        if (node.isTextual() && !node.asText().isBlank()) {
            return node.asText();
        }
        errors.add(path + " must be a non-blank string, but was " + show(node));
        return null;
    }

    static String show(JsonNode node) {
        if (node.isMissingNode()) {
            return "missing";
        }
        String s = node.toString();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Reads the fields of one expectation object, adding an error (path and value) for each bad one. */
    private record Reader(String path, JsonNode node, List<String> errors) {
        String string(String field) {
            return text(path + "." + field, node.path(field), errors);
        }

        double number(String field, double absent, boolean required) {
            JsonNode v = node.path(field);
            if (v.isMissingNode() && !required) {
                return absent;
            }
            if (!v.isNumber()) {
                errors.add(path + "." + field + " must be a number, but was " + show(v));
                return Double.NaN;
            }
            return v.asDouble();
        }

        long count(String field, long absent) {
            JsonNode v = node.path(field);
            if (v.isMissingNode()) {
                return absent;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                errors.add(path + "." + field + " must be a whole number, but was " + show(v));
                return 0;
            }
            return v.asLong();
        }

        boolean bool(String field, boolean absent) {
            JsonNode v = node.path(field);
            if (v.isMissingNode()) {
                return absent;
            }
            if (!v.isBoolean()) {
                errors.add(path + "." + field + " must be true or false, but was " + show(v));
            }
            return v.asBoolean();
        }

        List<String> strings(String field) {
            JsonNode v = node.path(field);
            if (!v.isArray() || v.isEmpty()) {
                errors.add(path + "." + field + " must be a non-empty array of strings, but was " + show(v));
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    errors.add(path + "." + field + "[" + i + "] must be a string, but was " + show(v.get(i)));
                } else {
                    out.add(v.get(i).asText());
                }
            }
            return out;
        }

        Map<String, ColumnType> types(String field) {
            JsonNode v = node.path(field);
            if (!v.isObject() || v.isEmpty()) {
                errors.add(path + "." + field + " must be a non-empty object of column → type, but was " + show(v));
                return Map.of();
            }
            Map<String, ColumnType> out = new LinkedHashMap<>();
            v.properties().forEach(entry -> {
                JsonNode t = entry.getValue();
                try {
                    out.put(entry.getKey(), ColumnType.valueOf(t.asText("")));
                } catch (IllegalArgumentException bad) {
                    errors.add(path + "." + field + "." + entry.getKey() + " must be one of "
                            + Arrays.toString(ColumnType.values()) + ", but was " + show(t));
                }
            });
            return out;
        }

        /** Builds the record; its own checks (bounds in order, shares in range …) become errors with the path. */
        Expectation build(java.util.function.Supplier<Expectation> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException bad) {
                errors.add(path + ": " + bad.getMessage());
                return null;
            }
        }
    }
}
