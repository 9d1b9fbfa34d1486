package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupts (a cancelled task, an executor's {@code shutdownNow()}) fail at most the interrupted call, keep
 * the caller's interrupt flag, and never break the store for other threads or for {@code close()}.
 */
class InterruptTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void writes_byThreadWithInterruptFlagSet_workAndKeepTheFlag(Durability durability) {
        try (FileStore s = FileStore.builder(dir).durability(durability).open()) {
            Seed seed = Seed.write(s);
            Thread.currentThread().interrupt();
            try {
                s.tracking().logParams(seed.runId(), Map.of("lr", "0.1"));
                s.tracking().logMetrics(seed.runId(), List.of(new MetricPoint("loss", 0.2, 4, Seed.T0)));
                s.registry().appendAudit(List.of(new AuditEntry(Seed.T0, "ci", "note", "x", Map.of())));
                assertThat(s.tracking().getRun(seed.runId()).params()).containsEntry("lr", "0.1");
                s.flush();
                assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            s.tracking().logParams(seed.runId(), Map.of("after", "yes"));
        }
        try (FileStore s = FileStore.open(dir)) {
            assertThat(s.tracking().searchRuns(io.mllifecycle.store.RunQuery.builder(
                    s.tracking().findExperiment("exp").orElseThrow().id()).build()).runs().get(0).params())
                    .containsEntry("lr", "0.1").containsEntry("after", "yes");
            assertThat(s.registry().auditEvents(1, 10)).hasSize(1);
        }
    }

    @Test
    void close_withInterruptFlagSet_closesReleasesTheLockAndKeepsTheFlag() {
        FileStore s = FileStore.builder(dir).durability(Durability.BATCHED).open();
        Seed seed = Seed.write(s);
        Thread.currentThread().interrupt();
        try {
            s.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        try (FileStore again = FileStore.open(dir)) {
            seed.assertIntact(again);
            again.tracking().logParams(seed.runId(), Map.of("x", "y"));
        }
    }

    /**
     * Writers on eight threads are interrupted at random moments, over and over, and finally by
     * {@code shutdownNow()}: each write either returned (and is then in the store, also after reopening) or
     * failed naming the interrupt; afterwards a fresh thread writes as usual.
     */
    @ParameterizedTest
    @EnumSource(Durability.class)
    void writers_interruptedAtRandom_failOnlyTheirOwnCalls(Durability durability) throws Exception {
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        AtomicInteger interruptedFailures = new AtomicInteger();
        List<Throwable> otherFailures = new ArrayList<>();
        String exp;
        try (FileStore s = FileStore.builder(dir).durability(durability).open()) {
            exp = s.tracking().createExperiment("e", "", Map.of(), Seed.T0).id();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    synchronized (threads) {
                        threads.add(Thread.currentThread());
                    }
                    for (int i = 0; !pool.isShutdown() || i < 5; i++) {
                        try {
                            String run = s.tracking().createRun(new NewRun(exp, null, "r", Map.of(), Instant.now(),
                                    RunSource.unknown())).id();
                            s.tracking().logMetrics(run, List.of(new MetricPoint("loss", i, 0, Instant.now())));
                            acked.add(run);
                        } catch (StoreException e) {
                            if (e.getMessage().contains("interrupted")) {
                                interruptedFailures.incrementAndGet();
                            } else {
                                synchronized (otherFailures) {
                                    otherFailures.add(e);
                                }
                            }
                        }
                        Thread.interrupted();
                        if (i > 200) {
                            break;
                        }
                    }
                });
            }
            java.util.Random random = new java.util.Random(7);
            for (int k = 0; k < 400; k++) {
                Thread.sleep(0, random.nextInt(500_000));
                synchronized (threads) {
                    if (!threads.isEmpty()) {
                        threads.get(random.nextInt(threads.size())).interrupt();
                    }
                }
            }
            pool.shutdownNow();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(otherFailures).as("failures other than the interrupted call").isEmpty();
            String after = s.tracking().createRun(new NewRun(exp, null, "after", Map.of(), Instant.now(),
                    RunSource.unknown())).id();
            s.tracking().logMetrics(after, List.of(new MetricPoint("loss", 1, 0, Instant.now())));
            acked.add(after);
        }
        try (FileStore s = FileStore.open(dir)) {
            for (String run : acked) {
                assertThat(s.tracking().metricHistory(run, "loss", 0, 10)).hasSize(1);
            }
        }
        assertThat(acked).hasSizeGreaterThan(8);
    }
}
