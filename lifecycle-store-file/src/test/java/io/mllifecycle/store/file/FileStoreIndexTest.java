package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.MetricFilter;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory index stays correct when another store instance (standing in for another process; the
 * two-JVM test covers real processes) writes, and across journal compaction.
 */
class FileStoreIndexTest {
    @TempDir
    Path dir;

    @Test
    void searchRuns_seesWritesOfAnotherInstance() {
        try (FileStore a = FileStore.open(dir); FileStore b = FileStore.open(dir)) {
            String exp = a.tracking().createExperiment("e", "", Map.of(), Seed.T0).id();
            RunRecord run = b.tracking().createRun(new NewRun(exp, null, "r", Map.of(), Seed.T0, RunSource.unknown()));
            a.tracking().logParams(run.id(), Map.of("depth", "6"));
            b.tracking().logMetrics(run.id(), List.of(new MetricPoint("auc", 0.9, 1, Seed.T0)));
            RunQuery query = RunQuery.builder(exp).param("depth", "6")
                    .metric("auc", MetricFilter.Comparison.AT_LEAST, 0.85).orderBy("auc", false).build();
            assertThat(a.tracking().searchRuns(query).runs()).extracting(RunRecord::id).containsExactly(run.id());
            a.tracking().logMetrics(run.id(), List.of(new MetricPoint("auc", 0.8, 2, Seed.T0)));
            assertThat(b.tracking().searchRuns(query).runs()).isEmpty();
            assertThat(b.tracking().metricHistory(run.id(), "auc", 0, 5)).extracting(MetricPoint::value)
                    .containsExactly(0.9, 0.8);
        }
    }

    @Test
    void open_journalOfManyRecords_replaysEveryRecordInOrder() {
        String exp;
        try (FileStore s = FileStore.builder(dir).durability(Durability.BATCHED).open()) {
            exp = s.tracking().createExperiment("e", "", Map.of(), Seed.T0).id();
            for (int i = 0; i < 21_000; i++) {
                String run = s.tracking().createRun(new NewRun(exp, null, "r" + i, Map.of(), Seed.T0,
                        RunSource.unknown())).id();
                s.tracking().logParams(run, Map.of("i", Integer.toString(i), "mod", Integer.toString(i % 7)));
            }
        }
        try (FileStore s = FileStore.open(dir)) {
            List<RunRecord> runs = s.tracking().searchRuns(RunQuery.builder(exp).param("mod", "3").pageSize(10_000)
                    .build()).runs();
            assertThat(runs).hasSize(3_000).allSatisfy(r ->
                    assertThat(r.name()).isEqualTo("r" + r.params().get("i")));
        }
    }

    @Test
    void open_quarterOfJournalSuperseded_compactsBeforeReplayingAgain() throws Exception {
        String exp;
        try (FileStore s = FileStore.builder(dir).durability(Durability.BATCHED).open()) {
            exp = s.tracking().createExperiment("e", "", Map.of(), Seed.T0).id();
            for (int i = 0; i < 8_000; i++) {
                String run = s.tracking().createRun(new NewRun(exp, null, "r" + i, Map.of(), Seed.T0,
                        RunSource.unknown())).id();
                if (i % 2 == 0) {
                    s.tracking().setTags(run, Map.of("even", "yes"));
                }
            }
        }
        assertThat(Files.readAllLines(dir.resolve("journal.log"))).hasSize(12_002);
        try (FileStore s = FileStore.open(dir)) {
            assertThat(s.tracking().searchRuns(RunQuery.builder(exp).tag("even", "yes").pageSize(10_000).build())
                    .runs()).hasSize(4_000);
        }
        List<String> lines = Files.readAllLines(dir.resolve("journal.log"));
        assertThat(lines).hasSize(8_002);
        assertThat(lines.get(0)).contains("\"generation\":2");
    }

    @Test
    void setTags_pastCompactionThreshold_compactsJournalAndKeepsEverything() throws Exception {
        try (FileStore writer = FileStore.builder(dir).durability(Durability.BATCHED).open();
             FileStore reader = FileStore.open(dir)) {
            Seed seed = Seed.write(writer);
            reader.tracking().getRun(seed.runId()); // the reader has read the journal before compaction
            for (int i = 0; i < 12_000; i++) {
                writer.tracking().setTags(seed.runId(), Map.of("i", Integer.toString(i)));
            }
            writer.flush();
            // compacted once past 10 000 records: the 2 000 tag records after it and a one-record-per-entity head
            assertThat(Files.size(dir.resolve("journal.log"))).isLessThan(2_100L * 500);
            assertThat(Files.readAllLines(dir.resolve("journal.log")).get(0)).contains("\"generation\":2");
            assertThat(reader.tracking().getRun(seed.runId()).tags()).containsEntry("i", "11999");
            seed.assertIntact(reader);
            reader.tracking().logMetrics(seed.runId(), List.of(new MetricPoint("loss", 0.1, 4, Seed.T0)));
            assertThat(writer.tracking().metricHistory(seed.runId(), "loss", 0, 9)).hasSize(4);
        }
        try (FileStore again = FileStore.open(dir)) {
            assertThat(again.tracking().listExperiments()).hasSize(1);
        }
    }
}
