package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreFormatTest {
    @TempDir
    Path dir;

    @Test
    void open_absentDirectory_isInitialised() throws Exception {
        Path store = dir.resolve("a/b/mlruns");
        try (FileStore s = FileStore.open(store)) {
            assertThat(s.tracking().listExperiments()).isEmpty();
        }
        assertThat(Files.readString(store.resolve("FORMAT")))
                .isEqualTo("{\"format\":\"mllifecycle-file-store\",\"version\":5}\n");
        assertThat(store.resolve("journal.log")).isRegularFile();
        assertThat(store.resolve("metrics")).isDirectory();
        assertThat(store.resolve("blobs/sha256")).isDirectory();
    }

    @Test
    void open_emptyDirectory_isInitialisedAndReopens() {
        Seed seed;
        try (FileStore s = FileStore.open(dir)) {
            seed = Seed.write(s);
        }
        try (FileStore s = FileStore.open(dir)) {
            seed.assertIntact(s);
        }
    }

    @Test
    void open_newerFormat_isRefusedWithVersions() throws Exception {
        FileStore.open(dir).close();
        Files.writeString(dir.resolve("FORMAT"), "{\"format\":\"mllifecycle-file-store\",\"version\":6}\n");
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("format version 6").hasMessageContaining("newer").hasMessageContaining("5");
    }

    @Test
    void open_olderFormat_isRefusedNotMisread() throws Exception {
        FileStore.open(dir).close();
        Files.writeString(dir.resolve("FORMAT"), "{\"format\":\"mllifecycle-file-store\",\"version\":0}\n");
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("format version 0").hasMessageContaining("neither read nor migrate");
    }

    @Test
    void open_missingFormatInNonEmptyDirectory_isCorrupt() throws Exception {
        try (FileStore s = FileStore.open(dir)) {
            Seed.write(s);
        }
        Files.delete(dir.resolve("FORMAT"));
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("FORMAT").hasMessageContaining(dir.toString());
    }

    @Test
    void open_directoryOfOtherFiles_isRefused() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("notes.txt").hasMessageContaining("no FORMAT");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void open_unreadableFormat_isCorrupt() throws Exception {
        FileStore.open(dir).close();
        Files.write(dir.resolve("FORMAT"), "{\"format\":".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining(dir.resolve("FORMAT").toString());
    }

    @Test
    void open_foreignFileInTheTree_isCorruptNamingIt() throws Exception {
        FileStore.open(dir).close();
        Files.writeString(dir.resolve("meta.yaml"), "x");
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining(dir.resolve("meta.yaml").toString());
    }

    @Test
    void open_linkInPlaceOfADirectory_isRefused() throws Exception {
        FileStore.open(dir).close();
        Path elsewhere = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-elsewhere"));
        Files.delete(dir.resolve("metrics"));
        Files.createSymbolicLink(dir.resolve("metrics"), elsewhere);
        assertThatThrownBy(() -> FileStore.open(dir)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void open_interruptedInitialisation_isCompleted() throws Exception {
        FileStore.open(dir).close();
        Files.delete(dir.resolve("FORMAT")); // the last step of initialisation did not happen
        try (FileStore s = FileStore.open(dir)) {
            assertThat(s.tracking().listExperiments()).isEmpty();
        }
        assertThat(dir.resolve("FORMAT")).isRegularFile();
    }

    /** Copies the committed format-1 store (see {@code fixtures/README.md}) into {@code target}. */
    static void copyV1Fixture(Path target) throws Exception {
        copyFixture("format-v1-store", target);
    }

    /**
     * Copies a committed fixture store into {@code target}, with the empty directories git does not keep
     * ({@code tmp/}, and {@code metrics/} when the fixture has no metric log).
     */
    private static void copyFixture(String name, Path target) throws Exception {
        Path source = Path.of(FileStoreFormatTest.class.getResource("/fixtures/" + name + "/FORMAT").toURI())
                .getParent();
        try (var files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.createDirectories(target.resolve("tmp"));
        Files.createDirectories(target.resolve("metrics"));
        Files.createDirectories(target.resolve("blobs/sha256"));
    }

    @Test
    void open_formatOneStore_readsEveryRecordMigratesAndTakesNewRecords() throws Exception {
        Path store = dir.resolve("v1");
        copyV1Fixture(store);
        try (FileStore s = FileStore.open(store)) {
            var experiment = s.tracking().findExperiment("churn").orElseThrow();
            assertThat(experiment.tags()).containsEntry("team", "risk");
            var run = s.tracking().searchRuns(io.mllifecycle.store.RunQuery.builder(experiment.id()).build()).runs()
                    .get(0);
            assertThat(run.params()).containsEntry("depth", "6");
            assertThat(run.status()).isEqualTo(io.mllifecycle.store.RunStatus.FINISHED);
            assertThat(s.tracking().metricHistory(run.id(), "loss", 0, Long.MAX_VALUE))
                    .extracting(io.mllifecycle.store.MetricPoint::value).containsExactly(0.5, 0.25);
            String digest = run.artifacts().get("model.bin");
            try (var in = s.artifacts().open(digest)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("model bytes v1");
            }
            var v = s.registry().getVersion("churn-classifier", 1);
            assertThat(v.stage()).isEqualTo(io.mllifecycle.store.Stage.STAGING);
            assertThat(v.gateReports()).hasSize(1);
            assertThat(s.registry().getModel("churn-classifier").aliases()).containsEntry("champion", 1);
            assertThat(s.registry().aliasHistory("churn-classifier")).hasSize(1);
            var events = s.registry().auditEvents(1, 100);
            assertThat(events).extracting(io.mllifecycle.store.AuditEvent::action).containsExactly("model.create",
                    "model.version.register", "model.version.transition", "model.alias.move");
            assertThat(io.mllifecycle.store.spi.AuditChain.verify(events)).isEmpty();
            assertThat(s.registry().findPolicy("churn-classifier")).isEmpty();
            s.registry().putPolicy(new io.mllifecycle.store.PolicyRecord("churn-classifier", 1, "text/plain", "p1",
                    java.time.Instant.EPOCH, "ci"), java.util.List.of());
        }
        assertThat(Files.readString(store.resolve("FORMAT")))
                .isEqualTo("{\"format\":\"mllifecycle-file-store\",\"version\":5}\n");
        try (FileStore s = FileStore.open(store)) {
            assertThat(s.registry().findPolicy("churn-classifier")).hasValueSatisfying(p ->
                    assertThat(p.body()).isEqualTo("p1"));
            assertThat(s.registry().auditEvents(1, 100)).hasSize(4);
        }
    }

    /** Copies the committed format-2 store with inline profiles (see {@code fixtures/README.md}). */
    static void copyV2Fixture(Path target) throws Exception {
        copyFixture("format-v2-store", target);
    }

    private static byte[] fixtureProfile() {
        byte[] bytes = new byte[3000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    @Test
    void open_formatTwoStoreWithInlineProfiles_movesEachProfileIntoOneBlobAndRewritesTheJournal() throws Exception {
        Path store = dir.resolve("v2");
        copyV2Fixture(store);
        byte[] big = fixtureProfile();
        byte[] small = "second".getBytes(StandardCharsets.UTF_8);
        var bigRef = io.mllifecycle.store.ProfileRef.of(new io.mllifecycle.store.ProfileData(
                "application/x-fixture-profile", big));
        long journalBefore = Files.size(store.resolve("journal.log"));
        assertThatThrownBy(() -> FileStore.builder(store).readOnly().open()).isInstanceOf(StoreException.class)
                .hasMessageContaining("format version 2").hasMessageContaining("without readOnly()");
        try (FileStore s = FileStore.open(store)) {
            var reg = s.registry();
            assertThat(reg.getVersion("churn-classifier", 1).profile()).isEqualTo(bigRef);
            assertThat(reg.getVersion("churn-classifier", 1).stage()).isEqualTo(io.mllifecycle.store.Stage.STAGING);
            assertThat(reg.getVersion("churn-classifier", 1).card()).containsEntry("owner", "risk");
            assertThat(reg.getVersion("churn-classifier", 2).profile()).isEqualTo(bigRef);
            assertThat(reg.getVersion("churn-classifier", 3).profile().digest())
                    .isEqualTo(io.mllifecycle.store.spi.Digests.of(small));
            assertThat(reg.getVersion("churn-classifier", 4).profile()).isNull();
            var dataset = s.tracking().getDataset("churn-data", "sha256:" + "a".repeat(64));
            assertThat(dataset.profile()).isEqualTo(bigRef);
            assertThat(dataset.schema()).containsKeys("age", "plan");
            try (var in = s.artifacts().open(bigRef.digest())) {
                assertThat(in.readAllBytes()).isEqualTo(big);
            }
            java.util.List<String> blobs = new java.util.ArrayList<>();
            s.artifacts().forEachBlob(b -> blobs.add(b.digest()));
            assertThat(blobs).hasSize(3).contains(bigRef.digest(), io.mllifecycle.store.spi.Digests.of(small));
            assertThat(reg.referencedDigests()).contains(bigRef.digest());
            assertThat(s.tracking().referencedDigests()).contains(bigRef.digest());
            assertThat(io.mllifecycle.store.spi.AuditChain.verify(reg.auditEvents(1, 100))).isEmpty();
            assertThat(reg.auditEvents(1, 100)).hasSize(6);
        }
        assertThat(Files.readString(store.resolve("FORMAT")))
                .isEqualTo("{\"format\":\"mllifecycle-file-store\",\"version\":5}\n");
        String journal = Files.readString(store.resolve("journal.log"));
        assertThat(journal).doesNotContain("\"content\"").contains(bigRef.digest());
        assertThat(Files.size(store.resolve("journal.log"))).isLessThan(journalBefore / 2);
        try (FileStore s = FileStore.builder(store).readOnly().open()) {
            assertThat(s.registry().getVersion("churn-classifier", 2).profile()).isEqualTo(bigRef);
        }
    }

    @Test
    void open_formatThreeJournalWithAnInlineProfile_isCorrupt() throws Exception {
        Path store = dir.resolve("v2");
        copyV2Fixture(store);
        Files.writeString(store.resolve("FORMAT"), "{\"format\":\"mllifecycle-file-store\",\"version\":3}\n");
        assertThatThrownBy(() -> FileStore.open(store)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("inline profile");
    }

    /**
     * The committed format-4 store (see {@code fixtures/README.md}): a SYNC run with three batches its log holds
     * on its own and a BATCHED run. Format 5 reads it as it is, rewrites {@code FORMAT}, and new SYNC batches of
     * the same run carry their write-ahead copy in the journal.
     */
    @Test
    void open_formatFourStore_readsEveryBatchMigratesAndAppendsWriteAheadBatches() throws Exception {
        Path store = dir.resolve("v4");
        copyFixture("format-v4-store", store);
        String syncRun = "01m8trv4c07nh5k7284p0r0r87";
        String batchedRun = "01m8trv4c07nh5k7284p0r0r88";
        assertThat(Files.readString(store.resolve("journal.log"))).doesNotContain("\"inline\"");
        try (FileStore s = FileStore.builder(store).durability(Durability.SYNC).open()) {
            var tr = s.tracking();
            assertThat(tr.metricHistory(syncRun, "loss", 0, 10)).extracting(io.mllifecycle.store.MetricPoint::value)
                    .containsExactly(1.0, 0.5, 1.0 / 3);
            assertThat(tr.getRun(syncRun).latestMetrics().get("auc").value()).isEqualTo(0.8);
            assertThat(tr.metricHistory(batchedRun, "loss", 0, 10)).hasSize(5);
            tr.logMetrics(syncRun, java.util.List.of(new io.mllifecycle.store.MetricPoint("loss", 0.25, 4,
                    java.time.Instant.parse("2026-12-02T07:00:04Z"))));
        }
        assertThat(Files.readString(store.resolve("FORMAT")))
                .isEqualTo("{\"format\":\"mllifecycle-file-store\",\"version\":5}\n");
        assertThat(Files.readString(store.resolve("journal.log"))).contains("\"inline\"");
        try (FileStore s = FileStore.builder(store).readOnly().open()) {
            assertThat(s.tracking().metricHistory(syncRun, "loss", 0, 10))
                    .extracting(io.mllifecycle.store.MetricPoint::value).containsExactly(1.0, 0.5, 1.0 / 3, 0.25);
        }
    }
}
