package io.mllifecycle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.memory.InMemoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BufferedLoggingExampleTest {

    @Test
    void train_storesEveryPointInStepOrder() {
        InMemoryStore store = new InMemoryStore();
        String runId = BufferedLoggingExample.train(store);
        assertThat(store.tracking().metricHistory(runId, "loss", 0, 10_000)).extracting(MetricPoint::step)
                .containsExactly(LongStream.range(0, 1_000).boxed().toArray(Long[]::new));
        assertThat(store.tracking().getRun(runId).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(store.tracking().latestMetrics(runId).get("loss").step()).isEqualTo(999);
    }

    @Test
    void readmeSnippet_isTheExampleCode() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).as("README.md holds the snippet of BufferedLoggingExample.train verbatim")
                .contains(SearchExampleTest.region(root, "BufferedLoggingExample", "buffered"));
    }
}
