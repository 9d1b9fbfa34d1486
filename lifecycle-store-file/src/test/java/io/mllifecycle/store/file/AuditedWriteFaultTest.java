package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.TransitionRequest;
import io.mllifecycle.store.tck.AuditCoverage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fault injected while a registry mutator writes its journal record (a full disk that takes a few bytes
 * of the record, then fails) leaves neither the change nor its audit events — in the open store and after
 * reopening — and the same call then succeeds with exactly its events, which survive reopening too.
 */
class AuditedWriteFaultTest {
    private static final String MODEL = "m";
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;
    final FaultyFileIo io = new FaultyFileIo();
    String pendingId;

    @BeforeEach
    void seed() {
        try (FileStore s = FileStore.open(dir)) {
            RegistryStore r = s.registry();
            r.createModel(MODEL, "", Map.of(), T, List.of(entry("model " + MODEL)));
            for (int i = 0; i < 2; i++) {
                r.createVersion(new NewModelVersion(MODEL, null, DIGEST, "", Map.of(), Map.of(), null, T, "ci"),
                        v -> List.of(entry("version " + v.reference())));
            }
            StageChange toStaging = new StageChange(Stage.DEVELOPMENT, Stage.STAGING, T, "ci", "");
            r.transitionStage(MODEL, 2, Stage.DEVELOPMENT, toStaging, null,
                    List.of(entry(AuditCoverage.stageKey(MODEL, 2, toStaging))));
            TransitionRequest pending = TransitionRequest.pending("req-1", MODEL, 2, Stage.STAGING, Stage.PRODUCTION,
                    "ready", "alice", T);
            r.createRequest(pending, List.of(entry("request req-1")));
            pendingId = pending.id();
        }
    }

    private static AuditEntry entry(String changes) {
        return new AuditEntry(T, "ci", "test", MODEL, Map.of(AuditCoverage.CHANGES_DETAIL, changes));
    }

    static Stream<Arguments> mutators() {
        GateReport report = new GateReport(Stage.STAGING, List.of(new GateResult("auc", true, "0.9", "0.8", "")),
                T.plusSeconds(5), "ci", false);
        StageChange toStaging = new StageChange(Stage.DEVELOPMENT, Stage.STAGING, T.plusSeconds(6), "ci", "");
        StageChange toProduction = new StageChange(Stage.STAGING, Stage.PRODUCTION, T.plusSeconds(7), "bob", "");
        var alias = new io.mllifecycle.store.AliasChange("champion", null, 1, T.plusSeconds(8), "ci");
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("createModel", (Consumer<RegistryStore>) r -> r.createModel("other", "", Map.of(), T,
                List.of(entry("model other")))));
        out.add(Arguments.of("updateModel", (Consumer<RegistryStore>) r -> r.updateModel(MODEL, "changed",
                Map.of("k", "v"), List.of(entry("")))));
        out.add(Arguments.of("createVersion", (Consumer<RegistryStore>) r -> r.createVersion(new NewModelVersion(
                MODEL, null, DIGEST, "", Map.of(), Map.of(), null, T, "ci"), v -> List.of(entry("version "
                + v.reference())))));
        out.add(Arguments.of("updateVersion", (Consumer<RegistryStore>) r -> r.updateVersion(MODEL, 1, "d",
                Map.of("k", "v"), Map.of(), null, List.of(entry("")))));
        out.add(Arguments.of("transitionStage", (Consumer<RegistryStore>) r -> r.transitionStage(MODEL, 1,
                Stage.DEVELOPMENT, toStaging, report, List.of(entry(AuditCoverage.stageKey(MODEL, 1, toStaging) + ";"
                        + AuditCoverage.gateKey(MODEL, 1, report))))));
        out.add(Arguments.of("addGateReport", (Consumer<RegistryStore>) r -> r.addGateReport(MODEL, 1, report,
                List.of(entry(AuditCoverage.gateKey(MODEL, 1, report))))));
        out.add(Arguments.of("moveAlias", (Consumer<RegistryStore>) r -> r.moveAlias(MODEL, "champion", null, 1,
                alias.at(), "ci", List.of(entry(AuditCoverage.aliasKey(MODEL, alias))))));
        out.add(Arguments.of("putPolicy", (Consumer<RegistryStore>) r -> r.putPolicy(new PolicyRecord(MODEL, 1,
                "text/plain", "p", T, "ci"), List.of(entry("policy " + MODEL + " 1")))));
        out.add(Arguments.of("putPolicy default", (Consumer<RegistryStore>) r -> r.putPolicy(new PolicyRecord(
                PolicyRecord.DEFAULT_SCOPE, 1, "text/plain", "p", T, "ci"), List.of(entry("policy * 1")))));
        out.add(Arguments.of("createRequest", (Consumer<RegistryStore>) r -> r.createRequest(TransitionRequest.pending(
                "req-2", MODEL, 1, Stage.DEVELOPMENT, Stage.STAGING, "", "alice", T), List.of(entry("request req-2")))));
        out.add(Arguments.of("decideRequest approve", (Consumer<RegistryStore>) r -> r.decideRequest(
                r.getRequest("req-1").decided(RequestStatus.APPROVED, "bob", T.plusSeconds(7), "ok"), toProduction,
                List.of(entry("decision req-1;" + AuditCoverage.stageKey(MODEL, 2, toProduction))))));
        out.add(Arguments.of("decideRequest reject", (Consumer<RegistryStore>) r -> r.decideRequest(
                r.getRequest("req-1").decided(RequestStatus.REJECTED, "bob", T.plusSeconds(7), "no"), null,
                List.of(entry("decision req-1")))));
        out.add(Arguments.of("appendAudit", (Consumer<RegistryStore>) r -> r.appendAudit(List.of(
                new AuditEntry(T, "ci", "note", MODEL, Map.of()), new AuditEntry(T, "ci", "note", MODEL, Map.of())))));
        return out.stream();
    }

    /** Everything the registry shows, in a canonical order, to compare with {@code equals}. */
    private static List<Object> registryState(RegistryStore r) {
        List<Object> out = new ArrayList<>();
        for (RegisteredModelRecord m : r.listModels()) {
            out.add(m);
            out.add(r.listVersions(m.name()));
            out.add(r.aliasHistory(m.name()));
            out.add(r.policyHistory(m.name()));
            out.add(r.listRequests(m.name()));
        }
        out.add(r.policyHistory(PolicyRecord.DEFAULT_SCOPE));
        out.add(r.auditEvents(1, 10_000));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutators")
    void mutator_diskFullOnJournal_leavesNeitherChangeNorEventsThenSucceedsWithThem(String name,
                                                                                   Consumer<RegistryStore> call) {
        List<Object> before;
        List<AuditEvent> eventsBefore;
        try (FileStore s = FileStore.builder(dir).fileIo(io).open()) {
            before = registryState(s.registry());
            eventsBefore = s.registry().auditEvents(1, 10_000);
            io.failWrites = p -> p.endsWith(Layout.JOURNAL);
            assertThatThrownBy(() -> call.accept(s.registry())).isInstanceOf(StoreException.class)
                    .hasMessageContaining("journal.log").hasMessageContaining("nothing was written");
            io.failWrites = p -> false;
            assertThat(registryState(s.registry())).as("after the failed %s", name).isEqualTo(before);
        }
        try (FileStore s = FileStore.open(dir)) {
            assertThat(registryState(s.registry())).as("reopened after the failed %s", name).isEqualTo(before);
        }
        // the partial bytes a full disk took may still be on disk: write them again, past the removed tail
        io.failWrites = p -> p.endsWith(Layout.JOURNAL);
        io.partialBytes = 1 << 20;
        try (FileStore s = FileStore.builder(dir).fileIo(io).open()) {
            assertThatThrownBy(() -> call.accept(s.registry())).isInstanceOf(StoreException.class);
        }
        io.failWrites = p -> false;
        try (FileStore s = FileStore.open(dir)) {
            assertThat(registryState(s.registry())).as("reopened after a whole record failed to write", name)
                    .isEqualTo(before);
            call.accept(s.registry());
            List<AuditEvent> after = s.registry().auditEvents(1, 10_000);
            assertThat(after).hasSizeGreaterThan(eventsBefore.size()).startsWith(eventsBefore.toArray(AuditEvent[]::new));
            AuditCoverage.assertCovered(s.registry(), e -> e.action().equals("test") ? AuditCoverage.fromDetail(e)
                    : List.of());
        }
        try (FileStore s = FileStore.open(dir)) {
            AuditCoverage.assertCovered(s.registry(), e -> e.action().equals("test") ? AuditCoverage.fromDetail(e)
                    : List.of());
            assertThat(registryState(s.registry())).isNotEqualTo(before);
        }
    }
}
