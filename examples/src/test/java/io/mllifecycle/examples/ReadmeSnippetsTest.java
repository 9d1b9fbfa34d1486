package io.mllifecycle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README blocks that show example code must be that code, so what the README shows is what a test runs. */
class ReadmeSnippetsTest {

    private static List<String> between(Path file, String start, String end) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(start)) {
                from = i + 1;
            } else if (from >= 0 && lines.get(i).trim().equals(end)) {
                return lines.subList(from, i).stream().map(String::strip).toList();
            }
        }
        throw new AssertionError(file + " has no block between '" + start + "' and '" + end + "'");
    }

    @Test
    void governanceBlock_isRegistryExampleCode() throws IOException {
        Path readme = Path.of("..", "README.md");
        List<String> code = between(Path.of("src/main/java/io/mllifecycle/examples/RegistryExample.java"),
                "// README: governance", "// README: end");
        String text = Files.readString(readme);
        int at = text.indexOf("### Governance stored in the registry");
        assertThat(at).as("README governance section").isPositive();
        String block = text.substring(text.indexOf("```java", at) + 8, text.indexOf("```", text.indexOf("```java", at) + 7));
        assertThat(block.lines().map(String::strip).toList()).isEqualTo(code);
    }

    @Test
    void dataQualityBlock_isDataQualityExampleCode() throws IOException {
        List<String> code = between(Path.of("src/main/java/io/mllifecycle/examples/DataQualityExample.java"),
                "// README: data quality", "// README: end");
        String text = Files.readString(Path.of("..", "README.md"));
        int at = text.indexOf("## Data quality checks");
        assertThat(at).as("README data quality section").isPositive();
        String block = text.substring(text.indexOf("```java", at) + 8, text.indexOf("```", text.indexOf("```java", at) + 7));
        assertThat(block.lines().map(String::strip).toList()).isEqualTo(code);
    }
}
