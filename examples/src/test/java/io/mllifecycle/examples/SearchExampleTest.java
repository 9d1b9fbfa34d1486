package io.mllifecycle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SearchExampleTest {

    @Test
    void search_findsWhatTheReadmeSays() {
        try (Lifecycle lifecycle = Lifecycle.open("mem:search-example")) {
            SearchExample.sweep(lifecycle);
            SearchExample.Found found = SearchExample.search(lifecycle);
            assertThat(found.page().runs()).extracting(RunRecord::name)
                    .containsExactly("depth-8", "depth-6", "depth-8", "depth-6");
            assertThat(found.page().counted()).isFalse();
            assertThat(found.total()).isEqualTo(4);
            assertThat(found.all()).extracting(RunRecord::name).containsExactly("depth-8", "depth-6", "depth-4");
            assertThat(found.best()).map(RunRecord::name).contains("depth-8");
        }
    }

    @Test
    void runReads_resumeAndReadBack() {
        try (Lifecycle lifecycle = Lifecycle.builder().store(new io.mllifecycle.store.memory.InMemoryStore())
                .actor("ana").build()) {
            RunReadsExample.Read read = RunReadsExample.run(lifecycle);
            assertThat(read.loss()).extracting(io.mllifecycle.store.MetricPoint::value).containsExactly(0.9, 0.7);
            assertThat(read.trials()).extracting(t -> t.record().name()).containsExactly("eval");
            assertThat(read.artifacts()).singleElement().satisfies(a -> assertThat(a.size()).isEqualTo(3));
            assertThat(read.weights()).containsExactly(1, 2, 3);
            assertThat(read.user()).isEqualTo("ana");
        }
    }

    @Test
    void readmeSnippets_areTheExampleCode() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).as("README.md holds the snippet of SearchExample.search verbatim")
                .contains(region(root, "SearchExample", "search"));
        assertThat(readme).as("README.md holds the snippet of RunReadsExample.run verbatim")
                .contains(region(root, "RunReadsExample", "reads"));
    }

    /** @return the lines between the README markers of an example, without its indentation */
    static String region(Path root, String example, String name) throws IOException {
        String source = Files.readString(root.resolve("examples/src/main/java/io/mllifecycle/examples/" + example
                + ".java"), StandardCharsets.UTF_8);
        String begin = "// README:" + name + ":begin\n";
        int from = source.indexOf(begin) + begin.length();
        int to = source.lastIndexOf("\n", source.indexOf("// README:" + name + ":end")) + 1;
        String indent = " ".repeat(source.indexOf("// README:" + name + ":begin") - source.lastIndexOf("\n",
                source.indexOf("// README:" + name + ":begin")) - 1);
        return Arrays.stream(source.substring(from, to).split("\n", -1))
                .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l.strip())
                .collect(Collectors.joining("\n"));
    }
}
