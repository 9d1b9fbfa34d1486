package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.store.spi.AuditChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A purge of several deleted runs killed midway — the disk fills while the journal record of the second run's
 * purge is written, or the process dies after a purge committed but before its metric log was removed — leaves
 * every record whole, in the open store and after reopening: each run is purged with its purge event, or
 * present with its params, series and artifacts and without one. Purging again then completes.
 */
class PurgeFaultTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;
    final FaultyFileIo io = new FaultyFileIo();
    final List<String> runs = new ArrayList<>();

    @BeforeEach
    void seed() {
        try (FileStore s = FileStore.open(dir)) {
            TrackingStore t = s.tracking();
            String exp = t.createExperiment("churn", "", Map.of(), T).id();
            for (int i = 0; i < 3; i++) {
                RunRecord r = t.createRun(new NewRun(exp, null, "r" + i, Map.of(), T, RunSource.unknown()));
                t.logParams(r.id(), Map.of("depth", Integer.toString(i)));
                t.logMetrics(r.id(), List.of(new MetricPoint("loss", 0.5, 1, T), new MetricPoint("loss", 0.4, 2, T)));
                t.recordArtifact(r.id(), "model.bin", DIGEST);
                t.endRun(r.id(), RunStatus.FINISHED, T, null);
                t.deleteRun(r.id(), T, List.of());
                runs.add(r.id());
            }
        }
    }

    private static List<AuditEntry> purgeEvent(String runId) {
        return List.of(new AuditEntry(T, "ci", "run.purge", runId, Map.of()));
    }

    /** Checks that every run is either purged with exactly one purge event, or whole without one. */
    private static void assertConsistent(FileStore s, List<String> runs, int purged) {
        List<AuditEvent> events = s.registry().auditEvents(1, 1000);
        assertThat(AuditChain.verify(events)).isEmpty();
        for (int i = 0; i < runs.size(); i++) {
            String id = runs.get(i);
            long purgeEvents = events.stream().filter(e -> e.action().equals("run.purge") && e.subject().equals(id))
                    .count();
            if (i < purged) {
                assertThatThrownBy(() -> s.tracking().getRun(id)).isInstanceOf(NotFoundException.class);
                assertThat(purgeEvents).as("purge events of purged run %s", id).isEqualTo(1);
            } else {
                RunRecord r = s.tracking().getRun(id);
                assertThat(r.params()).containsEntry("depth", Integer.toString(i));
                assertThat(r.artifacts()).containsEntry("model.bin", DIGEST);
                assertThat(s.tracking().metricHistory(id, "loss", Long.MIN_VALUE, Long.MAX_VALUE))
                        .extracting(MetricPoint::value).containsExactly(0.5, 0.4);
                assertThat(purgeEvents).as("purge events of kept run %s", id).isZero();
            }
        }
        assertThat(s.tracking().searchRuns(RunQuery.builder().viewType(ViewType.ALL).countMatches().build()).count())
                .isEqualTo(runs.size() - purged);
        assertThat(s.tracking().referencedDigests().contains(DIGEST)).isEqualTo(purged < runs.size());
    }

    @Test
    void diskFullDuringThePurgeOfTheSecondRun_leavesEveryRunWholeOrPurged() {
        try (FileStore s = FileStore.builder(dir).fileIo(io).open()) {
            s.tracking().purgeRun(runs.get(0), purgeEvent(runs.get(0)));
            io.failWrites = p -> p.endsWith(Layout.JOURNAL);
            assertThatThrownBy(() -> s.tracking().purgeRun(runs.get(1), purgeEvent(runs.get(1))))
                    .isInstanceOf(StoreException.class).hasMessageContaining("nothing was written");
            io.failWrites = p -> false;
            assertConsistent(s, runs, 1);
        }
        try (FileStore s = FileStore.open(dir)) {
            assertConsistent(s, runs, 1);
            s.tracking().purgeRun(runs.get(1), purgeEvent(runs.get(1)));
            s.tracking().purgeRun(runs.get(2), purgeEvent(runs.get(2)));
            assertConsistent(s, runs, 3);
        }
        try (FileStore s = FileStore.open(dir)) {
            assertConsistent(s, runs, 3);
            assertThat(Files.exists(Layout.metricLog(dir, runs.get(0)))).as("the purged run's metric log").isFalse();
        }
    }

    @Test
    void deathAfterThePurgeCommittedButBeforeItsMetricLogWasRemoved_leavesALogNoRecordNames() throws IOException {
        Path log = Layout.metricLog(dir, runs.get(0));
        byte[] bytes = Files.readAllBytes(log);
        try (FileStore s = FileStore.open(dir)) {
            s.tracking().purgeRun(runs.get(0), purgeEvent(runs.get(0)));
        }
        Files.write(log, bytes); // as if the process died between the journal commit and the delete
        try (FileStore s = FileStore.open(dir)) {
            assertConsistent(s, runs, 1);
            s.tracking().purgeRun(runs.get(1), purgeEvent(runs.get(1)));
            assertConsistent(s, runs, 2);
        }
    }
}
