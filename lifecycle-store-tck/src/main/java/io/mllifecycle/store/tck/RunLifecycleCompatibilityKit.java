package io.mllifecycle.store.tck;

import static io.mllifecycle.store.tck.Fixtures.T0;
import static io.mllifecycle.store.tck.Fixtures.at;
import static io.mllifecycle.store.tck.Fixtures.digestOf;
import static io.mllifecycle.store.tck.Fixtures.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.store.spi.AuditChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The run lifecycle of {@link io.mllifecycle.store.TrackingStore}: soft delete and restore of runs and
 * experiments (hidden unless a {@link ViewType} asks, restorable, a deleted experiment takes no runs), purge of
 * what was deleted, heartbeats stamped by every write, and {@code killStaleRuns}. Every change appends exactly
 * its audit entries in the same write; every rejection changes nothing and appends nothing.
 */
public abstract class RunLifecycleCompatibilityKit extends StoreCompatibilitySupport {

    private static AuditEntry entry(String action, String subject) {
        return new AuditEntry(T0, "ci", action, subject, Map.of("why", "tck"));
    }

    private List<AuditEvent> allEvents() {
        List<AuditEvent> all = new ArrayList<>();
        while (true) {
            List<AuditEvent> chunk = registry().auditEvents(all.size() + 1L, 1000);
            all.addAll(chunk);
            if (chunk.size() < 1000) {
                return all;
            }
        }
    }

    private void assertAppends(List<AuditEntry> expected, Executable call) throws Throwable {
        int before = allEvents().size();
        call.execute();
        List<AuditEvent> after = allEvents();
        assertThat(after).as("audit events after the call").hasSize(before + expected.size());
        for (int i = 0; i < expected.size(); i++) {
            AuditEvent e = after.get(before + i);
            AuditEntry x = expected.get(i);
            assertThat(List.of(e.time(), e.actor(), e.action(), e.subject(), e.details()))
                    .as("event " + e.sequence()).isEqualTo(List.of(x.time(), x.actor(), x.action(), x.subject(),
                            x.details()));
        }
        assertThat(AuditChain.verify(after)).as("chain after the call").isEmpty();
    }

    private void assertRejected(Class<? extends Throwable> type, String messagePart, Executable call) {
        StoreSnapshot before = StoreSnapshot.take(store());
        assertThatThrownBy(call::execute).isInstanceOf(type)
                .satisfies(t -> assertThat(t.getMessage()).as("message").containsIgnoringCase(messagePart));
        assertThat(StoreSnapshot.take(store())).as("store state (audit chain included) after a rejected call")
                .isEqualTo(before);
    }

    private List<String> ids(String experimentId, ViewType view) {
        RunPage page = tracking().searchRuns(RunQuery.builder(experimentId).viewType(view).countMatches().build());
        assertThat(page.count()).as("count of view %s", view).isEqualTo(page.runs().size());
        return page.runs().stream().map(RunRecord::id).toList();
    }

    private List<String> allIds(ViewType view) {
        return tracking().searchRuns(RunQuery.builder().viewType(view).build()).runs().stream().map(RunRecord::id)
                .toList();
    }

    private static List<String> names(List<ExperimentRecord> experiments) {
        return experiments.stream().map(ExperimentRecord::name).toList();
    }

    @Test
    @DisplayName("a deleted run is hidden from searches unless asked, records its deletion time, and is restorable")
    void deleteAndRestoreRun() throws Throwable {
        String exp = Fixtures.experiment(store(), "churn").id();
        RunRecord a = Fixtures.run(store(), exp, "a", 1);
        RunRecord b = Fixtures.run(store(), exp, "b", 2);
        AtomicReference<RunRecord> deleted = new AtomicReference<>();
        assertAppends(List.of(entry("run.delete", a.id())),
                () -> deleted.set(tracking().deleteRun(a.id(), at(100), List.of(entry("run.delete", a.id())))));
        assertThat(deleted.get().deletedAt()).isEqualTo(at(100));
        assertThat(tracking().getRun(a.id()).deletedAt()).as("getRun still reads a deleted run").isEqualTo(at(100));
        assertThat(ids(exp, ViewType.ACTIVE_ONLY)).containsExactly(b.id());
        assertThat(ids(exp, ViewType.DELETED_ONLY)).containsExactly(a.id());
        assertThat(ids(exp, ViewType.ALL)).containsExactly(a.id(), b.id());
        assertThat(allIds(ViewType.ACTIVE_ONLY)).as("over every experiment").containsExactly(b.id());
        assertThat(tracking().searchRuns(RunQuery.builder(exp).build()).runs()).as("the default view")
                .extracting(RunRecord::id).containsExactly(b.id());

        assertRejected(ConflictException.class, "already deleted",
                () -> tracking().deleteRun(a.id(), at(101), List.of(entry("run.delete", a.id()))));
        assertRejected(ConflictException.class, "not deleted",
                () -> tracking().restoreRun(b.id(), List.of(entry("run.restore", b.id()))));
        assertRejected(NotFoundException.class, "missing",
                () -> tracking().deleteRun("missing", at(101), List.of(entry("run.delete", "missing"))));
        assertRejected(IllegalArgumentException.class, "audit",
                () -> tracking().deleteRun(b.id(), at(101), null));

        assertAppends(List.of(entry("run.restore", a.id())),
                () -> assertThat(tracking().restoreRun(a.id(), List.of(entry("run.restore", a.id()))).deletedAt())
                        .isNull());
        assertThat(ids(exp, ViewType.ACTIVE_ONLY)).containsExactly(a.id(), b.id());
        assertThat(ids(exp, ViewType.DELETED_ONLY)).isEmpty();
    }

    @Test
    @DisplayName("a deleted run takes no params, metrics, inputs or end, but tags; restored it takes them again")
    void deletedRunTakesNoWrites() {
        String exp = Fixtures.experiment(store(), "churn").id();
        RunRecord a = Fixtures.run(store(), exp, "a", 1);
        tracking().deleteRun(a.id(), at(100), List.of());
        assertRejected(ConflictException.class, "deleted", () -> tracking().logParams(a.id(), Map.of("depth", "6")));
        assertRejected(ConflictException.class, "deleted",
                () -> tracking().logMetrics(a.id(), List.of(point("loss", 0.5, 1))));
        assertRejected(ConflictException.class, "deleted",
                () -> tracking().recordArtifact(a.id(), "model.bin", digestOf("m")));
        assertRejected(ConflictException.class, "deleted",
                () -> tracking().endRun(a.id(), RunStatus.FINISHED, at(200), null));
        tracking().setTags(a.id(), Map.of("why", "bad seed"));
        assertThat(tracking().getRun(a.id()).tags()).containsEntry("why", "bad seed");
        tracking().restoreRun(a.id(), List.of());
        tracking().logParams(a.id(), Map.of("depth", "6"));
        assertThat(tracking().getRun(a.id()).params()).containsEntry("depth", "6");
    }

    @Test
    @DisplayName("deleting an experiment hides it and its runs, refuses new runs, and restoring shows them again")
    void deleteAndRestoreExperiment() throws Throwable {
        ExperimentRecord churn = Fixtures.experiment(store(), "churn");
        ExperimentRecord fraud = Fixtures.experiment(store(), "fraud");
        RunRecord a = Fixtures.run(store(), churn.id(), "a", 1);
        RunRecord b = Fixtures.run(store(), churn.id(), "b", 2);
        RunRecord f = Fixtures.run(store(), fraud.id(), "f", 3);
        tracking().deleteRun(b.id(), at(50), List.of());
        assertAppends(List.of(entry("experiment.delete", "churn")), () -> assertThat(tracking().deleteExperiment(
                churn.id(), at(100), List.of(entry("experiment.delete", "churn"))).deletedAt()).isEqualTo(at(100)));
        assertThat(tracking().getExperiment(churn.id()).deletedAt()).isEqualTo(at(100));
        assertThat(tracking().findExperiment("churn")).as("the name stays taken").isPresent();
        assertThat(names(tracking().listExperiments(ViewType.ACTIVE_ONLY))).containsExactly("fraud");
        assertThat(names(tracking().listExperiments(ViewType.DELETED_ONLY))).containsExactly("churn");
        assertThat(names(tracking().listExperiments(ViewType.ALL))).containsExactly("churn", "fraud");
        assertThat(names(tracking().listExperiments())).containsExactly("churn", "fraud");
        assertThat(ids(churn.id(), ViewType.ACTIVE_ONLY)).isEmpty();
        assertThat(ids(churn.id(), ViewType.DELETED_ONLY)).containsExactly(a.id(), b.id());
        assertThat(allIds(ViewType.ACTIVE_ONLY)).containsExactly(f.id());
        assertThat(allIds(ViewType.DELETED_ONLY)).containsExactly(a.id(), b.id());

        assertRejected(ConflictException.class, "deleted", () -> Fixtures.run(store(), churn.id(), "c", 4));
        assertRejected(ConflictException.class, "already deleted",
                () -> tracking().deleteExperiment(churn.id(), at(101), List.of()));
        assertRejected(ConflictException.class, "restore the experiment first",
                () -> tracking().restoreRun(b.id(), List.of(entry("run.restore", b.id()))));
        assertRejected(ConflictException.class, "not deleted",
                () -> tracking().restoreExperiment(fraud.id(), List.of()));

        assertAppends(List.of(entry("experiment.restore", "churn")), () -> tracking().restoreExperiment(churn.id(),
                List.of(entry("experiment.restore", "churn"))));
        assertThat(ids(churn.id(), ViewType.ACTIVE_ONLY)).as("runs deleted one by one stay deleted")
                .containsExactly(a.id());
        assertThat(Fixtures.run(store(), churn.id(), "c", 4).status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    @DisplayName("a purge removes a deleted run's record, series and references; refuses live runs and parents")
    void purgeRun() throws Throwable {
        String exp = Fixtures.experiment(store(), "churn").id();
        RunRecord parent = Fixtures.run(store(), exp, "parent", 1);
        RunRecord child = Fixtures.child(store(), parent, "child", 2);
        RunRecord other = Fixtures.run(store(), exp, "other", 3);
        tracking().logParams(child.id(), Map.of("depth", "6"));
        tracking().logMetrics(child.id(), List.of(point("loss", 0.5, 1), point("loss", 0.4, 2)));
        tracking().recordArtifact(child.id(), "model.bin", digestOf("only the child"));
        tracking().recordArtifact(other.id(), "model.bin", digestOf("shared"));
        tracking().recordArtifact(parent.id(), "model.bin", digestOf("shared"));

        assertRejected(ConflictException.class, "not deleted",
                () -> tracking().purgeRun(child.id(), List.of(entry("run.purge", child.id()))));
        tracking().deleteRun(parent.id(), at(10), List.of());
        tracking().deleteRun(child.id(), at(10), List.of());
        assertRejected(ConflictException.class, "child runs",
                () -> tracking().purgeRun(parent.id(), List.of(entry("run.purge", parent.id()))));

        assertAppends(List.of(entry("run.purge", child.id())),
                () -> tracking().purgeRun(child.id(), List.of(entry("run.purge", child.id()))));
        assertThatThrownBy(() -> tracking().getRun(child.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tracking().metricHistory(child.id(), "loss", 0, 10))
                .isInstanceOf(NotFoundException.class);
        assertThat(tracking().childRuns(parent.id())).isEmpty();
        assertThat(ids(exp, ViewType.ALL)).containsExactly(parent.id(), other.id());
        assertThat(tracking().searchRuns(RunQuery.builder(exp).viewType(ViewType.ALL).filter("params.depth = '6'")
                .countMatches().build()).count()).as("the param index forgets it").isZero();
        assertThat(tracking().referencedDigests()).doesNotContain(digestOf("only the child"))
                .contains(digestOf("shared"));

        tracking().purgeRun(parent.id(), List.of());
        assertThat(tracking().referencedDigests()).as("still used by another run").contains(digestOf("shared"));
        assertRejected(NotFoundException.class, parent.id(), () -> tracking().purgeRun(parent.id(), List.of()));
    }

    @Test
    @DisplayName("runs of a deleted experiment are purgeable; the experiment once empty, and its name is free again")
    void purgeExperiment() throws Throwable {
        ExperimentRecord churn = Fixtures.experiment(store(), "churn");
        RunRecord a = Fixtures.run(store(), churn.id(), "a", 1);
        tracking().logMetrics(a.id(), List.of(point("loss", 0.5, 1)));
        assertRejected(ConflictException.class, "not deleted",
                () -> tracking().purgeExperiment(churn.id(), List.of(entry("experiment.purge", "churn"))));
        tracking().deleteExperiment(churn.id(), at(10), List.of());
        assertRejected(ConflictException.class, "still has 1 runs",
                () -> tracking().purgeExperiment(churn.id(), List.of(entry("experiment.purge", "churn"))));
        tracking().purgeRun(a.id(), List.of(entry("run.purge", a.id())));
        assertAppends(List.of(entry("experiment.purge", "churn")),
                () -> tracking().purgeExperiment(churn.id(), List.of(entry("experiment.purge", "churn"))));
        assertThatThrownBy(() -> tracking().getExperiment(churn.id())).isInstanceOf(NotFoundException.class);
        assertThat(tracking().findExperiment("churn")).isEmpty();
        assertThat(tracking().listExperiments()).isEmpty();
        ExperimentRecord again = Fixtures.experiment(store(), "churn");
        assertThat(again.id()).isNotEqualTo(churn.id());
        assertThat(ids(again.id(), ViewType.ALL)).isEmpty();
    }

    @Test
    @DisplayName("a page token of one view is refused by another")
    void tokensAreTiedToTheView() {
        String exp = Fixtures.experiment(store(), "churn").id();
        for (int i = 0; i < 3; i++) {
            tracking().deleteRun(Fixtures.run(store(), exp, "r" + i, i).id(), at(10), List.of());
        }
        RunQuery deleted = RunQuery.builder(exp).viewType(ViewType.DELETED_ONLY).pageSize(1).build();
        String token = tracking().searchRuns(deleted).nextPageToken();
        assertThat(token).isNotNull();
        assertThat(tracking().searchRuns(deleted.withPageToken(token)).runs()).hasSize(1);
        assertThatThrownBy(() -> tracking().searchRuns(RunQuery.builder(exp).viewType(ViewType.ALL).pageSize(1)
                .pageToken(token).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pageToken");
    }

    @Test
    @DisplayName("every write to a run moves its heartbeat to the store's clock; a rejected write does not")
    void heartbeats() throws InterruptedException {
        String exp = Fixtures.experiment(store(), "churn").id();
        Instant beforeCreate = Instant.now();
        RunRecord a = Fixtures.run(store(), exp, "a", 1);
        assertThat(a.lastHeartbeat()).as("stamped by the store, not the given start time")
                .isAfterOrEqualTo(beforeCreate);
        assertThat(tracking().getRun(a.id()).lastHeartbeat()).isEqualTo(a.lastHeartbeat());
        List<Executable> writes = List.of(
                () -> tracking().logParams(a.id(), Map.of("depth", "6")),
                () -> tracking().logMetrics(a.id(), List.of(point("loss", 0.5, 1))),
                () -> tracking().logMetrics(a.id(), List.of(point("loss", 0.4, 2)), "req-1"),
                () -> tracking().setTags(a.id(), Map.of("t", "v")),
                () -> tracking().recordArtifact(a.id(), "model.bin", digestOf("m")),
                () -> tracking().endRun(a.id(), RunStatus.FINISHED, at(100), null));
        Instant previous = a.lastHeartbeat();
        for (Executable write : writes) {
            Thread.sleep(3);
            Instant before = Instant.now();
            try {
                write.execute();
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            Instant beat = tracking().getRun(a.id()).lastHeartbeat();
            assertThat(beat).as("heartbeat after a write").isAfterOrEqualTo(before).isAfter(previous);
            previous = beat;
        }
        Instant last = previous;
        assertThatThrownBy(() -> tracking().logParams(a.id(), Map.of("lr", "0.1")))
                .isInstanceOf(ConflictException.class);
        assertThat(tracking().getRun(a.id()).lastHeartbeat()).as("after a rejected write").isEqualTo(last);
    }

    @Test
    @DisplayName("killStaleRuns ends RUNNING, undeleted runs without a heartbeat since the bound as KILLED, audited")
    void killStaleRuns() throws Throwable {
        String exp = Fixtures.experiment(store(), "churn").id();
        RunRecord stale = Fixtures.run(store(), exp, "stale", 1);
        RunRecord finished = Fixtures.run(store(), exp, "finished", 2);
        tracking().endRun(finished.id(), RunStatus.FINISHED, at(3), null);
        RunRecord deleted = Fixtures.run(store(), exp, "deleted", 3);
        tracking().deleteRun(deleted.id(), at(4), List.of());
        Thread.sleep(3);
        Instant bound = Instant.now();
        Thread.sleep(3);
        RunRecord live = Fixtures.run(store(), exp, "live", 4);

        assertThat(tracking().killStaleRuns(stale.lastHeartbeat(), at(500), "no heartbeat", runs -> List.of()))
                .as("nothing is older than the oldest heartbeat").isEmpty();
        List<List<RunRecord>> seen = new ArrayList<>();
        AtomicReference<List<RunRecord>> ended = new AtomicReference<>();
        assertAppends(List.of(entry("run.reap", "1")), () -> ended.set(tracking().killStaleRuns(bound, at(500),
                "no heartbeat for 1h", runs -> {
                    seen.add(runs);
                    return List.of(entry("run.reap", Integer.toString(runs.size())));
                })));
        assertThat(ended.get()).extracting(RunRecord::id).containsExactly(stale.id());
        assertThat(seen).as("the audit function is called once, with the ended runs").containsExactly(ended.get());
        RunRecord stored = tracking().getRun(stale.id());
        assertThat(List.of(stored.status(), stored.endTime(), stored.failure()))
                .isEqualTo(List.of(RunStatus.KILLED, at(500), "no heartbeat for 1h"));
        assertThat(tracking().getRun(live.id()).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(tracking().getRun(deleted.id()).status()).as("deleted runs are left alone")
                .isEqualTo(RunStatus.RUNNING);
        assertThat(tracking().getRun(finished.id()).failure()).isNull();
        assertRejected(IllegalArgumentException.class, "failure",
                () -> tracking().killStaleRuns(Instant.parse("2999-01-01T00:00:00Z"), at(600), null, runs -> List.of()));
        assertRejected(IllegalArgumentException.class, "audit entries",
                () -> tracking().killStaleRuns(Instant.parse("2999-01-01T00:00:00Z"), at(600), "x", runs -> null));
        assertThat(tracking().getRun(live.id()).status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    @DisplayName("KILLED runs may carry a reason; FINISHED ones may not")
    void killedWithReason() {
        String exp = Fixtures.experiment(store(), "churn").id();
        RunRecord a = Fixtures.run(store(), exp, "a", 1);
        RunRecord b = Fixtures.run(store(), exp, "b", 2);
        assertThat(tracking().endRun(a.id(), RunStatus.KILLED, at(10), "preempted").failure()).isEqualTo("preempted");
        assertRejected(IllegalArgumentException.class, "failure may only be given for FAILED or KILLED",
                () -> tracking().endRun(b.id(), RunStatus.FINISHED, at(10), "no"));
    }

    @Test
    @DisplayName("deletions, restores and purges survive reopening the store")
    void durable() {
        assumeDurable();
        ExperimentRecord churn = Fixtures.experiment(store(), "churn");
        ExperimentRecord fraud = Fixtures.experiment(store(), "fraud");
        RunRecord a = Fixtures.run(store(), churn.id(), "a", 1);
        RunRecord b = Fixtures.run(store(), churn.id(), "b", 2);
        RunRecord f = Fixtures.run(store(), fraud.id(), "f", 3);
        tracking().logMetrics(b.id(), List.of(point("loss", 0.5, 1)));
        tracking().deleteRun(a.id(), at(10), List.of(entry("run.delete", a.id())));
        tracking().deleteRun(b.id(), at(11), List.of());
        tracking().purgeRun(b.id(), List.of(entry("run.purge", b.id())));
        tracking().deleteExperiment(fraud.id(), at(12), List.of());
        tracking().purgeRun(f.id(), List.of());
        tracking().purgeExperiment(fraud.id(), List.of());
        StoreSnapshot before = StoreSnapshot.take(store());
        closeAndReopen();
        assertThat(StoreSnapshot.take(store())).isEqualTo(before);
        assertThat(tracking().getRun(a.id()).deletedAt()).isEqualTo(at(10));
        assertThatThrownBy(() -> tracking().getRun(b.id())).isInstanceOf(NotFoundException.class);
        assertThat(tracking().findExperiment("fraud")).isEmpty();
        assertThat(AuditChain.verify(allEvents())).isEmpty();
        tracking().restoreRun(a.id(), List.of());
        assertThat(ids(churn.id(), ViewType.ACTIVE_ONLY)).containsExactly(a.id());
    }
}
