package io.mllifecycle.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Method and path → endpoint. Exact paths are one map lookup; patterns have {@code {name}} segments
 * (one segment) and a trailing {@code {name...}} (the rest of the path).
 */
final class Router {
    @FunctionalInterface
    interface Handler {
        Object handle(Call call) throws Exception;
    }

    /** @param role the least role a token needs; null for an endpoint whose URL carries its authorisation */
    record Endpoint(String method, String pattern, Role role, Handler handler) {}

    record Match(Endpoint endpoint, Map<String, String> params) {}

    private final Map<String, Map<String, Endpoint>> exact = new HashMap<>();
    private final List<Endpoint> patterns = new ArrayList<>();
    private final List<Endpoint> urlAuthorised = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    Router add(String method, String pattern, Role role, Handler handler) {
        Endpoint e = new Endpoint(method, pattern, role, handler);
        if (pattern.contains("{")) {
            patterns.add(e);
        } else if (exact.computeIfAbsent(pattern, p -> new LinkedHashMap<>()).put(method, e) != null) {
            throw new IllegalStateException("endpoint " + method + " " + pattern + " was already added");
        }
        return this;
    }

    /**
     * Adds an endpoint whose URL carries its own authorisation (a secret checked by the handler), for
     * clients that send no bearer token there: the part URLs of MLflow's multipart upload, which MLflow's
     * client uses as it uses S3's presigned URLs. A pattern with a trailing {@code {name...}}.
     */
    Router addUrlAuthorised(String method, String pattern, Handler handler) {
        Endpoint e = new Endpoint(method, pattern, null, handler);
        urlAuthorised.add(e);
        patterns.add(e);
        return this;
    }

    /** @return the match if {@code method path} is a URL-authorised endpoint, else null */
    Match matchUrlAuthorised(String method, String path) {
        String[] segments = split(path);
        for (Endpoint e : urlAuthorised) {
            Map<String, String> params = bind(split(e.pattern()), segments);
            if (params != null && e.method().equals(method)) {
                return new Match(e, params);
            }
        }
        return null;
    }

    /** Registers something an endpoint keeps (temporary files), closed with the server. */
    <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Closes what the endpoints keep; failures are returned, not thrown, so every resource is closed. */
    List<Exception> closeResources() {
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /** @throws ApiException 404 ENDPOINT_NOT_FOUND for an unknown path, 405 for a method not allowed */
    Match match(String method, String path) {
        Map<String, Endpoint> byMethod = exact.get(path);
        TreeSet<String> allowed = new TreeSet<>();
        if (byMethod != null) {
            Endpoint e = byMethod.get(method);
            if (e != null) {
                return new Match(e, Map.of());
            }
            allowed.addAll(byMethod.keySet());
        }
        String[] segments = split(path);
        for (Endpoint e : patterns) {
            Map<String, String> params = bind(split(e.pattern()), segments);
            if (params != null) {
                if (e.method().equals(method)) {
                    return new Match(e, params);
                }
                allowed.add(e.method());
            }
        }
        if (!allowed.isEmpty()) {
            throw new MethodNotAllowed(method, path, allowed);
        }
        throw new ApiException(ApiException.Code.ENDPOINT_NOT_FOUND, "No API endpoint " + method + " " + path
                + "; see /api/lifecycle/v1/openapi.json and MLflow's REST API 2.0.");
    }

    /** @return every endpoint, for the OpenAPI document */
    List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        exact.values().forEach(m -> all.addAll(m.values()));
        all.addAll(patterns);
        return all;
    }

    static final class MethodNotAllowed extends ApiException {
        private static final long serialVersionUID = 1L;
        final String allow;

        MethodNotAllowed(String method, String path, TreeSet<String> allowed) {
            super(Code.BAD_REQUEST, 405, "Method " + method + " is not allowed on " + path + "; allowed: "
                    + String.join(", ", allowed) + ".");
            this.allow = String.join(", ", allowed);
        }
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private static Map<String, String> bind(String[] pattern, String[] path) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("...}")) {
                if (i >= path.length) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 4), String.join("/", java.util.Arrays.copyOfRange(path, i,
                        path.length)));
                return params;
            }
            if (i >= path.length) {
                return null;
            }
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return pattern.length == path.length ? params : null;
    }
}
