package io.mllifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistryConcurrencyTest {

    @Test
    void sixteenThreads_promotingAndMovingAliases_oneSuccessPerExpectedState() throws Exception {
        RegistryFixture fx = new RegistryFixture();
        for (int i = 0; i < 4; i++) {
            fx.register("churn", Map.of("auc", 0.8 + i / 100.0));
        }
        ModelRegistry models = fx.lifecycle.models();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger promotions = new AtomicInteger();
        AtomicInteger aliasMoves = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < 50; round++) {
                    int version = 1 + (id + round) % 4;
                    ModelVersion v = models.version("churn", version);
                    Stage before = v.record().stage();
                    Stage target = before == Stage.DEVELOPMENT ? Stage.STAGING
                            : before == Stage.STAGING ? Stage.PRODUCTION : before == Stage.PRODUCTION ? Stage.STAGING : null;
                    if (target != null) {
                        try {
                            v.promote(target);
                            promotions.incrementAndGet();
                        } catch (ConflictException | InvalidTransitionException expected) {
                            // another thread moved it first
                        }
                    }
                    RegisteredModel m = models.model("churn");
                    Integer current = m.record().aliases().get("champion");
                    try {
                        m.moveAlias("champion", current, version);
                        aliasMoves.incrementAndGet();
                    } catch (ConflictException expected) {
                        // lost the race
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int historyEntries = 0;
        for (ModelVersion v : models.model("churn").versions()) {
            ModelVersionRecord r = v.record();
            List<StageChange> history = r.stageHistory();
            historyEntries += history.size() - 1;
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).from()).as("history of %s is a chain", r.reference())
                        .isEqualTo(history.get(i - 1).to());
                assertThat(history.get(i).from().canMoveTo(history.get(i).to())).isTrue();
            }
            assertThat(history.get(history.size() - 1).to()).isEqualTo(r.stage());
        }
        assertThat(historyEntries).isEqualTo(promotions.get());
        // two winners from one expected state would show as two entries leaving the same stage: the chain
        // check above fails then, and the count check fails if a success left no entry
        List<AliasChange> aliasHistory = models.model("churn").aliasHistory();
        assertThat(aliasHistory).hasSize(aliasMoves.get());
        for (int i = 1; i < aliasHistory.size(); i++) {
            assertThat(aliasHistory.get(i).fromVersion()).isEqualTo(aliasHistory.get(i - 1).toVersion());
        }
        assertThat(fx.lifecycle.audit().verify().intact()).isTrue();
        assertThat(promotions.get()).isPositive();
    }

    @Test
    void sixteenThreads_sameExpectedStage_exactlyOneWins() throws Exception {
        RegistryFixture fx = new RegistryFixture();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 20; round++) {
                ModelVersion v = fx.register("race", Map.of("auc", 0.9));
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger wins = new AtomicInteger();
                AtomicInteger conflicts = new AtomicInteger();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        try {
                            fx.store.registry().transitionStage("race", v.version(), Stage.DEVELOPMENT,
                                    new StageChange(Stage.DEVELOPMENT, Stage.STAGING, RegistryFixture.T0, "t", ""), null, List.of());
                            wins.incrementAndGet();
                        } catch (ConflictException e) {
                            conflicts.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertThat(wins.get()).isEqualTo(1);
                assertThat(conflicts.get()).isEqualTo(15);
                assertThat(v.record().stageHistory()).hasSize(2);
            }
        } finally {
            pool.shutdown();
        }
    }
}
