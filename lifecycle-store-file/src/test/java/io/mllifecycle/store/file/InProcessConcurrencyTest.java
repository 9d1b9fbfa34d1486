package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sixteen threads over two store instances of one directory in one JVM (BATCHED and SYNC). */
class InProcessConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void createVersion_twoInstancesSixteenThreads_gaplessVersionsAndIntactChain() throws Exception {
        try (FileStore a = FileStore.builder(dir).durability(Durability.BATCHED).open(); FileStore b = FileStore.open(dir)) {
            String exp = a.tracking().createExperiment("e", "", Map.of(), Instant.EPOCH).id();
            a.registry().createModel("m", "", Map.of(), Instant.EPOCH, List.of());
            String digest = "sha256:" + "a".repeat(64);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<String>> runs = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                LifecycleStore store = t % 2 == 0 ? a : b;
                runs.add(pool.submit(() -> {
                    String run = store.tracking().createRun(new NewRun(exp, null, "r", Map.of(), Instant.EPOCH,
                            RunSource.unknown())).id();
                    for (int i = 0; i < 20; i++) {
                        store.tracking().logMetrics(run, List.of(new MetricPoint("m", i, i, Instant.EPOCH)));
                        store.registry().createVersion(new NewModelVersion("m", run, digest, "", Map.of(), Map.of(),
                                null, Instant.EPOCH, "t"), created -> List.of());
                        store.registry().appendAudit(List.of(new AuditEntry(Instant.EPOCH, "t", "x", run, Map.of())));
                    }
                    return run;
                }));
            }
            for (Future<String> f : runs) {
                assertThat(b.tracking().metricHistory(f.get(), "m", 0, 100)).hasSize(20);
            }
            pool.shutdown();
            assertThat(a.registry().listVersions("m")).hasSize(320)
                    .extracting(v -> v.version()).isSorted().doesNotHaveDuplicates();
            assertThat(AuditChain.verify(b.registry().auditEvents(1, 1000))).isEmpty();
            assertThat(b.registry().auditEvents(1, 1000)).hasSize(320);
        }
    }
}
