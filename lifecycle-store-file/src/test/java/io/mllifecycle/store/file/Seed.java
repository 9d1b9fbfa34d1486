package io.mllifecycle.store.file;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A small store content for damage and failure tests: one experiment, one run with params, metrics and a blob. */
record Seed(String experimentId, String runId, ArtifactInfo blob) {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    static Seed write(LifecycleStore store) {
        String exp = store.tracking().createExperiment("exp", "", Map.of(), T0).id();
        RunRecord run = store.tracking().createRun(new NewRun(exp, null, "run", Map.of(), T0, RunSource.unknown()));
        store.tracking().logParams(run.id(), Map.of("depth", "6"));
        store.tracking().logMetrics(run.id(), List.of(new MetricPoint("loss", 0.5, 1, T0)));
        store.tracking().logMetrics(run.id(), List.of(new MetricPoint("loss", 0.4, 2, T0)));
        store.tracking().logMetrics(run.id(), List.of(new MetricPoint("loss", 0.3, 3, T0)));
        ArtifactInfo blob = store.artifacts().put(new ByteArrayInputStream("model bytes".getBytes(StandardCharsets.UTF_8)),
                "application/octet-stream");
        return new Seed(exp, run.id(), blob);
    }

    /** Asserts the seeded content is all there. */
    void assertIntact(LifecycleStore store) {
        org.assertj.core.api.Assertions.assertThat(store.tracking().getRun(runId).params()).containsEntry("depth", "6");
        org.assertj.core.api.Assertions.assertThat(store.tracking().metricHistory(runId, "loss", 0, 10))
                .extracting(MetricPoint::value).containsExactly(0.5, 0.4, 0.3);
        org.assertj.core.api.Assertions.assertThat(store.artifacts().info(blob.digest())).contains(blob);
    }
}
