package io.mllifecycle.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Comparator;
import java.util.Locale;

/** Every endpoint of the server, and the OpenAPI document describing them. */
final class Endpoints {
    static final String MLFLOW = "/api/2.0/mlflow";
    static final String ARTIFACTS = "/api/2.0/mlflow-artifacts";

    private Endpoints() {}

    static Router router(LifecycleServer.ActorViews views, Clock clock) {
        Router r = new Router();
        new MlflowTracking(clock).register(r, MLFLOW);
        new MlflowRegistry(clock).register(r, MLFLOW);
        new MlflowArtifacts(r.keep(new MultipartUploads(clock))).register(r, ARTIFACTS);
        new LifecycleApi(views).register(r);
        ObjectNode openapi = openApi(r);
        r.add("GET", LifecycleApi.BASE + "/openapi.json", Role.READER, c -> openapi);
        return r;
    }

    /** An OpenAPI 3.0 document listing every path, its method and the role it needs. */
    static ObjectNode openApi(Router r) {
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", "ML Lifecycle server").put("version", "v1")
                .put("description", "MLflow REST API 2.0 (tracking, model registry, proxied artifacts) and the"
                        + " lifecycle API. Every call needs 'Authorization: Bearer <token>'; x-required-role names"
                        + " the least role.");
        doc.putObject("components").putObject("securitySchemes").putObject("bearer").put("type", "http")
                .put("scheme", "bearer");
        doc.putArray("security").addObject().putArray("bearer");
        ObjectNode paths = doc.putObject("paths");
        r.endpoints().stream().sorted(Comparator.comparing(Router.Endpoint::pattern)
                        .thenComparing(Router.Endpoint::method))
                .forEach(e -> {
                    String path = e.pattern().replace("...}", "}");
                    ObjectNode op = paths.withObjectProperty(path).putObject(e.method().toLowerCase(Locale.ROOT));
                    op.put("x-required-role", e.role() == null ? "none: the URL carries its key" : e.role().label());
                    op.put("summary", e.method() + " " + path);
                    ObjectNode responses = op.putObject("responses");
                    responses.putObject("200").put("description", "success (JSON unless the path serves bytes)");
                    responses.putObject("400").put("description", "MLflow error {error_code, message}");
                    responses.putObject("401").put("description", "no or unknown bearer token");
                    responses.putObject("403").put("description", "the token's role is below x-required-role");
                    responses.putObject("404").put("description", "RESOURCE_DOES_NOT_EXIST or ENDPOINT_NOT_FOUND");
                    var params = op.putArray("parameters");
                    var m = java.util.regex.Pattern.compile("\\{([a-z_]+)}").matcher(path);
                    while (m.find()) {
                        params.addObject().put("name", m.group(1)).put("in", "path").put("required", true)
                                .putObject("schema").put("type", "string");
                    }
                });
        return doc;
    }
}
