package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.tck.AuditCoverage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Kills (SIGKILL) a child JVM writing registry changes to PostgreSQL from three threads, several times, and
 * checks after each kill that every change the store holds has its audit event and every audited change is
 * stored, that the chain verifies, and that every registration the child acknowledged is there. Rounds:
 * {@code -Dlifecycle.crash.rounds} (default 3).
 */
class JdbcCrashHarnessTest {
    private final TestDatabase db = new TestDatabase();

    @AfterEach
    void drop() {
        db.dropAll();
    }

    @Test
    @DisplayName("after every kill -9 of a writing client, changes and audit events match one to one")
    void killedWriter_changesAndEventsMatch() throws Exception {
        String schema = db.newSchema();
        try (JdbcStore store = TestDatabase.open(schema, new InMemoryArtifactStore())) {
            store.registry().createModel(JdbcWorkerMain.MODEL, "", Map.of(), Instant.now(), List.of(new AuditEntry(
                    Instant.now(), "ci", "model.create", JdbcWorkerMain.MODEL,
                    Map.of(AuditCoverage.CHANGES_DETAIL, "model " + JdbcWorkerMain.MODEL))));
        }
        int rounds = Integer.getInteger("lifecycle.crash.rounds", 3);
        int acknowledged = 0;
        for (int round = 0; round < rounds; round++) {
            List<String> lines = runAndKill(schema, round, 800 + 400L * round);
            int maxAcked = lines.stream().filter(l -> l.startsWith("VERSION ")).mapToInt(l -> Integer.parseInt(
                    l.substring(8))).max().orElse(0);
            try (JdbcStore store = TestDatabase.open(schema, new InMemoryArtifactStore())) {
                AuditCoverage.assertCovered(store.registry(), AuditCoverage::fromDetail);
                assertThat(AuditChain.verify(store.registry().auditEvents(1, Integer.MAX_VALUE))).isEmpty();
                int versions = store.registry().listVersions(JdbcWorkerMain.MODEL).size();
                assertThat(versions).as("round %d: every acknowledged registration is stored", round)
                        .isGreaterThanOrEqualTo(maxAcked);
                acknowledged = maxAcked;
            }
        }
        assertThat(acknowledged).as("the child made progress before the last kill").isPositive();
    }

    private static List<String> runAndKill(String schema, int round, long writeMillis) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                JdbcWorkerMain.class.getName(), schema, "3", Long.toString(round));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (line.equals("READY")) {
                        ready.countDown();
                    }
                }
            } catch (IOException killed) {
                // what was read before the kill stands
            } finally {
                ready.countDown();
            }
        });
        reader.start();
        try {
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("child opened the store").isTrue();
            assertThat(child.isAlive()).as("child is writing; output so far: %s", lines).isTrue();
            Thread.sleep(writeMillis);
        } finally {
            child.destroyForcibly();
            child.waitFor();
            reader.join(10_000);
        }
        return lines;
    }
}
