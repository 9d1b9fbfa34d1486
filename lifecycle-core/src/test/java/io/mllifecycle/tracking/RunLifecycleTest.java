package io.mllifecycle.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The run lifecycle through the core API: delete and restore runs and experiments, the purge plan and its apply,
 * and reaping runs whose process died. Runs on every store (the build's surefire executions).
 */
@DisplayName("run lifecycle: delete, restore, purge, reap")
class RunLifecycleTest {
    /** A clock the test moves; it starts at the real time so that it agrees with the store's heartbeats. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final LifecycleStore store = TestStores.newStore();
    private final MovableClock clock = new MovableClock();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).clock(clock).actor("ana").build();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> actions() {
        return lifecycle.audit().events().stream().map(e -> e.action() + " " + e.subject() + " by " + e.actor())
                .toList();
    }

    @Test
    @DisplayName("deleted runs and experiments are hidden unless asked, refuse new runs, and are restored")
    void deleteAndRestore() {
        Experiment churn = lifecycle.experiment("churn");
        String a;
        String b;
        try (Run run = churn.startRun(r -> r.name("a"))) {
            a = run.id();
            run.logMetric("auc", 0.9, 1);
        }
        try (Run run = churn.startRun(r -> r.name("b"))) {
            b = run.id();
            run.logMetric("auc", 0.8, 1);
        }
        RunRecord deleted = lifecycle.deleteRun(a);
        assertThat(deleted.deletedAt()).isEqualTo(clock.instant());
        assertThat(churn.searchRuns("metrics.auc > 0.5").runs()).extracting(RunRecord::id).containsExactly(b);
        assertThat(lifecycle.countRuns("", "churn")).isEqualTo(1);
        assertThat(churn.bestRun("auc", true)).map(RunRecord::id).contains(b);
        assertThat(churn.searchRuns(q -> q.viewType(ViewType.DELETED_ONLY)).runs()).extracting(RunRecord::id)
                .containsExactly(a);
        assertThat(lifecycle.searchRuns(RunQuery.builder().viewType(ViewType.ALL).countMatches().build()).count()).isEqualTo(2);
        assertThatThrownBy(() -> lifecycle.deleteRun(a)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already deleted");

        lifecycle.deleteExperiment("churn");
        assertThat(lifecycle.experiments()).isEmpty();
        assertThat(lifecycle.experiments(ViewType.DELETED_ONLY)).extracting(Experiment::name).containsExactly("churn");
        assertThat(lifecycle.countRuns("")).isZero();
        assertThatThrownBy(() -> lifecycle.experiment("churn").startRun()).isInstanceOf(ConflictException.class)
                .hasMessageContaining("'churn' is deleted");
        assertThatThrownBy(() -> lifecycle.restoreRun(a)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("restore the experiment first");

        lifecycle.restoreExperiment("churn");
        assertThat(churn.searchRuns("").runs()).extracting(RunRecord::id).containsExactly(b);
        lifecycle.restoreRun(a);
        assertThat(churn.searchRuns("").runs()).extracting(RunRecord::id).containsExactly(a, b);
        assertThat(actions()).containsSubsequence("run.delete " + a + " by ana", "experiment.delete churn by ana",
                "experiment.restore churn by ana", "run.restore " + a + " by ana");
        assertThatThrownBy(() -> lifecycle.deleteExperiment("nope")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("'nope'");
    }

    @Test
    @DisplayName("a purge plan names what was deleted longer ago than the retention and the bytes it frees;"
            + " apply purges metadata, series and unshared blobs, and keeps the source run of a model version")
    void purge() {
        Experiment churn = lifecycle.experiment("churn");
        Run onlyMine = churn.startRun(r -> r.name("only-mine"));
        onlyMine.logParam("depth", 6).logMetric("loss", 0.3, 1).logArtifact("model.bin", bytes("unshared bytes"));
        onlyMine.close();
        Run shares = churn.startRun(r -> r.name("shares"));
        shares.logArtifact("model.bin", bytes("shared"));
        shares.close();
        Run live = churn.startRun(r -> r.name("live"));
        live.logArtifact("model.bin", bytes("shared"));
        live.close();
        Run source = churn.startRun(r -> r.name("source"));
        source.logArtifact("model.bin", bytes("model bytes"));
        source.close();
        lifecycle.models().register("churn-model", source, "model.bin");
        Run parent = churn.startRun(r -> r.name("parent"));
        Run child = parent.startChild(r -> r.name("child"));
        child.close();
        parent.close();
        for (Run r : List.of(onlyMine, shares, source, parent)) {
            lifecycle.deleteRun(r.id());
        }
        clock.advance(Duration.ofDays(10));
        assertThat(lifecycle.planPurge(Duration.ofDays(30)).candidates()).as("nothing deleted 30 days ago").isEmpty();

        clock.advance(Duration.ofDays(21));
        PurgePlan plan = lifecycle.planPurge(Duration.ofDays(30));
        assertThat(plan.runs()).extracting(PurgeCandidate::name).containsExactlyInAnyOrder("only-mine", "shares");
        assertThat(plan.skipped()).extracting(PurgeCandidate::name, c -> c.skipReason().replace(child.id(), "<child>"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("source", "model version churn-model/1 (DEVELOPMENT) was"
                                + " created from it"),
                        org.assertj.core.groups.Tuple.tuple("parent", "child run <child> is not due for purging"));
        assertThat(plan.bytes()).as("only the unshared blob is freed").isEqualTo(bytes("unshared bytes").length);
        assertThat(store.tracking().getRun(onlyMine.id())).as("planning changes nothing").isNotNull();

        PurgeResult result = plan.apply();
        assertThat(result.purged()).extracting(PurgeCandidate::name).containsExactlyInAnyOrder("only-mine", "shares");
        assertThat(result.freedBlobs()).containsExactly(Digests.of(bytes("unshared bytes")));
        assertThat(result.freedBytes()).isEqualTo(bytes("unshared bytes").length);
        for (Run gone : List.of(onlyMine, shares)) {
            assertThatThrownBy(() -> lifecycle.run(gone.id())).isInstanceOf(NotFoundException.class);
        }
        assertThat(store.artifacts().exists(Digests.of(bytes("unshared bytes")))).isFalse();
        assertThat(store.artifacts().exists(Digests.of(bytes("shared")))).as("a live run still uses it").isTrue();
        assertThat(store.artifacts().exists(Digests.of(bytes("model bytes")))).isTrue();
        assertThat(lifecycle.models().version("churn-model", 1).record().sourceRunId()).isEqualTo(source.id());
        assertThat(lifecycle.run(source.id()).deleted()).isTrue();
        assertThat(actions()).filteredOn(a -> a.startsWith("run.purge") || a.startsWith("artifact.purge"))
                .hasSize(3);
        AuditEvent purge = lifecycle.audit().eventsFor(onlyMine.id()).stream()
                .filter(e -> e.action().equals("run.purge")).findFirst().orElseThrow();
        assertThat(purge.details()).containsEntry("retention", "PT720H").containsEntry("name", "only-mine");
        assertThat(lifecycle.audit().verify().intact()).isTrue();

        PurgePlan again = lifecycle.planPurge(Duration.ofDays(30));
        assertThat(again.runs()).isEmpty();
        assertThat(again.apply().purged()).isEmpty();
    }

    @Test
    @DisplayName("a deleted experiment is purged with its runs; its name is free again")
    void purgeExperiment() {
        Experiment old = lifecycle.experiment("old");
        Run run = old.startRun();
        run.logMetric("loss", 0.5, 1);
        run.close();
        lifecycle.deleteExperiment("old");
        clock.advance(Duration.ofDays(2));
        PurgePlan plan = lifecycle.planPurge(Duration.ofDays(1));
        assertThat(plan.candidates()).extracting(PurgeCandidate::kind)
                .containsExactly(PurgeCandidate.Kind.RUN, PurgeCandidate.Kind.EXPERIMENT);
        assertThat(plan.apply().purged()).hasSize(2);
        assertThat(lifecycle.experiments(ViewType.ALL)).isEmpty();
        assertThat(lifecycle.experiment("old").id()).isNotEqualTo(old.id());
    }

    @Test
    @DisplayName("apply rechecks: a run restored after planning is kept and reported")
    void applyRechecks() {
        Experiment exp = lifecycle.experiment("e");
        Run a = exp.startRun();
        a.close();
        Run b = exp.startRun();
        b.close();
        lifecycle.deleteRun(a.id());
        lifecycle.deleteRun(b.id());
        clock.advance(Duration.ofHours(2));
        PurgePlan plan = lifecycle.planPurge(Duration.ofHours(1));
        assertThat(plan.runs()).hasSize(2);
        lifecycle.restoreRun(a.id());
        PurgeResult result = plan.apply();
        assertThat(result.purged()).extracting(PurgeCandidate::id).containsExactly(b.id());
        assertThat(result.skipped()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(a.id());
            assertThat(c.skipReason()).isEqualTo("restored since planning");
        });
        assertThat(lifecycle.run(a.id()).deleted()).isFalse();
    }

    @Test
    @DisplayName("a zero or negative retention or silence is refused, naming the value, and changes nothing")
    void badInput() {
        Experiment exp = lifecycle.experiment("e");
        Run a = exp.startRun();
        lifecycle.deleteRun(a.id());
        int events = lifecycle.audit().events().size();
        assertThatThrownBy(() -> lifecycle.planPurge(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention").hasMessageContaining("PT-24H");
        assertThatThrownBy(() -> lifecycle.planPurge(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention must be a positive duration").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> lifecycle.planPurge(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention");
        assertThatThrownBy(() -> lifecycle.reapStaleRuns(Duration.ofMinutes(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("silence").hasMessageContaining("PT-5M");
        assertThat(lifecycle.audit().events()).hasSize(events);
        assertThat(lifecycle.run(a.id()).deleted()).isTrue();
        assertThat(lifecycle.run(a.id()).status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    @DisplayName("reapStaleRuns ends RUNNING runs without a heartbeat for that long as KILLED with the reason")
    void reap() throws InterruptedException {
        Experiment exp = lifecycle.experiment("train");
        Run dead = exp.startRun(r -> r.name("dead"));
        dead.logMetric("loss", 0.9, 1);
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        Run alive = exp.startRun(r -> r.name("alive"));
        alive.logMetric("loss", 0.8, 1);
        Run finished = exp.startRun(r -> r.name("finished"));
        finished.close();
        RunRecord beforeDeath = lifecycle.run(dead.id());
        assertThat(beforeDeath.lastHeartbeat()).isBefore(between);
        assertThat(lifecycle.run(alive.id()).lastHeartbeat()).isAfter(between);

        // the reaper runs an hour later: a silence of (an hour + a bit) puts the bound exactly at `between`
        Instant later = Instant.now().plus(Duration.ofHours(1));
        clock.set(later);
        Duration silence = Duration.between(between, later);
        List<RunRecord> ended = lifecycle.reapStaleRuns(silence);
        assertThat(ended).extracting(RunRecord::id).containsExactly(dead.id());
        RunRecord stored = lifecycle.run(dead.id());
        assertThat(stored.status()).isEqualTo(RunStatus.KILLED);
        assertThat(stored.endTime()).isEqualTo(later);
        assertThat(stored.failure()).contains("no heartbeat for " + silence).contains("none since " + between)
                .contains("ana");
        assertThat(lifecycle.run(alive.id()).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(lifecycle.run(finished.id()).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(lifecycle.audit().eventsFor(dead.id())).extracting(AuditEvent::action).containsExactly("run.reap");
        assertThatThrownBy(() -> dead.logMetric("loss", 0.7, 2)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("KILLED");
        assertThatThrownBy(() -> exp.resumeRun(dead.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("only a RUNNING run can be resumed");
        assertThat(lifecycle.reapStaleRuns(silence)).as("nothing left to reap").isEmpty();
        alive.close();
    }
}
