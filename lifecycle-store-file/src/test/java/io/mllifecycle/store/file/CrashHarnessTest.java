package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.tck.AuditCoverage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a writing child JVM with SIGKILL at random moments, then opens the store and checks that every
 * write the child acknowledged is there, that every registry change has its audit event and every audit
 * event's change is there ({@link AuditCoverage}), and that the store is whole. Iterations: system property
 * {@code lifecycle.crash.iterations} (default 30, about a minute on two busy cores; soaks set more); durability alternates between SYNC and BATCHED (a
 * process crash must lose nothing that returned in either mode). The children write log records in
 * small pieces ({@link TearingFileIo}) so that kills tear records and the truncation of torn tails is
 * exercised, not just assumed.
 */
class CrashHarnessTest {
    private static final Logger LOG = LoggerFactory.getLogger(CrashHarnessTest.class);

    @TempDir
    Path dir;

    private ChildJvm start(int i, Random random) throws java.io.IOException {
        Durability durability = i % 2 == 0 ? Durability.SYNC : Durability.BATCHED;
        return ChildJvm.start(dir, durability, 1 + random.nextInt(3), 0, random.nextLong(), true);
    }

    /** @return whether the journal ends in a torn record, which the next open must truncate */
    private boolean tornJournalTail() throws java.io.IOException {
        byte[] journal = java.nio.file.Files.readAllBytes(dir.resolve(Layout.JOURNAL));
        Frames.Scan scan = Frames.scan(journal, 0);
        assertThat(scan.damageAt()).as("damage in the journal after a kill").isEqualTo(-1);
        return scan.tornAt() >= 0;
    }

    @Test
    void open_afterWriterKilledMidWrite_hasEveryAcknowledgedWriteAndNoDamage() throws Exception {
        int iterations = Integer.getInteger("lifecycle.crash.iterations", 30);
        Random random = new Random(Long.getLong("lifecycle.crash.seed", 20261123L));
        List<String> everything = new ArrayList<>();
        long started = System.nanoTime();
        int checked = 0;
        int tornTails = 0;
        long registryChecked = 0;
        ChildJvm next = start(0, random);
        try {
            for (int i = 0; i < iterations; i++) {
                ChildJvm child = next;
                assertThat(child.awaitReady(60)).as("child %d got ready", i).isTrue();
                Thread.sleep(random.nextInt(380) + 20);
                child.kill();
                if (tornJournalTail()) {
                    tornTails++;
                }
                // the next child starts while this one's acknowledgements are checked: the store is shared safely
                next = i + 1 < iterations ? start(i + 1, random) : null;
                List<String> acked = child.lines();
                registryChecked += acked.stream().filter(l -> l.matches("(STAGE|GATE|ALIAS|POLICY|REQUEST) .*")).count();
                assertThat(acked).as("child %d output", i).first().isEqualTo("READY");
                everything.addAll(acked);
                try (FileStore store = FileStore.open(dir)) {
                    checked += Acknowledgements.verify(store, acked);
                    // after every kill: each registry change has its audit event and each event its change
                    AuditCoverage.assertCovered(store.registry(), AuditCoverage::fromDetail);
                    if (i % 25 == 0) {
                        Acknowledgements.assertWhole(store);
                    }
                }
            }
        } finally {
            if (next != null) {
                next.kill();
            }
        }
        try (FileStore store = FileStore.open(dir)) {
            Acknowledgements.verify(store, everything);
            Acknowledgements.assertWhole(store);
        }
        LOG.info("Crash harness: {} kills, {} acknowledged writes checked ({} of registry changes), {} torn journal"
                + " tails truncated, {} s", iterations, checked, registryChecked, tornTails, (System.nanoTime() - started) / 1_000_000_000L);
        assertThat(checked).as("acknowledged writes checked").isGreaterThan(iterations);
        assertThat(registryChecked).as("acknowledged registry writes checked").isGreaterThan(iterations);
        if (iterations >= 30) {
            assertThat(tornTails).as("kills that tore a journal record (the harness must exercise recovery)").isPositive();
        }
    }

    /**
     * A process killed while compacting the journal on open (its temporary journal half written) leaves the
     * journal as it was; the next open removes the partial temporary journal at once and loses nothing.
     */
    @Test
    void open_afterKillDuringCompaction_removesThePartialJournalAndLosesNothing() throws Exception {
        String exp;
        io.mllifecycle.store.RunRecord template;
        try (FileStore s = FileStore.open(dir)) {
            exp = s.tracking().createExperiment("e", "", java.util.Map.of(), Seed.T0).id();
            template = s.tracking().createRun(new io.mllifecycle.store.NewRun(exp, null, "r", java.util.Map.of(),
                    Seed.T0, io.mllifecycle.store.RunSource.unknown()));
        }
        int runs = 12_000;
        try (var out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(dir.resolve(Layout.JOURNAL),
                java.nio.file.StandardOpenOption.APPEND), 1 << 20)) {
            for (int i = 0; i < runs; i++) {
                var run = new io.mllifecycle.store.RunRecord(io.mllifecycle.store.spi.Ids.next(Seed.T0), exp, null,
                        "r" + i, template.status(), Seed.T0, null, null, java.util.Map.of(), java.util.Map.of(),
                        java.util.Map.of(), List.of(), java.util.Map.of(), template.source());
                out.write(Frames.encode(Json.events(List.of(new Event.Run(run)))));
                out.write(Frames.encode(Json.events(List.of(new Event.Run(run.withTags(java.util.Map.of("i",
                        Integer.toString(i))))))));
            }
        }
        byte[] journal = java.nio.file.Files.readAllBytes(dir.resolve(Layout.JOURNAL));
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(javaCommand, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                OpenStoreMain.class.getName(), dir.toString(), "tear").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path partial = null;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (partial == null && child.isAlive() && System.nanoTime() < deadline) {
            try (var files = java.nio.file.Files.list(dir.resolve(Layout.TMP))) {
                partial = files.filter(p -> p.getFileName().toString().startsWith("journal.")).findFirst()
                        .filter(p -> p.toFile().length() > 10_000).orElse(null);
            }
            Thread.sleep(5);
        }
        child.destroyForcibly().waitFor();
        assertThat(partial).as("a partial temporary journal while the child compacted").isNotNull();
        assertThat(partial).exists();
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve(Layout.JOURNAL))).as("journal untouched")
                .isEqualTo(journal);
        try (FileStore s = FileStore.open(dir)) {
            assertThat(s.tracking().searchRuns(io.mllifecycle.store.RunQuery.builder(exp).pageSize(10_000).build())
                    .runs()).hasSize(10_000);
            assertThat(s.tracking().searchRuns(io.mllifecycle.store.RunQuery.builder(exp).tag("i", "11999").build())
                    .runs()).hasSize(1);
        }
        try (var files = java.nio.file.Files.list(dir.resolve(Layout.TMP))) {
            assertThat(files).as("temporary files after reopening").isEmpty();
        }
    }
}
