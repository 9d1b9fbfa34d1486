package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import io.mllifecycle.store.spi.AuditChain;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The run lifecycle's writes — delete, restore, purge of runs and experiments, killStaleRuns — each commit the
 * change and its audit events in one transaction: a fault after each statement in turn, or at COMMIT, leaves
 * neither (a purge killed midway leaves the run whole: its params, series, artifacts and no purge event); the
 * unfaulted call then appends exactly its events. The mutators run in order on one store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunLifecycleFaultTest {
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
    private final TestDatabase db = new TestDatabase();
    private JdbcConnectionPool pool;
    private FlakyDataSource flaky;
    private JdbcStore store;
    private TrackingStore tracking;
    private String experiment;
    private String other;
    private String runA;
    private String runB;

    private record Mutator(String name, List<AuditEntry> events, Consumer<TrackingStore> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void open() {
        pool = TestDatabase.pool(db.newSchema(), 2);
        flaky = new FlakyDataSource(pool);
        store = JdbcStore.builder(flaky).artifacts(new InMemoryArtifactStore()).maxAttempts(1)
                .retryBackoff(Duration.ZERO).onClose(pool).open();
        tracking = store.tracking();
        experiment = tracking.createExperiment("churn", "", Map.of("team", "risk"), T).id();
        other = tracking.createExperiment("scratch", "", Map.of("t", "1"), T).id();
        runA = run(experiment, "a");
        runB = run(other, "b");
    }

    private String run(String exp, String name) {
        RunRecord r = tracking.createRun(new NewRun(exp, null, name, Map.of("t", "v"), T, RunSource.unknown()));
        tracking.logParams(r.id(), Map.of("depth", "6"));
        tracking.logMetrics(r.id(), List.of(new MetricPoint("loss", 0.5, 1, T), new MetricPoint("loss", 0.4, 2, T)));
        tracking.logMetrics(r.id(), List.of(new MetricPoint("auc", 0.9, 2, T)), "req-1");
        tracking.recordArtifact(r.id(), "model.bin", "sha256:" + "ab".repeat(32));
        return r.id();
    }

    @AfterAll
    void close() {
        store.close();
        db.dropAll();
    }

    private static List<AuditEntry> two(String action, String subject) {
        return List.of(new AuditEntry(T, "ci", action, subject, Map.of("k", "v")),
                new AuditEntry(T, "ci", action + ".second", subject, Map.of()));
    }

    Stream<Mutator> mutators() {
        return Stream.of(
                new Mutator("deleteRun", two("run.delete", "a"), t -> t.deleteRun(runA, T, two("run.delete", "a"))),
                new Mutator("restoreRun", two("run.restore", "a"), t -> t.restoreRun(runA, two("run.restore", "a"))),
                new Mutator("deleteExperiment", two("experiment.delete", "churn"),
                        t -> t.deleteExperiment(experiment, T, two("experiment.delete", "churn"))),
                new Mutator("restoreExperiment", two("experiment.restore", "churn"),
                        t -> t.restoreExperiment(experiment, two("experiment.restore", "churn"))),
                new Mutator("killStaleRuns", two("run.reap", "2"),
                        t -> t.killStaleRuns(Instant.parse("2999-01-01T00:00:00Z"), T, "stale",
                                runs -> two("run.reap", Integer.toString(runs.size())))),
                new Mutator("deleteExperiment scratch", two("experiment.delete", "scratch"),
                        t -> t.deleteExperiment(other, T, two("experiment.delete", "scratch"))),
                new Mutator("purgeRun", two("run.purge", "b"), t -> t.purgeRun(runB, two("run.purge", "b"))),
                new Mutator("purgeExperiment", two("experiment.purge", "scratch"),
                        t -> t.purgeExperiment(other, two("experiment.purge", "scratch"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutators")
    @DisplayName("a fault after any statement or at COMMIT leaves neither the change nor its events; then the"
            + " call appends exactly its events")
    void faultAtEveryStatement_leavesNothing(Mutator m) {
        String before = snapshot();
        long head = store.registry().auditHead().map(AuditEvent::sequence).orElse(0L);

        FaultSweep.leavesNothingUntilItSucceeds(flaky, this::snapshot, () -> m.call().accept(tracking));

        assertThat(snapshot()).isNotEqualTo(before);
        List<AuditEvent> appended = store.registry().auditEvents(head + 1, 100);
        assertThat(appended).extracting(e -> new AuditEntry(e.time(), e.actor(), e.action(), e.subject(), e.details()))
                .containsExactlyElementsOf(m.events());
        assertThat(AuditChain.verify(store.registry().auditEvents(1, 1000))).isEmpty();
    }

    /** @return every experiment, run (with its series and request ids' effect) and audit event, heartbeats aside */
    private String snapshot() {
        List<Object> all = new ArrayList<>();
        for (ExperimentRecord e : tracking.listExperiments(ViewType.ALL)) {
            all.add(e);
            for (RunRecord r : tracking.searchRuns(RunQuery.builder(e.id()).viewType(ViewType.ALL).build()).runs()) {
                all.add(r.withHeartbeat(r.startTime()));
                all.add(tracking.metricHistory(r.id(), "loss", Long.MIN_VALUE, Long.MAX_VALUE));
                all.add(tracking.metricHistory(r.id(), "auc", Long.MIN_VALUE, Long.MAX_VALUE));
            }
        }
        all.add(tracking.referencedDigests());
        all.add(store.registry().auditEvents(1, 1000));
        return all.toString();
    }
}
