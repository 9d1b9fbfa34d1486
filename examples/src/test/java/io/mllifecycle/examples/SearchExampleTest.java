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
            assertThat(found.page().count()).isEqualTo(4);
            assertThat(found.all()).extracting(RunRecord::name).containsExactly("depth-8", "depth-6", "depth-4");
            assertThat(found.best()).map(RunRecord::name).contains("depth-8");
        }
    }

    @Test
    void readmeSnippet_isTheExampleCode() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String source = Files.readString(root.resolve("examples/src/main/java/io/mllifecycle/examples/SearchExample.java"),
                StandardCharsets.UTF_8);
        String region = source.substring(source.indexOf("// README:search:begin\n") + "// README:search:begin\n".length(),
                source.indexOf("        // README:search:end"));
        String snippet = Arrays.stream(region.split("\n", -1)).map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).as("README.md holds the snippet of SearchExample.search verbatim").contains(snippet);
    }
}
