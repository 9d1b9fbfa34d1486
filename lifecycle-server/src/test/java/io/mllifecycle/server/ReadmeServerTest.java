package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import picocli.CommandLine;

/** Runs the README's "Server" section: its jar commands, its Java snippets and its curl calls. */
class ReadmeServerTest {
    @TempDir
    Path dir;

    static String section() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Server (`lifecycle-server`)");
        assertThat(start).isNotNegative();
        int end = readme.indexOf("\n## ", start + 5);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    static List<String> blocks(String section, String language) {
        List<String> out = new ArrayList<>();
        String fence = "```" + language + "\n";
        for (int i = section.indexOf(fence); i >= 0; i = section.indexOf(fence, i + 1)) {
            int body = i + fence.length();
            out.add(section.substring(body, section.indexOf("```", body)));
        }
        return out;
    }

    @Test
    void jarCommands_addATokenAndServe() throws Exception {
        String shell = blocks(section(), "bash").get(0);
        List<String> commands = shell.lines().filter(l -> l.startsWith("java -jar")).toList();
        assertThat(commands).hasSize(2);
        Path tokens = dir.resolve("tokens.json");
        String[] add = args(commands.get(0), Map.of("tokens.json", tokens.toString()));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ServerCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(add)).isZero();
        String token = out.toString().trim();
        assertThat(TokenFile.load(tokens).authenticate(token)).contains(new Principal("alice", Role.APPROVER, false));

        ServerCommand serve = new ServerCommand();
        String[] serveArgs = args(commands.get(1), Map.of("tokens.json", tokens.toString(), "file:./mlruns",
                "file:" + dir.resolve("mlruns"), "5000", "0"));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(serve).execute(serveArgs));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (serve.server() == null && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(serve.server()).isNotNull();
        // the README's Java client snippet, against the server the README's command started
        String url = serve.server().url();
        String experimentId = javaClientSnippet(url, token);
        serve.stop();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        try (Lifecycle reopened = Lifecycle.open("file:" + dir.resolve("mlruns"))) {
            assertThat(reopened.store().tracking().getExperiment(experimentId).name()).isEqualTo("churn");
        }
    }

    private static String javaClientSnippet(String url, String token) throws Exception {
        assertThat(blocks(section(), "java").get(1)).isEqualTo("MlflowClient client = new MlflowClient(new"
                + " BasicMlflowHostCreds(\"http://localhost:5000\", token));\n"
                + "String experimentId = client.createExperiment(\"churn\");\n");
        MlflowClient client = new MlflowClient(new BasicMlflowHostCreds(url, token));
        String experimentId = client.createExperiment("churn");
        client.close();
        return experimentId;
    }

    @Test
    void embeddedSnippet() throws Exception {
        assertThat(blocks(section(), "java").get(0)).isEqualTo("""
                try (Lifecycle lifecycle = Lifecycle.open("file:./mlruns");
                     LifecycleServer server = LifecycleServer.builder(lifecycle).port(0)
                             .auth(TokenFile.load(Path.of("tokens.json"))).start()) {
                    String url = server.url(); // http://127.0.0.1:<the bound port>
                }
                """);
        TokenFile.addToken(dir.resolve("tokens.json"), "host", Role.READER);
        String store = "file:" + dir.resolve("mlruns");
        try (Lifecycle lifecycle = Lifecycle.open(store);
             LifecycleServer server = LifecycleServer.builder(lifecycle).port(0)
                     .auth(TokenFile.load(dir.resolve("tokens.json"))).start()) {
            String url = server.url(); // http://127.0.0.1:<the bound port>
            assertThat(url).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void curlCalls() throws Exception {
        List<String> curls = blocks(section(), "bash").get(1).lines().filter(l -> l.startsWith("curl")).toList();
        assertThat(curls).hasSize(6);
        try (TestServer server = new TestServer(dir)) {
            var tracking = server.lifecycle.store().tracking();
            String exp = tracking.createExperiment("e", "", Map.of(), java.time.Instant.now()).id();
            String run = server.send(Role.WRITER, "POST", "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + exp
                    + "\"}").json().at("/run/info/run_id").asText();
            server.sendBytes(Role.WRITER, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run
                    + "/artifacts/m.bin", new byte[] {1}, "application/octet-stream");
            server.lifecycle.models().register("churn", run, "m.bin", s -> { });
            server.lifecycle.models().register("churn", run, "m.bin", s -> { });
            server.lifecycle.models().model("churn").setAlias("champion", 1);
            String host = server.url().substring("http://".length());
            List<String> answers = new ArrayList<>();
            for (String curl : curls) {
                Process p = new ProcessBuilder("bash", "-c", curl.replace("localhost:5000", host))
                        .redirectErrorStream(true).start();
                p.getOutputStream().close();
                answers.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                assertThat(p.waitFor()).as(curl).isZero();
            }
            // TOKEN comes from the environment of the shell, as in the README
            assertThat(answers.get(0)).contains("UNAUTHENTICATED");
            answers.clear();
            for (String curl : curls) {
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", curl.replace("localhost:5000", host))
                        .redirectErrorStream(true);
                pb.environment().put("TOKEN", server.tokens.get(Role.APPROVER));
                Process p = pb.start();
                answers.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                assertThat(p.waitFor()).as(curl).isZero();
            }
            assertThat(answers.get(0)).contains("\"version\":1");
            assertThat(server.lifecycle.models().version("churn", 2).stage()).isEqualTo(Stage.STAGING);
            assertThat(answers.get(2)).startsWith("[");
            assertThat(answers.get(3)).isEqualTo(server.lifecycle.models().version("churn", 2).modelCard().toMarkdown());
            assertThat(answers.get(4)).contains("behind alias champion");
            assertThat(answers.get(5)).contains("\"intact\":true");
        }
    }

    /** Splits a README command line into the jar's arguments, substituting test paths. */
    private static String[] args(String line, Map<String, String> substitutions) {
        List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
        words = words.subList(3, words.size()); // drop "java -jar <jar>"
        return words.stream().map(w -> substitutions.getOrDefault(w, w)).toArray(String[]::new);
    }
}
