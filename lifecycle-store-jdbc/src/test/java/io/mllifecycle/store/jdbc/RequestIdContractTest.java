package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.memory.InMemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client request ids, against the in-memory reference store and PostgreSQL alike (a candidate for the TCK):
 * a repeated id returns the first result and writes nothing; a reused id with other content is a conflict.
 */
class RequestIdContractTest {
    private static final Instant T = Instant.parse("2026-05-01T00:00:00Z");
    private static final String DIGEST = "sha256:" + "12".repeat(32);
    private static final TestDatabase DB = new TestDatabase();

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("in-memory", (Supplier<LifecycleStore>) InMemoryStore::new),
                Arguments.of("PostgreSQL", (Supplier<LifecycleStore>) DB::openNew));
    }

    @AfterAll
    static void drop() {
        DB.dropAll();
    }

    private static NewModelVersion spec(String model, String description, Instant at) {
        return new NewModelVersion(model, null, DIGEST, description, Map.of("t", "1"), Map.of(), null, at, "ci");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    @DisplayName("a registration repeated with its request id returns the first version and appends no events")
    void createVersion_repeatedRequestId(String name, Supplier<LifecycleStore> open) {
        try (LifecycleStore store = open.get()) {
            var registry = store.registry();
            registry.createModel("churn", "", Map.of(), T, List.of());
            registry.createModel("fraud", "", Map.of(), T, List.of());
            AtomicInteger audited = new AtomicInteger();
            ModelVersionRecord first = registry.createVersion(spec("churn", "d", T).withRequestId("req-1"), v -> {
                audited.incrementAndGet();
                return List.of(new AuditEntry(T, "ci", "model.version.create", v.reference(), Map.of()));
            });
            ModelVersionRecord again = registry.createVersion(spec("churn", "d", T.plusSeconds(60))
                    .withRequestId("req-1"), v -> {
                        audited.incrementAndGet();
                        return List.of(new AuditEntry(T, "ci", "model.version.create", v.reference(), Map.of()));
                    });
            assertThat(again).isEqualTo(first);
            assertThat(audited).hasValue(1);
            assertThat(registry.auditEvents(1, 10)).hasSize(1);
            assertThat(registry.listVersions("churn")).hasSize(1);

            assertThatThrownBy(() -> registry.createVersion(spec("churn", "other", T).withRequestId("req-1"),
                    v -> List.of())).isInstanceOf(ConflictException.class).hasMessageContaining("'req-1'")
                    .hasMessageContaining("different content");
            assertThat(registry.listVersions("churn")).hasSize(1);

            assertThat(registry.createVersion(spec("fraud", "d", T).withRequestId("req-1"), v -> List.of()).version())
                    .as("request ids are per model").isEqualTo(1);
            assertThat(registry.createVersion(spec("churn", "d", T), v -> List.of()).version()).isEqualTo(2);
            assertThat(registry.createVersion(spec("churn", "d", T).withRequestId("req-2"), v -> List.of()).version())
                    .isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    @DisplayName("a metric batch repeated with its request id appends nothing, also after the run ended")
    void logMetrics_repeatedRequestId(String name, Supplier<LifecycleStore> open) {
        try (LifecycleStore store = open.get()) {
            var tracking = store.tracking();
            String exp = tracking.createExperiment("e", "", Map.of(), T).id();
            String run = tracking.createRun(new NewRun(exp, null, "r", Map.of(), T, RunSource.unknown())).id();
            List<MetricPoint> batch = List.of(new MetricPoint("loss", 0.5, 1, T), new MetricPoint("loss", 0.4, 2, T));
            tracking.logMetrics(run, batch, "b-1");
            tracking.logMetrics(run, batch, "b-1");
            assertThat(tracking.metricHistory(run, "loss", 0, 10)).hasSize(2);
            assertThatThrownBy(() -> tracking.logMetrics(run, batch.subList(0, 1), "b-1"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("'b-1'");
            tracking.logMetrics(run, batch, "b-2");
            assertThat(tracking.metricHistory(run, "loss", 0, 10)).hasSize(4);

            tracking.endRun(run, RunStatus.FINISHED, T, null);
            tracking.logMetrics(run, batch, "b-2");
            assertThatThrownBy(() -> tracking.logMetrics(run, batch, "b-3")).isInstanceOf(ConflictException.class);
            assertThat(tracking.metricHistory(run, "loss", 0, 10)).hasSize(4);

            assertThatThrownBy(() -> tracking.logMetrics("missing-run", batch, "b-1"))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> tracking.logMetrics(run, batch, " "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestId");
            assertThatThrownBy(() -> spec("churn", "", T).withRequestId(""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestId");
        }
    }
}
