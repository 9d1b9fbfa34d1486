package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the README's "Web UI" section: its jar command adds a reader token, its curl calls log in and read pages. */
class ReadmeWebUiTest {
    @TempDir
    Path dir;

    static String section() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Web UI (`lifecycle-server`, `/ui/`)");
        assertThat(start).isNotNegative();
        int end = readme.indexOf("\n## ", start + 5);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    @Test
    void commands_run() throws Exception {
        List<String> bash = ReadmeServerTest.blocks(section(), "bash");
        List<String> jar = bash.get(0).lines().filter(l -> l.startsWith("java -jar")).toList();
        assertThat(jar).hasSize(2);
        assertThat(jar.get(1)).isEqualTo("java -jar lifecycle-server/target/lifecycle-server.jar --store file:./mlruns"
                + " --port 5000 --auth tokens.json");
        String[] add = jar.get(0).trim().split("\\s+");
        List<String> args = new ArrayList<>(List.of(add).subList(3, add.length));
        args.set(args.indexOf("tokens.json"), dir.resolve("tokens.json").toString());
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ServerCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args.toArray(String[]::new))).isZero();
        String token = out.toString().trim();

        List<String> curls = bash.get(1).lines().filter(l -> l.startsWith("curl")).toList();
        assertThat(curls).hasSize(4);
        try (io.mllifecycle.Lifecycle lifecycle = io.mllifecycle.Lifecycle.open("mem:readme-ui");
             LifecycleServer server = LifecycleServer.builder(lifecycle).port(0)
                     .auth(TokenFile.load(dir.resolve("tokens.json"))).start()) {
            String host = server.url().substring("http://".length());
            List<String> answers = new ArrayList<>();
            for (String curl : curls) {
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", curl.replace("127.0.0.1:5000", host))
                        .directory(dir.toFile()).redirectErrorStream(true);
                pb.environment().put("TOKEN", token);
                Process p = pb.start();
                p.getOutputStream().close();
                answers.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
                assertThat(p.waitFor()).as(curl).isZero();
            }
            String base = server.url();
            assertThat(answers.get(0)).isEqualTo("303 " + base + "/ui/login?next=%2Fui%2Fruns%3Fexperiment%3D1");
            assertThat(answers.get(1)).isEqualTo("303 " + base + "/ui/models");
            assertThat(Files.readString(dir.resolve("cookies.txt"))).contains("mllc_session").doesNotContain(token);
            assertThat(answers.get(2)).isEqualTo("<title>Models</title>");
            assertThat(answers.get(3)).startsWith("Chain verified: all ").endsWith(" events intact.");
        }
        assertThat(new File(dir.toFile(), "cookies.txt")).exists();
    }
}
