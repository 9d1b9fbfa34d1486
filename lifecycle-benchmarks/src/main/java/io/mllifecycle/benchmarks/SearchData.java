package io.mllifecycle.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.file.Durability;
import io.mllifecycle.store.file.FileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds the search data set twice over: in a file store, and as one JSON file per run (params and
 * latest metrics, like MLflow's per-run files) for the baseline that has no index.
 */
final class SearchData {
    static final String EXPERIMENT = "sweep";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchData() {}

    static void build(Path storeDir, Path baselineDir, int runs) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        Files.createDirectories(baselineDir);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (FileStore store = FileStore.builder(storeDir).durability(Durability.BATCHED).open()) {
            String exp = store.tracking().createExperiment(EXPERIMENT, "", Map.of(), t).id();
            for (int i = 0; i < runs; i++) {
                String run = store.tracking().createRun(new NewRun(exp, null, "run-" + i, Map.of("sweep", "s1"),
                        t.plusMillis(i), RunSource.unknown())).id();
                Map<String, String> params = Map.of("depth", Integer.toString(2 + random.nextInt(8)),
                        "lr", Double.toString(Math.pow(10, -1 - random.nextInt(4))));
                double auc = random.nextDouble();
                double loss = random.nextDouble();
                store.tracking().logParams(run, params);
                store.tracking().logMetrics(run, List.of(new MetricPoint("auc", auc, 1, t), new MetricPoint("loss", loss, 1, t)));
                Path dir = Files.createDirectories(baselineDir.resolve(run));
                Files.write(dir.resolve("run.json"), JSON.writeValueAsBytes(Map.of("id", run, "params", params,
                        "tags", Map.of("sweep", "s1"), "metrics", Map.of("auc", auc, "loss", loss))));
            }
        }
    }
}
