package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request ids make a retried registration or metric batch a no-op, in the open store and after reopening. */
class RequestIdTest {
    @TempDir
    Path dir;

    private static NewModelVersion spec(String description) {
        return new NewModelVersion("m", null, "sha256:" + "ef".repeat(32), description, Map.of(), Map.of(), null,
                Seed.T0, "ci").withRequestId("req-1");
    }

    @Test
    void createVersion_repeatedRequestId_returnsTheFirstVersionAndAppendsNothing() {
        try (FileStore s = FileStore.open(dir)) {
            s.registry().createModel("m", "", Map.of(), Seed.T0, List.of());
            var first = s.registry().createVersion(spec("d"), v -> List.of(new AuditEntry(Seed.T0, "ci", "register",
                    v.reference(), Map.of())));
            var again = s.registry().createVersion(spec("d"), v -> List.of(new AuditEntry(Seed.T0, "ci", "register",
                    v.reference(), Map.of())));
            assertThat(again).isEqualTo(first);
            assertThatThrownBy(() -> s.registry().createVersion(spec("other"), v -> List.of()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("req-1");
        }
        try (FileStore s = FileStore.open(dir)) {
            assertThat(s.registry().createVersion(spec("d"), v -> List.of()).version()).isEqualTo(1);
            assertThat(s.registry().listVersions("m")).hasSize(1);
            assertThat(s.registry().auditEvents(1, 10)).hasSize(1);
        }
    }

    @Test
    void logMetrics_repeatedRequestId_appendsOnceAlsoAfterTheRunEnded() {
        Seed seed;
        List<MetricPoint> batch = List.of(new MetricPoint("auc", 0.9, 7, Seed.T0));
        try (FileStore s = FileStore.open(dir)) {
            seed = Seed.write(s);
            s.tracking().logMetrics(seed.runId(), batch, "batch-7");
            s.tracking().logMetrics(seed.runId(), batch, "batch-7");
            s.tracking().endRun(seed.runId(), RunStatus.FINISHED, Seed.T0, null);
        }
        try (FileStore s = FileStore.open(dir)) {
            s.tracking().logMetrics(seed.runId(), batch, "batch-7"); // a retry after the run ended: a no-op
            assertThat(s.tracking().metricHistory(seed.runId(), "auc", 0, 10)).hasSize(1);
            assertThatThrownBy(() -> s.tracking().logMetrics(seed.runId(),
                    List.of(new MetricPoint("auc", 0.8, 7, Seed.T0)), "batch-7")).isInstanceOf(ConflictException.class);
        }
    }
}
