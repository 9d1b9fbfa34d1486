package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.OutcomeUnknownException;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.jdbc.FlakyDataSource.Where;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransientFailureTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final TestDatabase db = new TestDatabase();
    private JdbcConnectionPool pool;
    private FlakyDataSource flaky;
    private JdbcStore store;
    private RunRecord run;

    @BeforeEach
    void open() {
        pool = TestDatabase.pool(db.newSchema(), 4);
        flaky = new FlakyDataSource(pool);
        store = JdbcStore.builder(flaky).artifacts(new InMemoryArtifactStore()).maxAttempts(3)
                .retryBackoff(Duration.ofMillis(1)).onClose(pool).open();
        String exp = store.tracking().createExperiment("churn", "", Map.of(), T0).id();
        run = store.tracking().createRun(new NewRun(exp, null, "r", Map.of(), T0, RunSource.unknown()));
    }

    @AfterEach
    void close() {
        store.close();
        db.dropAll();
    }

    @Test
    @DisplayName("serialization failures (40001) in the middle of a write are retried and the write lands once")
    void serializationFailure_retried() {
        flaky.failNext(2, Where.INSERT, "40001");
        store.tracking().logMetrics(run.id(), List.of(new MetricPoint("loss", 0.5, 1, T0),
                new MetricPoint("loss", 0.4, 2, T0)));
        assertThat(flaky.failuresLeft()).isZero();
        assertThat(store.tracking().metricHistory(run.id(), "loss", 0, 10)).extracting(MetricPoint::value)
                .containsExactly(0.5, 0.4);
        assertThat(store.tracking().latestMetrics(run.id()).get("loss").value()).isEqualTo(0.4);
    }

    @Test
    @DisplayName("deadlocks (40P01) and refused connections (08001) are retried too")
    void deadlockAndConnectionFailure_retried() {
        flaky.failNext(2, Where.INSERT, "40P01");
        store.tracking().logParams(run.id(), Map.of("depth", "6"));
        flaky.failNext(2, Where.CONNECT, "08001");
        store.tracking().setTags(run.id(), Map.of("team", "risk"));
        RunRecord stored = store.tracking().getRun(run.id());
        assertThat(stored.params()).isEqualTo(Map.of("depth", "6"));
        assertThat(stored.tags()).isEqualTo(Map.of("team", "risk"));
    }

    @Test
    @DisplayName("after maxAttempts transient failures the error names the attempts and SQLState, and nothing is written")
    void persistentFailure_boundedAndNothingWritten() {
        flaky.failNext(3, Where.INSERT, "40001");
        assertThatThrownBy(() -> store.tracking().logMetrics(run.id(), List.of(new MetricPoint("loss", 0.5, 1, T0))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("logMetrics failed after 3 attempts")
                .hasMessageContaining("40001");
        assertThat(store.tracking().metricHistory(run.id(), "loss", 0, 10)).isEmpty();
        assertThat(store.tracking().latestMetrics(run.id())).isEmpty();
    }

    @Test
    @DisplayName("a non-transient failure is not retried")
    void nonTransientFailure_notRetried() {
        flaky.failNext(3, Where.INSERT, "42501");
        assertThatThrownBy(() -> store.tracking().logParams(run.id(), Map.of("depth", "6")))
                .isInstanceOf(StoreException.class).hasMessageContaining("42501");
        assertThat(flaky.failuresLeft()).isEqualTo(2);
        assertThat(store.tracking().getRun(run.id()).params()).isEmpty();
    }

    @ParameterizedTest(name = "SQLState {0}")
    @ValueSource(strings = {"08006", "57P01", "XX000", "40001", "23505"})
    @DisplayName("any failure during COMMIT is an unknown outcome, never retried and never a plain failure")
    void failureAtCommit_outcomeUnknown(String state) {
        flaky.failNext(1, Where.COMMIT, state);
        assertThatThrownBy(() -> store.tracking().logParams(run.id(), Map.of("depth", "6")))
                .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("is unknown")
                .hasMessageContaining("not retried").hasMessageContaining(state);
        assertThat(flaky.failuresLeft()).isZero();
    }

    @ParameterizedTest(name = "SQLState {0}")
    @ValueSource(strings = {"57P01", "57P02", "57P03"})
    @DisplayName("backends ended by the server (57P01–57P03) mid-transaction are retried like lost connections")
    void terminatedBackend_retried(String state) {
        flaky.failNext(2, Where.INSERT, state);
        store.tracking().logParams(run.id(), Map.of("depth", "6"));
        assertThat(flaky.failuresLeft()).isZero();
        assertThat(store.tracking().getRun(run.id()).params()).isEqualTo(Map.of("depth", "6"));
    }

    @Test
    @DisplayName("a metric batch repeated with its request id after an unknown outcome is appended once")
    void metricBatch_repeatedWithRequestId_appendedOnce() {
        List<MetricPoint> batch = List.of(new MetricPoint("loss", 0.5, 1, T0), new MetricPoint("loss", 0.4, 2, T0));
        flaky.failNext(1, Where.COMMIT, "08006");
        assertThatThrownBy(() -> store.tracking().logMetrics(run.id(), batch, "batch-1"))
                .isInstanceOf(OutcomeUnknownException.class);
        store.tracking().logMetrics(run.id(), batch, "batch-1");
        store.tracking().logMetrics(run.id(), batch, "batch-1");
        assertThat(store.tracking().metricHistory(run.id(), "loss", 0, 10)).extracting(MetricPoint::value)
                .containsExactly(0.5, 0.4);
        assertThatThrownBy(() -> store.tracking().logMetrics(run.id(), batch.subList(0, 1), "batch-1"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("batch-1")
                .hasMessageContaining("different content");
    }
}
