package io.mllifecycle.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.store.memory.InMemoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("reads of a run, resuming it, and the system tags every run gets")
class RunReadsAndResumeTest {
    private final InMemoryStore store = new InMemoryStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store)
            .clock(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC)).actor("ana")
            .codeVersion("0123456789abcdef0123456789abcdef01234567").host("worker-3").build();

    @Test
    @DisplayName("history, children and artifacts read the same on the live run and on the stored run by id")
    void reads() throws IOException {
        Experiment exp = lifecycle.experiment("sweep");
        String id;
        try (Run run = exp.startRun(r -> r.name("parent"))) {
            id = run.id();
            run.logMetric("loss", 0.5, 1).logMetric("loss", 0.25, 2);
            run.logArtifact("model/weights.bin", "w1".getBytes(StandardCharsets.UTF_8));
            try (Run child = run.startChild(r -> r.name("trial-1"))) {
                child.logMetric("loss", 0.1, 1);
            }
            assertThat(run.metricHistory("loss")).extracting(MetricPoint::value).containsExactly(0.5, 0.25);
            assertThat(run.children()).extracting(c -> c.record().name()).containsExactly("trial-1");
            assertThat(run.artifacts()).containsExactly(new RunArtifact("model/weights.bin",
                    Digests.of("w1".getBytes(StandardCharsets.UTF_8)), 2, "application/octet-stream"));
        }
        StoredRun stored = lifecycle.storedRun(id);
        assertThat(stored.record().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(stored.metricHistory("loss")).extracting(MetricPoint::step).containsExactly(1L, 2L);
        assertThat(stored.metricHistory("never")).isEmpty();
        assertThat(stored.children()).singleElement().satisfies(c ->
                assertThat(c.metricHistory("loss")).extracting(MetricPoint::value).containsExactly(0.1));
        assertThat(stored.artifacts()).extracting(RunArtifact::path, RunArtifact::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("model/weights.bin", 2L));
        try (InputStream in = stored.openArtifact("model/weights.bin")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("w1");
        }
        assertThatThrownBy(() -> stored.openArtifact("model/other.bin")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("'model/other.bin'").hasMessageContaining("[model/weights.bin]");
        assertThatThrownBy(() -> lifecycle.storedRun("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("a RUNNING run is resumed by id from a new handle and goes on logging; an ended one is refused")
    void resume() {
        Experiment exp = lifecycle.experiment("train");
        Run first = exp.startRun(r -> r.name("long"));
        first.logMetric("loss", 0.9, 1);
        // the worker died without closing `first`; a new process attaches
        Lifecycle other = Lifecycle.builder().store(store).actor("restarted").build();
        try (Run resumed = other.experiment("train").resumeRun(first.id())) {
            resumed.logMetric("loss", 0.8, 2);
        }
        RunRecord r = lifecycle.run(first.id());
        assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(lifecycle.storedRun(r.id()).metricHistory("loss")).extracting(MetricPoint::step)
                .containsExactly(1L, 2L);
        assertThatThrownBy(() -> exp.resumeRun(first.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining(first.id()).hasMessageContaining("is FINISHED")
                .hasMessageContaining("only a RUNNING run can be resumed");
        Run elsewhere = lifecycle.experiment("other").startRun();
        assertThatThrownBy(() -> exp.resumeRun(elsewhere.id())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to experiment");
        assertThatThrownBy(() -> exp.resumeRun("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> exp.resumeRun(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runId");
    }

    @Test
    @DisplayName("every run records user, host, JVM, entry class and code version; a run's own tag overrides")
    void systemTags() {
        Experiment exp = lifecycle.experiment("tags");
        RunRecord plain;
        try (Run run = exp.startRun()) {
            plain = run.record();
        }
        assertThat(plain.tags()).containsEntry(SystemTags.USER, "ana").containsEntry(SystemTags.HOST, "worker-3")
                .containsEntry(SystemTags.CODE_VERSION, "0123456789abcdef0123456789abcdef01234567")
                .containsKey(SystemTags.JVM);
        assertThat(plain.tags().get(SystemTags.JVM)).contains(Runtime.version().toString());
        RunRecord overridden;
        try (Run run = exp.startRun(r -> r.tag(SystemTags.USER, "service-account"))) {
            overridden = run.record();
        }
        assertThat(overridden.tags()).containsEntry(SystemTags.USER, "service-account");
        assertThat(exp.searchRuns("attributes.user = 'ana'").runs()).extracting(RunRecord::id)
                .containsExactly(plain.id());
    }
}
