package io.mllifecycle.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.gate.GatePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/** A server over an in-memory store with one token per role, and raw HTTP helpers. */
final class TestServer implements AutoCloseable {
    final Lifecycle lifecycle;
    final LifecycleServer server;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String errorCode() {
            return json().path("error_code").asText();
        }
    }

    TestServer(Path dir) {
        this(dir, b -> { });
    }

    TestServer(Path dir, Consumer<LifecycleServer.Builder> settings) {
        this(Lifecycle.open("mem:test"), dir, settings);
    }

    TestServer(Lifecycle lifecycle, Path dir, Consumer<LifecycleServer.Builder> settings) {
        this.lifecycle = lifecycle;
        Path file = dir.resolve("tokens.json");
        for (Role r : Role.values()) {
            tokens.put(r, TokenFile.addToken(file, r.label() + "-user", r));
        }
        LifecycleServer.Builder b = LifecycleServer.builder(lifecycle).port(0).auth(TokenFile.load(file))
                .gatePolicy(GatePolicy.none()).shutdownGrace(Duration.ofSeconds(2));
        settings.accept(b);
        this.server = b.start();
    }

    String url() {
        return server.url();
    }

    MlflowClient client(Role role) {
        return new MlflowClient(new BasicMlflowHostCreds(url(), tokens.get(role)));
    }

    Answer send(Role role, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (role != null) {
            b.header("Authorization", "Bearer " + tokens.get(role));
        }
        return send(b.build());
    }

    Answer sendBytes(Role role, String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        if (role != null) {
            b.header("Authorization", "Bearer " + tokens.get(role));
        }
        return send(b.build());
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends raw request bytes (paths no HTTP client would send as they are) and returns the status line and body. */
    String raw(String requestHead, byte[] requestBody) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            if (requestBody != null) {
                out.write(requestBody);
            }
            out.flush();
            InputStream in = s.getInputStream();
            // read the head, then exactly Content-Length bytes: the server may still wait for the rest of a body
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            String h = head.toString(StandardCharsets.ISO_8859_1);
            var m = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(h);
            byte[] body = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : new byte[0];
            return h + new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        lifecycle.close();
    }
}
