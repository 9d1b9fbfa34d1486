package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.RunQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs with eight threads each write into one store at the same time. */
class MultiProcessTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 6;

    @TempDir
    Path dir;

    @Test
    void write_twoJvmsWithEightThreadsEach_loseNothingAndKeepVersionsGapless() throws Exception {
        try (FileStore store = FileStore.open(dir)) {
            StoreWorkerMain.ensureSetUp(store);
        }
        ChildJvm a = ChildJvm.start(dir, Durability.SYNC, THREADS, ROUNDS, 1);
        ChildJvm b = ChildJvm.start(dir, Durability.BATCHED, THREADS, ROUNDS, 2);
        assertThat(a.await(300)).isZero();
        assertThat(b.await(300)).isZero();
        List<String> lines = new ArrayList<>(a.lines());
        lines.addAll(b.lines());
        int total = 2 * THREADS * ROUNDS;
        try (FileStore store = FileStore.open(dir)) {
            int acks = (int) lines.stream().filter(l -> !l.equals("READY") && !l.equals("DONE")).count();
            assertThat(Acknowledgements.verify(store, lines)).isEqualTo(acks).isGreaterThanOrEqualTo(total * 12);
            Acknowledgements.assertWhole(store);
            long versions = lines.stream().filter(l -> l.startsWith("VERSION ")).count();
            assertThat(versions).isBetween((long) total, 2L * total);
            assertThat(store.registry().listVersions(StoreWorkerMain.MODEL)).hasSize((int) versions);
            assertThat(lines.stream().filter(l -> l.startsWith("AUDIT "))).hasSize((int) versions);
            String experiment = store.tracking().findExperiment(StoreWorkerMain.EXPERIMENT).orElseThrow().id();
            assertThat(store.tracking().searchRuns(RunQuery.builder(experiment).pageSize(10_000).build()).runs())
                    .hasSize(total);
        }
        assertThat(lines.stream().filter(l -> l.startsWith("VERSION ")).map(l -> l.split(" ")[1]).distinct())
                .hasSize((int) lines.stream().filter(l -> l.startsWith("VERSION ")).count());
    }
}
