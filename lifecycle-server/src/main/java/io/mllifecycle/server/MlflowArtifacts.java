package io.mllifecycle.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.spi.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MLflow's proxied artifacts ({@code /api/2.0/mlflow-artifacts/artifacts/<path>}): paths read
 * {@code <experiment>/<run>/artifacts/<file>}; bytes are stored once by digest in the artifact store and
 * the run records path → digest, so a client logs artifacts without cloud credentials. Large files come
 * in parts through MLflow's multipart upload ({@code mpu/create}, a PUT per part to the URLs it answers,
 * {@code mpu/complete} or {@code mpu/abort}; see {@link MultipartUploads}).
 */
final class MlflowArtifacts {
    /** Where the part URLs of a multipart upload point (not an MLflow endpoint: MLflow points them at S3). */
    static final String PART = "/mpu/upload/";
    private final MultipartUploads uploads;

    MlflowArtifacts(MultipartUploads uploads) {
        this.uploads = uploads;
    }

    void register(Router r, String base) {
        r.add("GET", base + "/artifacts", Role.READER, this::list);
        r.add("GET", base + "/artifacts/{path...}", Role.READER, this::download);
        r.add("PUT", base + "/artifacts/{path...}", Role.WRITER, this::upload);
        r.add("POST", base + "/mpu/create/{path...}", Role.WRITER, c -> createUpload(c, base));
        r.add("POST", base + "/mpu/complete/{path...}", Role.WRITER, this::completeUpload);
        r.add("POST", base + "/mpu/abort/{path...}", Role.WRITER, this::abortUpload);
        r.addUrlAuthorised("PUT", base + PART + "{path...}", this::uploadPart);
    }

    /**
     * MLflow's CreateMultipartUpload: {@code {path, num_parts}} → {@code {upload_id, credentials: [{url,
     * part_number, headers}]}}, one credential per part; each URL is this server's part endpoint with the
     * upload's id and key, so the client PUTs each part there without a token, as to a presigned URL.
     */
    private Object createUpload(Call c, String base) {
        String artifactPath = c.path("path");
        locate(c, artifactPath, true);
        c.requiredString("path");
        Long parts = c.longValue("num_parts");
        MultipartUploads.Upload u = uploads.create(artifactPath, c.principal.actor(), parts == null ? 1 : parts);
        String scheme = c.exchange instanceof com.sun.net.httpserver.HttpsExchange ? "https" : "http";
        String host = c.exchange.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) {
            host = c.exchange.getLocalAddress().getHostString() + ":" + c.exchange.getLocalAddress().getPort();
        }
        ObjectNode n = Json.object().put("upload_id", u.id);
        ArrayNode credentials = n.putArray("credentials");
        for (int part = 1; part <= u.parts; part++) {
            ObjectNode cred = credentials.addObject();
            cred.put("url", scheme + "://" + host + base + PART + encodePath(artifactPath) + "?upload_id=" + u.id
                    + "&part_number=" + part + "&key=" + u.secret());
            cred.put("part_number", part);
            cred.putObject("headers");
        }
        return n;
    }

    /** PUT of one part to the URL a credential named: answers 200 with the part's {@code ETag} header. */
    private Object uploadPart(Call c) {
        Map<String, String> query = query(c.exchange.getRequestURI().getRawQuery());
        String etag;
        try (InputStream in = c.body()) {
            etag = uploads.putPart(query.get("upload_id"), c.path("path"), query.get("key"), query.get("part_number"),
                    in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        c.exchange.getResponseHeaders().set("ETag", "\"" + etag + "\"");
        return Json.object();
    }

    /**
     * MLflow's CompleteMultipartUpload: {@code {path, upload_id, parts: [{part_number, etag}]}}; the parts,
     * in order, are stored as one artifact of the run (content-addressed, like a PUT) and the upload ends.
     */
    private Object completeUpload(Call c) {
        String artifactPath = c.path("path");
        Location at = locate(c, artifactPath, true);
        c.requiredString("path");
        MultipartUploads.Upload u = uploads.get(c.string("upload_id"), artifactPath);
        List<Map.Entry<Integer, String>> parts = new ArrayList<>();
        for (JsonNode p : c.list("parts")) {
            JsonNode number = p.get("part_number");
            if (number == null || !(number.canConvertToInt() || number.isTextual())) {
                throw ApiException.invalid("Invalid value for parameter 'parts': each part needs a 'part_number',"
                        + " but one was " + p + ".");
            }
            int n;
            try {
                n = number.isTextual() ? Integer.parseInt(number.asText()) : number.asInt();
            } catch (NumberFormatException e) {
                throw ApiException.invalid("Invalid value for parameter 'parts': 'part_number' must be an integer,"
                        + " but was " + number + ".");
            }
            parts.add(new java.util.AbstractMap.SimpleEntry<>(n, p.path("etag").asText(null)));
        }
        List<Path> files = uploads.checkParts(u, parts);
        ArtifactInfo info;
        try (InputStream in = concatenation(files)) {
            info = c.lifecycle.store().artifacts().put(in, "application/octet-stream");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            c.lifecycle.store().tracking().recordArtifact(at.run().id(), at.relative(), info.digest());
        } catch (ConflictException e) {
            throw ApiException.invalid(e.getMessage());
        }
        uploads.remove(u);
        return Json.object();
    }

    /** MLflow's AbortMultipartUpload: {@code {path, upload_id}}; the parts are deleted, nothing is stored. */
    private Object abortUpload(Call c) {
        String artifactPath = c.path("path");
        locate(c, artifactPath, true);
        c.requiredString("path");
        uploads.remove(uploads.get(c.string("upload_id"), artifactPath));
        return Json.object();
    }

    private static InputStream concatenation(List<Path> files) throws IOException {
        List<InputStream> streams = new ArrayList<>(files.size());
        try {
            for (Path f : files) {
                streams.add(Files.newInputStream(f));
            }
        } catch (IOException e) {
            for (InputStream s : streams) {
                s.close();
            }
            throw e;
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    private static String encodePath(String path) {
        StringBuilder b = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private record Location(RunRecord run, String relative) {}

    private Object upload(Call c) {
        Location at = locate(c, c.path("path"), true);
        String type = c.exchange.getRequestHeaders().getFirst("Content-Type");
        ArtifactInfo info;
        try (InputStream in = c.body()) {
            info = c.lifecycle.store().artifacts().put(in, type == null || type.isBlank()
                    ? "application/octet-stream" : type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            c.lifecycle.store().tracking().recordArtifact(at.run().id(), at.relative(), info.digest());
        } catch (ConflictException e) {
            throw ApiException.invalid(e.getMessage());
        }
        return Json.object();
    }

    private Object download(Call c) throws IOException {
        Location at = locate(c, c.path("path"), true);
        String digest = at.run().artifacts().get(at.relative());
        if (digest == null) {
            throw ApiException.notFound("Artifact '" + at.relative() + "' of run " + at.run().id() + " not found.");
        }
        String type = c.lifecycle.store().artifacts().info(digest).map(ArtifactInfo::mediaType)
                .orElse("application/octet-stream");
        long size = c.lifecycle.store().artifacts().info(digest).map(ArtifactInfo::size).orElse(0L);
        try (InputStream in = c.lifecycle.store().artifacts().open(digest)) {
            c.exchange.getResponseHeaders().set("Content-Type", type);
            c.exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (OutputStream out = c.exchange.getResponseBody()) {
                in.transferTo(out);
            }
        } catch (NotFoundException e) {
            throw ApiException.notFound("The bytes of artifact '" + at.relative() + "' (" + digest + ") are gone.");
        }
        return LifecycleServer.Replies.SENT;
    }

    private Object list(Call c) {
        String path = c.string("path");
        ObjectNode n = Json.object();
        ArrayNode files = n.putArray("files");
        if (path == null || path.isEmpty()) {
            return n;
        }
        Location at = locate(c, path, false);
        String prefix = at.relative().isEmpty() ? "" : at.relative() + "/";
        Map<String, Long> children = new TreeMap<>();
        Map<String, Boolean> dirs = new TreeMap<>();
        for (Map.Entry<String, String> e : at.run().artifacts().entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String rest = e.getKey().substring(prefix.length());
            int slash = rest.indexOf('/');
            String child = slash < 0 ? rest : rest.substring(0, slash);
            String full = prefix + child;
            if (slash >= 0) {
                dirs.put(full, true);
            } else {
                children.put(full, c.lifecycle.store().artifacts().info(e.getValue()).map(ArtifactInfo::size).orElse(0L));
            }
        }
        dirs.keySet().forEach(d -> files.addObject().put("path", d).put("is_dir", true));
        children.forEach((f, size) -> files.addObject().put("path", f).put("is_dir", false).put("file_size", size));
        return n;
    }

    /** @param file whether the path must name a file (not the artifact root) */
    private static Location locate(Call c, String path, boolean file) {
        String[] parts = path.split("/", 4);
        if (parts.length < 3 || !parts[2].equals("artifacts") || (file && parts.length < 4)) {
            throw ApiException.invalid("Invalid artifact path '" + path + "': lifecycle-server serves"
                    + " '<experiment_id>/<run_id>/artifacts/<path>'.");
        }
        String relative = parts.length == 4 ? parts[3] : "";
        if (!relative.isEmpty()) {
            try {
                Checks.artifactPath("artifact path", relative);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("Invalid artifact path '" + path + "': " + e.getMessage());
            }
        }
        RunRecord run;
        try {
            run = c.lifecycle.store().tracking().getRun(parts[1]);
        } catch (NotFoundException | IllegalArgumentException e) {
            throw ApiException.notFound("Run with id=" + parts[1] + " not found");
        }
        if (!run.experimentId().equals(parts[0])) {
            throw ApiException.notFound("Run " + parts[1] + " is not in experiment " + parts[0] + ".");
        }
        return new Location(run, relative);
    }
}
