package io.mllifecycle.server.ui;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.server.LifecycleServer;
import io.mllifecycle.server.Role;
import io.mllifecycle.server.TokenFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/** A server with one token per role over a given lifecycle, and an HTTP client that does not follow redirects. */
final class UiServer implements AutoCloseable {
    final LifecycleServer server;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    UiServer(Lifecycle lifecycle, Path dir, Consumer<LifecycleServer.Builder> settings) {
        Path file = dir.resolve("tokens.json");
        for (Role r : Role.values()) {
            tokens.put(r, TokenFile.addToken(file, r.label() + "-user", r));
        }
        LifecycleServer.Builder b = LifecycleServer.builder(lifecycle).port(0).auth(TokenFile.load(file))
                .shutdownGrace(Duration.ofSeconds(1));
        settings.accept(b);
        server = b.start();
    }

    String url(String path) {
        return server.url() + path;
    }

    HttpResponse<String> get(String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postForm(String path, String cookie, String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b.build());
    }

    /** Logs in with the role's token and returns the {@code name=value} of the session cookie. */
    String login(Role role) {
        HttpResponse<String> r = postForm("/ui/login", null, "token", tokens.get(role), "next", "/ui/experiments");
        if (r.statusCode() != 303) {
            throw new IllegalStateException("login answered " + r.statusCode() + ": " + r.body());
        }
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    @Override
    public void close() {
        server.close();
    }
}
