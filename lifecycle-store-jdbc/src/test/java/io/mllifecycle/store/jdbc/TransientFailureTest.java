package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
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

    @Test
    @DisplayName("a connection lost during COMMIT is not retried: the outcome is unknown and the error says so")
    void connectionLostAtCommit_notRetried() {
        flaky.failNext(1, Where.COMMIT, "08006");
        assertThatThrownBy(() -> store.tracking().logParams(run.id(), Map.of("depth", "6")))
                .isInstanceOf(StoreException.class).hasMessageContaining("is unknown").hasMessageContaining("not retried");
        assertThat(flaky.failuresLeft()).isZero();
    }
}
