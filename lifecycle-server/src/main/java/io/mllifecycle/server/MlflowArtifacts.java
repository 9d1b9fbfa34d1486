package io.mllifecycle.server;

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
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * MLflow's proxied artifacts ({@code /api/2.0/mlflow-artifacts/artifacts/<path>}): paths read
 * {@code <experiment>/<run>/artifacts/<file>}; bytes are stored once by digest in the artifact store and
 * the run records path → digest, so a client logs artifacts without cloud credentials.
 */
final class MlflowArtifacts {
    void register(Router r, String base) {
        r.add("GET", base + "/artifacts", Role.READER, this::list);
        r.add("GET", base + "/artifacts/{path...}", Role.READER, this::download);
        r.add("PUT", base + "/artifacts/{path...}", Role.WRITER, this::upload);
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
