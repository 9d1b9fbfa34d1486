package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Four stores, each with its own connection pool (as four machines would be), and eight threads per
 * store register versions of one model and move its alias with compare-and-set, writing an audit event
 * for each success. Version numbers must be exactly 1 … N, no two moves from the same expected version
 * may both succeed, and the audit chain must verify.
 */
class ConcurrentWritersTest {
    private static final int STORES = 4;
    private static final int THREADS_PER_STORE = 8;
    private static final int ROUNDS = 12;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final TestDatabase db = new TestDatabase();
    private final List<JdbcStore> stores = new ArrayList<>();

    @AfterEach
    void closeAndDrop() {
        stores.forEach(JdbcStore::close);
        db.dropAll();
    }

    @Test
    @DisplayName("4 pools × 8 threads: gapless versions, one winner per alias move, an intact audit chain")
    void registerAndMoveAliases_fromManyPools() throws Exception {
        String schema = db.newSchema();
        InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
        for (int i = 0; i < STORES; i++) {
            stores.add(TestDatabase.open(schema, artifacts));
        }
        stores.get(0).registry().createModel("churn", "", Map.of(), T0, List.of());

        int threads = STORES * THREADS_PER_STORE;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            RegistryStore registry = stores.get(t % STORES).registry();
            String actor = "writer-" + t;
            futures.add(pool.submit(() -> {
                start.await();
                return work(registry, actor);
            }));
        }
        start.countDown();
        List<Integer> registered = new ArrayList<>();
        for (Future<List<Integer>> f : futures) {
            registered.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        RegistryStore registry = stores.get(1).registry();
        int total = threads * ROUNDS;
        assertThat(registered).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
        assertThat(registry.listVersions("churn")).extracting(ModelVersionRecord::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, total).boxed().toList());

        List<AliasChange> moves = registry.aliasHistory("churn");
        assertThat(moves).as("every round of every thread moved the alias once").hasSize(total);
        for (int i = 1; i < moves.size(); i++) {
            assertThat(moves.get(i).fromVersion()).as("move %d starts where move %d ended", i, i - 1)
                    .isEqualTo(moves.get(i - 1).toVersion());
        }
        assertThat(registry.getModel("churn").aliases()).containsEntry("champion", moves.get(total - 1).toVersion());

        List<AuditEvent> events = registry.auditEvents(1, 10_000);
        assertThat(events).hasSize(2 * total);
        assertThat(AuditChain.verify(events)).isEmpty();
    }

    /** Each round: register a version, then move "champion" to it, re-reading after each conflict. */
    private static List<Integer> work(RegistryStore registry, String actor) {
        List<Integer> mine = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            ModelVersionRecord v = registry.createVersion(new NewModelVersion("churn", null,
                    Digests.of((actor + round).getBytes(StandardCharsets.UTF_8)), "", Map.of(), Map.of(), null, T0,
                    actor), created -> List.of());
            mine.add(v.version());
            registry.appendAudit(List.of(new AuditEntry(T0, actor, "model.version.create", "churn/" + v.version(), Map.of())));
            while (true) {
                Integer current = registry.getModel("churn").aliases().get("champion");
                try {
                    registry.moveAlias("churn", "champion", current, v.version(), T0, actor, List.of());
                    break;
                } catch (ConflictException expectedUnderContention) {
                    // another writer moved it since we read it: re-read and try again
                }
            }
            registry.appendAudit(List.of(new AuditEntry(T0, actor, "model.alias.move", "churn@champion",
                    Map.of("to", Integer.toString(v.version())))));
        }
        return mine;
    }
}
