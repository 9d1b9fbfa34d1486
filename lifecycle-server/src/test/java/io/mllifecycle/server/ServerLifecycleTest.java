package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Starting, TLS, graceful close and the runnable jar's command. */
class ServerLifecycleTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("port(0) binds a free loopback port; close stops accepting")
    void startAndClose() {
        TestServer s = new TestServer(dir);
        int port = s.server.port();
        assertThat(port).isPositive();
        assertThat(s.url()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(s.send(Role.READER, "GET", "/api/lifecycle/v1/openapi.json", null).status()).isEqualTo(200);
        s.close();
        assertThatThrownBy(() -> s.send(Role.READER, "GET", "/api/lifecycle/v1/openapi.json", null))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    @DisplayName("close lets a request in flight finish")
    void closeFinishesInFlight() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        Lifecycle lifecycle = Lifecycle.open("mem:slow");
        // a slow authenticator stands for a slow request: it runs on the worker, inside the exchange
        Path file = dir.resolve("tokens.json");
        String token = TokenFile.addToken(file, "w", Role.READER);
        TokenFile tokens = TokenFile.load(file);
        LifecycleServer server = LifecycleServer.builder(lifecycle).port(0).shutdownGrace(Duration.ofSeconds(5))
                .auth(t -> {
                    inHandler.countDown();
                    try {
                        Thread.sleep(700);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return tokens.authenticate(t);
                }).start();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(URI.create(server.url()
                + "/api/lifecycle/v1/openapi.json")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
        server.close();
        assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        lifecycle.close();
    }

    @Test
    @DisplayName("TLS with a key store: HTTPS answers, plain HTTP does not")
    void tls() throws Exception {
        Path ks = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        TestServer s = new TestServer(Lifecycle.open("mem:tls"), dir, b -> b.tls(ks, "changeit".toCharArray()));
        try {
            assertThat(s.url()).startsWith("https://127.0.0.1:");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ctx).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(s.url()
                    + "/api/2.0/mlflow/experiments/search")).header("Authorization", "Bearer "
                    + s.tokens.get(Role.READER)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("experiments");
            assertThatThrownBy(() -> s.send(HttpRequest.newBuilder(URI.create(s.url().replace("https", "http")
                    + "/api/2.0/mlflow/experiments/search")).timeout(Duration.ofSeconds(5)).build()))
                    .isInstanceOf(RuntimeException.class);
        } finally {
            s.close();
        }
    }

    @Test
    @DisplayName("the jar's command serves a file store with a token file and stops cleanly")
    void command() throws Exception {
        Path tokens = dir.resolve("tokens.json");
        String token = TokenFile.addToken(tokens, "ci", Role.WRITER);
        ServerCommand command = new ServerCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(command).execute(
                "--store", "file:" + dir.resolve("mlruns"), "--port", "0", "--auth", tokens.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (command.server() == null && System.nanoTime() < deadline && !exit.isDone()) {
            Thread.sleep(20);
        }
        LifecycleServer server = command.server();
        assertThat(server).isNotNull();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                        + "/api/2.0/mlflow/experiments/create")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"from-cli\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        command.stop();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        try (Lifecycle reopened = Lifecycle.open("file:" + dir.resolve("mlruns"))) {
            assertThat(reopened.experiments()).extracting(e -> e.name()).containsExactly("from-cli");
        }
    }

    @Test
    void builder_checksArguments() {
        Lifecycle lifecycle = Lifecycle.open("mem:args");
        assertThatThrownBy(() -> LifecycleServer.builder(lifecycle).port(70000)).hasMessageContaining("70000");
        assertThatThrownBy(() -> LifecycleServer.builder(lifecycle).threads(0)).hasMessageContaining("threads");
        assertThatThrownBy(() -> LifecycleServer.builder(lifecycle).port(0).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("auth");
        assertThatThrownBy(() -> LifecycleServer.builder(lifecycle).tls(dir.resolve("none.p12"), new char[0]))
                .hasMessageContaining("none.p12");
        lifecycle.close();
    }
}
