package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.OutcomeUnknownException;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.jdbc.TerminatingDataSource.When;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Backends terminated by an administrator ({@code pg_terminate_backend} from a second connection) at every
 * stage of a transaction: idle in the pool, before each statement, while the server runs COMMIT, and after
 * the server committed with the reply lost. Before COMMIT the call is retried and lands once; from COMMIT on
 * the outcome is unknown, never reported as a failure, and a repeat with the same request id writes once.
 */
class TerminatedBackendTest {
    private static final Instant T = Instant.parse("2026-04-01T00:00:00Z");
    private static final String DIGEST = "sha256:" + "ef".repeat(32);
    private final TestDatabase db = new TestDatabase();
    private final String application = "lc-test-" + UUID.randomUUID().toString().substring(0, 8);
    private TerminatingDataSource source;
    private JdbcStore store;
    private String runId;

    @BeforeEach
    void open() {
        String schema = db.newSchema();
        Properties p = TestDatabase.properties(schema);
        p.setProperty("ApplicationName", application);
        JdbcConnectionPool pool = new JdbcConnectionPool(TestDatabase.url(), p, 2);
        source = new TerminatingDataSource(pool);
        store = JdbcStore.builder(source).artifacts(new InMemoryArtifactStore()).maxAttempts(5)
                .retryBackoff(Duration.ofMillis(1)).onClose(pool).open();
        TerminatingDataSource.installCommitHold(schema);
        String exp = store.tracking().createExperiment("churn", "", Map.of(), T).id();
        runId = store.tracking().createRun(new NewRun(exp, null, "r", Map.of(), T, RunSource.unknown())).id();
        store.registry().createModel("churn", "", Map.of(), T, List.of());
    }

    @AfterEach
    void close() {
        store.close();
        db.dropAll();
    }

    private static NewModelVersion spec(String requestId) {
        return new NewModelVersion("churn", null, DIGEST, "", Map.of(), Map.of(), null, T, "ci").withRequestId(requestId);
    }

    private static List<AuditEntry> event(String subject) {
        return List.of(new AuditEntry(T, "ci", "model.version.create", subject, Map.of()));
    }

    private ModelVersionRecord register(String requestId) {
        return store.registry().createVersion(spec(requestId), v -> event(v.reference()));
    }

    private void logBatch(int i) {
        store.tracking().logMetrics(runId, List.of(new MetricPoint("loss", i, i, T), new MetricPoint("auc", i, i, T)),
                "batch-" + i);
    }

    private int versions() {
        return store.registry().listVersions("churn").size();
    }

    private int auditEvents() {
        return store.registry().auditEvents(1, 10_000).size();
    }

    private int points() {
        return store.tracking().metricHistory(runId, "loss", 0, Long.MAX_VALUE).size();
    }

    @Test
    @DisplayName("idle pooled connections whose backends were terminated cost one retry, and the write lands once")
    void idleConnectionsTerminated_retried() {
        register("warm-up");
        TerminatingDataSource.terminateAll(application);
        assertThat(register("after-termination").version()).isEqualTo(2);
        TerminatingDataSource.terminateAll(application);
        logBatch(1);
        assertThat(versions()).isEqualTo(2);
        assertThat(auditEvents()).isEqualTo(2);
        assertThat(points()).isEqualTo(1);
    }

    /** Terminates before statement 1, 2, 3 … of {@code write} in turn until it runs out of statements. */
    private void beforeEveryStatement(IntConsumer write, IntConsumer landedOnce) {
        int terminated = 0;
        for (int n = 1; ; n++) {
            source.arm(When.BEFORE_STATEMENT, n);
            write.accept(n);
            boolean fired = source.fired();
            landedOnce.accept(n);
            if (!fired) {
                break;
            }
            terminated++;
        }
        assertThat(terminated).as("statements of the write, before each of which its backend was terminated")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    @DisplayName("a registration whose backend is terminated before any of its statements is retried and lands once")
    void registration_terminatedBeforeEachStatement_landsOnce() {
        beforeEveryStatement(n -> assertThat(register("reg-" + n).version()).isEqualTo(n), n -> {
            assertThat(versions()).isEqualTo(n);
            assertThat(auditEvents()).isEqualTo(n);
        });
    }

    @Test
    @DisplayName("a metric batch whose backend is terminated before any of its statements is retried and lands once")
    void metricBatch_terminatedBeforeEachStatement_landsOnce() {
        beforeEveryStatement(this::logBatch, n -> assertThat(points()).isEqualTo(n));
    }

    @Test
    @DisplayName("a promotion (transition, gate report, two events) terminated before any statement lands once")
    void promotion_terminatedBeforeEachStatement_landsOnce() {
        GateReport report = new GateReport(Stage.STAGING, List.of(new GateResult("auc", true, "0.9", ">= 0.8", "ok")),
                T, "ci", false);
        int[] events = {0};
        beforeEveryStatement(n -> {
            source.fired(); // registering the version to promote is not under test
            int v = register("promote-" + n).version();
            events[0] = auditEvents();
            source.arm(When.BEFORE_STATEMENT, n);
            store.registry().transitionStage("churn", v, Stage.DEVELOPMENT, new StageChange(Stage.DEVELOPMENT,
                    Stage.STAGING, T, "ci", "gates passed"), report, List.of(
                    new AuditEntry(T, "ci", "gate.evaluate", "churn/" + v, Map.of()),
                    new AuditEntry(T, "ci", "model.version.stage", "churn/" + v, Map.of())));
        }, n -> {
            ModelVersionRecord v = store.registry().getVersion("churn", n);
            assertThat(v.stage()).isEqualTo(Stage.STAGING);
            assertThat(v.stageHistory()).hasSize(2);
            assertThat(v.gateReports()).hasSize(1);
            assertThat(auditEvents()).isEqualTo(events[0] + 2);
        });
    }

    @Test
    @DisplayName("a backend terminated while the server runs COMMIT is an unknown outcome; repeating with the"
            + " request id registers once")
    void registration_terminatedDuringCommit_unknownThenOnce() {
        source.arm(When.DURING_COMMIT, 0);
        assertThatThrownBy(() -> register("reg-1")).isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("is unknown");
        assertThat(source.fired()).isTrue();
        assertThat(versions()).as("PostgreSQL aborted the transaction it was committing").isZero();
        assertThat(register("reg-1").version()).isEqualTo(1);
        assertThat(register("reg-1").version()).isEqualTo(1);
        assertThat(versions()).isEqualTo(1);
        assertThat(auditEvents()).isEqualTo(1);
    }

    @Test
    @DisplayName("a metric batch terminated while the server runs COMMIT is an unknown outcome; the repeat appends once")
    void metricBatch_terminatedDuringCommit_unknownThenOnce() {
        source.arm(When.DURING_COMMIT, 0);
        assertThatThrownBy(() -> logBatch(1)).isInstanceOf(OutcomeUnknownException.class);
        assertThat(source.fired()).isTrue();
        logBatch(1);
        logBatch(1);
        assertThat(points()).isEqualTo(1);
    }

    @Test
    @DisplayName("when the reply to a committed registration is lost, the outcome is unknown and the repeat with"
            + " the request id returns the first version")
    void registration_replyLostAfterCommit_repeatReturnsFirst() {
        register("warm-up");
        source.arm(When.AFTER_COMMIT, 0);
        assertThatThrownBy(() -> register("reg-1")).isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("57P01").hasMessageContaining("same request id");
        assertThat(source.fired()).isTrue();
        assertThat(versions()).as("the server committed it").isEqualTo(2);
        ModelVersionRecord again = register("reg-1");
        assertThat(again.version()).isEqualTo(2);
        assertThat(again).isEqualTo(store.registry().getVersion("churn", 2));
        assertThat(versions()).isEqualTo(2);
        assertThat(auditEvents()).isEqualTo(2);
        assertThat(register("reg-2").version()).isEqualTo(3);
    }

    @Test
    @DisplayName("when the reply to a committed metric batch is lost, the repeat with the request id appends"
            + " nothing, also after the run ended")
    void metricBatch_replyLostAfterCommit_repeatAppendsNothing() {
        source.arm(When.AFTER_COMMIT, 0);
        assertThatThrownBy(() -> logBatch(1)).isInstanceOf(OutcomeUnknownException.class);
        assertThat(source.fired()).isTrue();
        assertThat(points()).isEqualTo(1);
        logBatch(1);
        store.tracking().endRun(runId, io.mllifecycle.store.RunStatus.FINISHED, T, null);
        logBatch(1);
        assertThat(points()).isEqualTo(1);
    }
}
