package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.OutcomeUnknownException;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.jdbc.FlakyDataSource.Where;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's "Unknown outcomes" snippet, run with its first COMMIT failing. */
class ReadmeUnknownOutcomeTest {
    private final TestDatabase db = new TestDatabase();

    @AfterEach
    void drop() {
        db.dropAll();
    }

    private static List<AuditEntry> audit(ModelVersionRecord v) {
        return List.of(new AuditEntry(v.createdAt(), "ci", "model.version.create", v.reference(), Map.of()));
    }

    @Test
    @DisplayName("the README's retry with a request id registers once after an unknown outcome")
    void readmeSnippet() {
        JdbcConnectionPool pool = TestDatabase.pool(db.newSchema(), 2);
        FlakyDataSource flaky = new FlakyDataSource(pool);
        try (JdbcStore store = JdbcStore.builder(flaky).artifacts(new InMemoryArtifactStore()).onClose(pool).open()) {
            RegistryStore registry = store.registry();
            TrackingStore tracking = store.tracking();
            Instant now = Instant.parse("2026-05-01T00:00:00Z");
            String digest = "sha256:" + "34".repeat(32);
            String exp = tracking.createExperiment("e", "", Map.of(), now).id();
            String runId = tracking.createRun(new NewRun(exp, null, "r", Map.of(), now, RunSource.unknown())).id();
            registry.createModel("churn", "", Map.of(), now, List.of());
            List<MetricPoint> batch = List.of(new MetricPoint("loss", 0.3, 7, now));
            flaky.failNext(1, Where.COMMIT, "08006");

            NewModelVersion spec = new NewModelVersion("churn", runId, digest, "", Map.of(), Map.of(), null, now, "ci")
                    .withRequestId(UUID.randomUUID().toString());            // one id per intended registration
            ModelVersionRecord v;
            try {
                v = registry.createVersion(spec, created -> audit(created));
            } catch (OutcomeUnknownException e) {
                v = registry.createVersion(spec, created -> audit(created)); // the same version if the first one landed
            }
            tracking.logMetrics(runId, batch, "epoch-7");                    // repeatable: appended once

            tracking.logMetrics(runId, batch, "epoch-7");
            assertThat(flaky.failuresLeft()).isZero();
            assertThat(v.version()).isEqualTo(1);
            assertThat(registry.listVersions("churn")).hasSize(1);
            assertThat(registry.auditEvents(1, 10)).hasSize(1);
            assertThat(tracking.metricHistory(runId, "loss", 0, 10)).hasSize(1);
        }
    }
}
