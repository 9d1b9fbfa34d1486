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
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.TransitionRequest;
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
        List<Object> registry;
        try (FileStore writer = FileStore.builder(dir).durability(Durability.BATCHED).open();
             FileStore reader = FileStore.open(dir)) {
            Seed seed = Seed.write(writer);
            registry = writeGovernance(writer);
            reader.tracking().getRun(seed.runId()); // the reader has read the journal before compaction
            for (int i = 0; i < 12_000; i++) {
                writer.tracking().setTags(seed.runId(), Map.of("i", Integer.toString(i)));
            }
            writer.flush();
            // compacted once past 10 000 records: the 2 000 tag records after it and a one-record-per-entity head
            // (a run record is under 550 bytes with its heartbeat)
            assertThat(Files.size(dir.resolve("journal.log"))).isLessThan(2_100L * 550);
            assertThat(Files.readAllLines(dir.resolve("journal.log")).get(0)).contains("\"generation\":2");
            assertThat(reader.tracking().getRun(seed.runId()).tags()).containsEntry("i", "11999");
            seed.assertIntact(reader);
            reader.tracking().logMetrics(seed.runId(), List.of(new MetricPoint("loss", 0.1, 4, Seed.T0)));
            assertThat(writer.tracking().metricHistory(seed.runId(), "loss", 0, 9)).hasSize(4);
            assertThat(governance(reader)).as("policies, requests, aliases, audit after compaction").isEqualTo(registry);
        }
        try (FileStore again = FileStore.open(dir)) {
            assertThat(again.tracking().listExperiments()).hasSize(1);
            assertThat(governance(again)).as("policies, requests, aliases, audit reopened after compaction")
                    .isEqualTo(registry);
            assertThat(again.registry().createVersion(GOVERNED_RETRY, v -> List.of()).version())
                    .as("a registration's request id survives compaction").isEqualTo(1);
            assertThat(governance(again)).isEqualTo(registry);
        }
    }

    private static final NewModelVersion GOVERNED_RETRY = new NewModelVersion("m", null, "sha256:" + "cd".repeat(32),
            "", Map.of(), Map.of(), null, Seed.T0, "ci").withRequestId("gov-1");

    /** Stored policies (two scopes, two revisions), a pending and an approved request, an alias move. */
    private static List<Object> writeGovernance(FileStore s) {
        var r = s.registry();
        r.createModel("m", "", Map.of(), Seed.T0, List.of(new AuditEntry(Seed.T0, "ci", "model.create", "m", Map.of())));
        r.createVersion(GOVERNED_RETRY, v -> List.of(new AuditEntry(Seed.T0, "ci", "register", v.reference(),
                Map.of())));
        r.createVersion(new NewModelVersion("m", null, "sha256:" + "cd".repeat(32), "", Map.of(), Map.of(), null,
                Seed.T0, "ci"), v -> List.of(new AuditEntry(Seed.T0, "ci", "register", v.reference(), Map.of())));
        r.putPolicy(new PolicyRecord("m", 1, "text/plain", "one", Seed.T0, "ci"), List.of());
        r.putPolicy(new PolicyRecord("m", 2, "text/plain", "two", Seed.T0, "ci"), List.of());
        r.putPolicy(new PolicyRecord(PolicyRecord.DEFAULT_SCOPE, 1, "text/plain", "all", Seed.T0, "ci"), List.of());
        r.createRequest(TransitionRequest.pending("a", "m", 1, Stage.DEVELOPMENT, Stage.STAGING, "", "alice",
                Seed.T0), List.of());
        TransitionRequest b = TransitionRequest.pending("b", "m", 2, Stage.DEVELOPMENT, Stage.STAGING, "", "alice",
                Seed.T0);
        r.createRequest(b, List.of());
        r.decideRequest(b.decided(RequestStatus.APPROVED, "bob", Seed.T0, "ok"), new StageChange(Stage.DEVELOPMENT,
                Stage.STAGING, Seed.T0, "bob", "approved"), List.of(new AuditEntry(Seed.T0, "bob", "approve", "m/2",
                Map.of())));
        r.moveAlias("m", "champion", null, 2, Seed.T0, "ci", List.of());
        return governance(s);
    }

    private static List<Object> governance(FileStore s) {
        var r = s.registry();
        return List.of(r.listVersions("m"), r.policyHistory("m"), r.policyHistory(PolicyRecord.DEFAULT_SCOPE),
                r.listRequests("m"), r.aliasHistory("m"), r.getModel("m"), r.auditEvents(1, 100));
    }

    /**
     * A 100 MB journal of superseded records opens in a 64 MB heap (read-only and read-write), because the
     * unread tail is replayed in bounded windows rather than loaded whole.
     */
    @Test
    void open_journalMuchLargerThanTheHeap_opensInBoundedMemory() throws Exception {
        RunRecord run;
        try (FileStore s = FileStore.open(dir)) {
            String exp = s.tracking().createExperiment("e", "", Map.of(), Seed.T0).id();
            run = s.tracking().createRun(new NewRun(exp, null, "r", Map.of(), Seed.T0, RunSource.unknown()));
        }
        String filler = "x".repeat(7_000);
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve("journal.log"),
                java.nio.file.StandardOpenOption.APPEND), 1 << 20)) {
            for (int i = 0; i < 7_000; i++) {
                // tag values are bounded, so many tags make each record about 15 KB
                Map<String, String> tags = new java.util.TreeMap<>(Map.of("i", Integer.toString(i)));
                tags.put("a", filler);
                tags.put("b", filler);
                out.write(Frames.encode(Json.events(List.of(new Event.Run(run.withTags(tags))))));
            }
        }
        assertThat(Files.size(dir.resolve("journal.log"))).isGreaterThan(95L << 20);
        for (String mode : List.of("ro", "rw")) {
            String javaCommand = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(javaCommand, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                    OpenStoreMain.class.getName(), dir.toString(), mode).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("exit of the %s open; output: %s", mode, output).isZero();
            assertThat(output).contains("RUNS 1 TAG 6999");
        }
    }
}
