package io.mllifecycle.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.mllifecycle.Lifecycle;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as a handler sees it: who sent it, the lifecycle acting for them, path parameters and
 * the request message — the JSON body, or for GET the query string — with MLflow's checks and messages
 * for missing and mistyped fields.
 */
final class Call {
    private static final String HINT = " See the API docs for more information about request parameters.";

    final HttpExchange exchange;
    final Principal principal;
    final Lifecycle lifecycle;
    final Map<String, String> pathParams;
    final long maxBody;
    private ObjectNode message;

    Call(HttpExchange exchange, Principal principal, Lifecycle lifecycle, Map<String, String> pathParams, long maxBody) {
        this.exchange = exchange;
        this.principal = principal;
        this.lifecycle = lifecycle;
        this.pathParams = pathParams;
        this.maxBody = maxBody;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** @return the request message: the query string for GET, else the JSON object in the body */
    ObjectNode message() {
        if (message == null) {
            message = "GET".equals(method()) ? fromQuery(exchange.getRequestURI().getRawQuery()) : fromBody();
        }
        return message;
    }

    /** @return the raw body, at most {@code maxBody} bytes (else 413 once the limit is passed) */
    InputStream body() {
        return new LimitedInputStream(exchange.getRequestBody(), maxBody);
    }

    String path(String name) {
        return pathParams.get(name);
    }

    String string(String field) {
        JsonNode n = message().get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw wrongType(field, n);
        }
        return n.asText();
    }

    String requiredString(String field) {
        String s = string(field);
        if (s == null || s.isEmpty()) {
            throw missing(field);
        }
        return s;
    }

    Long longValue(String field) {
        JsonNode n = message().get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.asText().trim());
            } catch (NumberFormatException e) {
                throw wrongType(field, n);
            }
        }
        throw wrongType(field, n);
    }

    long requiredLong(String field) {
        Long v = longValue(field);
        if (v == null) {
            throw missing(field);
        }
        return v;
    }

    int intValue(String field, int defaultValue, int min, int max) {
        Long v = longValue(field);
        if (v == null) {
            return defaultValue;
        }
        if (v < min || v > max) {
            throw ApiException.invalid("Invalid value " + v + " for parameter '" + field + "' supplied: it must be"
                    + " between " + min + " and " + max + "." + HINT);
        }
        return v.intValue();
    }

    Double doubleValue(String field) {
        JsonNode n = message().get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            String t = n.asText().trim();
            switch (t) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(t);
                    } catch (NumberFormatException e) {
                        throw wrongType(field, n);
                    }
            }
        }
        throw wrongType(field, n);
    }

    double requiredDouble(String field) {
        Double v = doubleValue(field);
        if (v == null) {
            throw missing(field);
        }
        return v;
    }

    Boolean bool(String field) {
        JsonNode n = message().get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isTextual() && (n.asText().equalsIgnoreCase("true") || n.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(n.asText());
        }
        throw wrongType(field, n);
    }

    /** @return the elements of a repeated field (a single value counts as one), never null */
    List<JsonNode> list(String field) {
        JsonNode n = message().get(field);
        List<JsonNode> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(out::add);
        } else if (n.isObject() || n.isValueNode()) {
            out.add(n);
        }
        return out;
    }

    List<String> stringList(String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list(field)) {
            if (!n.isTextual()) {
                throw wrongType(field, n);
            }
            out.add(n.asText());
        }
        return out;
    }

    /** @return {key → value} of a repeated {@code {"key":…,"value":…}} field, in order */
    Map<String, String> keyValues(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode n : list(field)) {
            if (!n.isObject()) {
                throw wrongType(field, n);
            }
            JsonNode k = n.get("key");
            JsonNode v = n.get("value");
            if (k == null || !k.isTextual()) {
                throw k == null ? missing(field + ".key") : wrongType(field + ".key", k);
            }
            if (v == null || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
                throw v == null ? missing(field + ".value") : wrongType(field + ".value", v);
            }
            out.put(k.asText(), v.asText());
        }
        return out;
    }

    static ApiException missing(String field) {
        return ApiException.invalid("Missing value for required parameter '" + field + "'." + HINT);
    }

    static ApiException wrongType(String field, JsonNode value) {
        String shown = value.toString();
        if (shown.length() > 200) {
            shown = shown.substring(0, 200) + "…";
        }
        return ApiException.invalid("Invalid value " + shown + " for parameter '" + field + "' supplied. Hint: Value"
                + " was of type '" + typeName(value.getNodeType()) + "'." + HINT);
    }

    private static String typeName(JsonNodeType t) {
        return switch (t) {
            case ARRAY -> "list";
            case OBJECT -> "dict";
            case STRING -> "str";
            case BOOLEAN -> "bool";
            case NUMBER -> "number";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    private ObjectNode fromBody() {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ApiException.invalid("Bad Request. Content-Type must be one of ['application/json'], but was '"
                    + type + "'.");
        }
        try (InputStream in = body()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return Json.object();
            }
            JsonNode n = Json.MAPPER.readTree(bytes);
            if (n == null || n.isMissingNode() || n.isNull()) {
                return Json.object();
            }
            if (!n.isObject()) {
                throw ApiException.invalid("Bad Request. The request body must be a JSON object, but was a "
                        + typeName(n.getNodeType()) + ".");
            }
            return (ObjectNode) n;
        } catch (StreamConstraintsException e) {
            throw ApiException.invalid("Bad Request. The request body is nested deeper than " + Json.MAX_DEPTH
                    + " levels or has an oversized value: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw ApiException.invalid("Bad Request. The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ObjectNode fromQuery(String rawQuery) {
        ObjectNode n = Json.object();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return n;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (key.endsWith("[]")) {
                key = key.substring(0, key.length() - 2);
            }
            JsonNode prior = n.get(key);
            if (prior == null) {
                n.put(key, value);
            } else if (prior.isArray()) {
                ((ArrayNode) prior).add(value);
            } else {
                ArrayNode a = n.putArray(key);
                a.add(prior);
                a.add(value);
            }
        }
        return n;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Bad Request. The query string has a malformed escape in '" + s + "'.");
        }
    }
}
