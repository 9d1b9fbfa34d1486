package io.mllifecycle.tracking;

import io.mllifecycle.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.store.MetricFilter;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.memory.InMemoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private final InMemoryStore store = new InMemoryStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).clock(Clock.fixed(T0, ZoneOffset.UTC))
            .actor("ci").codeVersion("abc123").build();

    @Nested
    @DisplayName("runs end the way their code ended")
    class Ending {
        @Test
        void close_normalEnd_finished() {
            Experiment exp = lifecycle.experiment("churn");
            String id;
            try (Run run = exp.startRun(r -> r.name("depth-6").tag("team", "risk"))) {
                id = run.id();
                assertThat(run.record().status()).isEqualTo(RunStatus.RUNNING);
            }
            RunRecord r = lifecycle.run(id);
            assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(r.endTime()).isEqualTo(T0);
            assertThat(r.name()).isEqualTo("depth-6");
            assertThat(r.tags()).containsEntry("team", "risk");
            assertThat(r.source().codeVersion()).isEqualTo("abc123");
            assertThat(r.source().jvm()).contains(Runtime.version().toString());
        }

        @Test
        void run_bodyThrows_failedWithClassAndMessageAndRethrown() {
            Experiment exp = lifecycle.experiment("churn");
            String[] id = new String[1];
            assertThatThrownBy(() -> exp.run(r -> r.name("boom"), run -> {
                id[0] = run.id();
                throw new IOException("disk on fire");
            })).isInstanceOf(IOException.class).hasMessage("disk on fire");
            RunRecord r = lifecycle.run(id[0]);
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.failure()).isEqualTo("java.io.IOException: disk on fire");
        }

        @Test
        void fail_thenClose_staysFailed() {
            Run run = lifecycle.experiment("churn").startRun();
            run.fail(new IllegalStateException("diverged"));
            run.close();
            assertThat(run.record().status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.record().failure()).contains("IllegalStateException: diverged");
        }

        @Test
        void logMetric_finishedRun_conflictAndNothingStored() {
            Run run = lifecycle.experiment("churn").startRun();
            run.logMetric("loss", 0.5, 1);
            run.close();
            assertThatThrownBy(() -> run.logMetric("loss", 0.4, 2)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("FINISHED");
            assertThat(run.metricHistory("loss")).hasSize(1);
            run.setTag("reviewed", "yes");
            assertThat(run.record().tags()).containsEntry("reviewed", "yes");
        }
    }

    @Nested
    @DisplayName("params are write-once and metrics must be finite")
    class Values {
        @Test
        void logParam_sameValueAgain_noOp() {
            try (Run run = lifecycle.experiment("e").startRun()) {
                run.logParam("depth", 6).logParam("depth", 6);
                assertThat(run.record().params()).containsExactlyEntriesOf(Map.of("depth", "6"));
            }
        }

        @Test
        void logParam_otherValue_conflictNamingBothValues() {
            try (Run run = lifecycle.experiment("e").startRun()) {
                run.logParam("depth", 6);
                assertThatThrownBy(() -> run.logParams(Map.of("depth", 7, "lr", 0.1)))
                        .isInstanceOf(ConflictException.class)
                        .hasMessageContaining("param 'depth'").hasMessageContaining("'6'").hasMessageContaining("'7'");
                assertThat(run.record().params()).containsExactlyEntriesOf(Map.of("depth", "6"));
            }
        }

        @Test
        void logMetric_nan_rejectedNamingMetricAndStep() {
            try (Run run = lifecycle.experiment("e").startRun()) {
                assertThatThrownBy(() -> run.logMetric("loss", Double.NaN, 3))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("metric 'loss' at step 3 must be finite, but was NaN");
                assertThatThrownBy(() -> run.logMetrics(Map.of("a", 1.0, "b", Double.POSITIVE_INFINITY), 4))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
                assertThat(run.record().latestMetrics()).isEmpty();
            }
        }

        @Test
        void logMetric_series_keptInOrderWithLatestByStep() {
            try (Run run = lifecycle.experiment("e").startRun()) {
                run.logMetric("loss", 0.9, 1).logMetric("loss", 0.7, 2).logMetric("loss", 0.8, 1);
                assertThat(run.metricHistory("loss")).extracting(p -> p.value()).containsExactly(0.9, 0.7, 0.8);
                assertThat(run.record().latestMetrics().get("loss").value()).isEqualTo(0.7);
            }
        }

        @Test
        void names_badInput_typedErrorsNamingArgument() {
            assertThatThrownBy(() -> lifecycle.experiment(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("experiment name must not be blank");
            assertThatThrownBy(() -> lifecycle.experiment("a\u0000b")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("control characters");
            assertThatThrownBy(() -> lifecycle.experiment(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("experiment name must not be null");
            try (Run run = lifecycle.experiment("e").startRun()) {
                assertThatThrownBy(() -> run.logParam("k", "x".repeat(6001)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 6000");
                assertThatThrownBy(() -> run.logArtifact("../etc/passwd", new byte[1]))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'..'");
                assertThatThrownBy(() -> run.logArtifact("/abs", new byte[1]))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relative");
            }
            assertThatThrownBy(() -> lifecycle.run("nope")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("'nope'");
        }
    }

    @Nested
    @DisplayName("artifacts and inputs are content-addressed")
    class Content {
        @Test
        void logArtifact_sameBytesTwice_storedOnce(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("model.bin");
            Files.write(file, "weights".getBytes(StandardCharsets.UTF_8));
            Experiment exp = lifecycle.experiment("e");
            ArtifactInfo a;
            ArtifactInfo b;
            try (Run one = exp.startRun(); Run two = exp.startRun()) {
                a = one.logArtifact("model.bin", file);
                b = two.logArtifact("copy/model.bin", "weights".getBytes(StandardCharsets.UTF_8));
                assertThat(one.record().artifacts()).containsEntry("model.bin", a.digest());
            }
            assertThat(a).isEqualTo(b);
            assertThat(a.digest()).isEqualTo(Digests.of("weights".getBytes(StandardCharsets.UTF_8)));
            try (InputStream in = store.artifacts().open(a.digest())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("weights");
            }
        }

        @Test
        void logInput_datasetFromColumns_digestCoversContent() {
            DatasetVersion v1 = Datasets.columns("train").numeric("x", new double[] {1, 2, 3})
                    .categorical("c", new String[] {"a", null, "b"}).build();
            DatasetVersion same = Datasets.columns("train").numeric("x", new double[] {1, 2, 3})
                    .categorical("c", new String[] {"a", null, "b"}).build();
            DatasetVersion other = Datasets.columns("train").numeric("x", new double[] {1, 2, 4})
                    .categorical("c", new String[] {"a", null, "b"}).build();
            assertThat(v1.digest()).isEqualTo(same.digest()).isNotEqualTo(other.digest());
            assertThat(v1.rowCount()).isEqualTo(3);
            try (Run run = lifecycle.experiment("e").startRun()) {
                run.logInput(v1, DatasetRole.TRAINING).logInput(v1, DatasetRole.TRAINING);
                assertThat(run.record().inputs()).hasSize(1);
                assertThat(run.record().inputs().get(0).datasetDigest()).isEqualTo(v1.digest());
            }
            assertThatThrownBy(() -> Datasets.columns("t").numeric("x", new double[2]).numeric("y", new double[3]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must have 2 values");
        }

        @Test
        void fromCsv_file_schemaRowsAndDigestOfBytes(@TempDir Path dir) throws IOException {
            Path csv = dir.resolve("d.csv");
            String content = "age,country\n31,DE\n,FR\n40.5,DE\n";
            Files.writeString(csv, content);
            DatasetVersion v = Datasets.fromCsv("people", csv);
            assertThat(v.rowCount()).isEqualTo(3);
            assertThat(v.schema()).containsExactly(Map.entry("age", io.mllifecycle.store.ColumnType.NUMERIC),
                    Map.entry("country", io.mllifecycle.store.ColumnType.CATEGORICAL));
            assertThat(v.digest()).isEqualTo(Digests.of(content.getBytes(StandardCharsets.UTF_8)));
            Files.writeString(csv, "a,b\n1\n");
            assertThatThrownBy(() -> Datasets.fromCsv("bad", csv)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("record 1 (line 2) must have 2 fields, but had 1");
        }

        @Test
        void fromCsv_quotedFields_areOneValueEach(@TempDir Path dir) throws IOException {
            Path csv = dir.resolve("q.csv");
            String content = "amount,city,note\n1.5,\"Paris, FR\",\"said \"\"hi\"\"\"\n2,Berlin,\"two\nlines\"\n\n1e3,Rome,\n";
            Files.writeString(csv, content);
            DatasetVersion v = Datasets.fromCsv("quoted", csv);
            assertThat(v.rowCount()).isEqualTo(3);
            assertThat(v.schema()).containsExactly(Map.entry("amount", io.mllifecycle.store.ColumnType.NUMERIC),
                    Map.entry("city", io.mllifecycle.store.ColumnType.CATEGORICAL),
                    Map.entry("note", io.mllifecycle.store.ColumnType.CATEGORICAL));
            assertThat(v.digest()).isEqualTo(Digests.of(content.getBytes(StandardCharsets.UTF_8)));
            Files.writeString(csv, "n\n0x1p3\n1d\n");
            assertThat(Datasets.fromCsv("hex", csv).schema()).containsEntry("n", io.mllifecycle.store.ColumnType.CATEGORICAL);
            Files.writeString(csv, "a,a\n1,2\n");
            assertThatThrownBy(() -> Datasets.fromCsv("dup", csv)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'a' twice");
        }

        @Test
        void fromCsv_missingFile_isABadArgumentNotAStoreError(@TempDir Path dir) {
            Path missing = dir.resolve("nope.csv");
            assertThatThrownBy(() -> Datasets.fromCsv("d", missing)).isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(io.mllifecycle.store.StoreException.class)
                    .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
            assertThatThrownBy(() -> Datasets.fromCsv("d", dir)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a regular file");
        }
    }

    @Nested
    @DisplayName("runs are found, ranked and compared")
    class Reading {
        @Test
        void searchAndBestRun_byMetric() {
            Experiment exp = lifecycle.experiment("sweep");
            for (int depth = 2; depth <= 6; depth += 2) {
                try (Run run = exp.startRun(r -> r.name("d"))) {
                    run.logParam("depth", 0 + depthOf(run, depth));
                    run.logMetric("auc", 0.7 + depth / 100.0, 1);
                }
            }
            assertThat(exp.bestRun("auc", true).orElseThrow().params()).containsEntry("depth", "6");
            assertThat(exp.bestRun("auc", false).orElseThrow().params()).containsEntry("depth", "2");
            assertThat(exp.searchRuns(q -> q.metric("auc", MetricFilter.Comparison.AT_LEAST, 0.735)).runs())
                    .hasSize(2);
            assertThat(exp.searchRuns(q -> q.param("depth", "4")).runs()).hasSize(1);
        }

        private int depthOf(Run run, int depth) {
            return depth;
        }

        @Test
        void compareRuns_paramsSideBySideAndDeltas() {
            Experiment exp = lifecycle.experiment("cmp");
            String a;
            String b;
            try (Run r1 = exp.startRun(r -> r.name("a")); Run r2 = exp.startRun(r -> r.name("b"))) {
                r1.logParam("lr", 0.1).logParam("epochs", 5).logMetric("loss", 0.5, 1);
                r2.logParam("lr", 0.2).logParam("epochs", 5).logMetric("loss", 0.3, 1);
                a = r1.id();
                b = r2.id();
            }
            RunComparison c = lifecycle.compareRuns(a, b);
            assertThat(c.differingParams()).containsOnlyKeys("lr");
            assertThat(c.delta("loss", 1)).isCloseTo(-0.2, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(c.toTable()).contains("param lr").contains("(-0.2000)");
            assertThatThrownBy(() -> lifecycle.compareRuns(a)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void startChild_nestedRunKeepsParent() {
            try (Run sweep = lifecycle.experiment("s").startRun(r -> r.name("sweep"));
                 Run trial = sweep.startChild(r -> r.name("trial-1"))) {
                assertThat(trial.record().parentRunId()).isEqualTo(sweep.id());
                assertThat(store.tracking().childRuns(sweep.id())).extracting(RunRecord::id).containsExactly(trial.id());
            }
        }

        @Test
        void experiment_getOrCreate_sameIdEachTime() {
            assertThat(lifecycle.experiment("x").id()).isEqualTo(lifecycle.experiment("x").id());
            assertThat(lifecycle.experiments()).extracting(Experiment::name).containsExactly("x");
        }
    }

    @Test
    void open_memUri_worksAndBuilderChecksArguments() {
        try (Lifecycle l = Lifecycle.open("mem:")) {                    // as the README shows it
            assertThat(l.experiment("a").name()).isEqualTo("a");
        }
        try (Lifecycle a = Lifecycle.open("mem:tracking-test"); Lifecycle b = Lifecycle.open("mem:tracking-test")) {
            a.experiment("shared");
            assertThat(b.experiments()).extracting(Experiment::name).containsExactly("shared");
        }
        assertThatThrownBy(() -> Lifecycle.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("store must be set");
        assertThatThrownBy(() -> Lifecycle.builder().store(store).store(store)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already set");
        assertThatThrownBy(() -> Lifecycle.open("nope:x")).isInstanceOf(io.mllifecycle.store.StoreException.class)
                .hasMessageContaining("no store provider supports 'nope:x'");
    }
}
