package io.mllifecycle.store.tck;

import static io.mllifecycle.store.tck.Fixtures.T0;
import static io.mllifecycle.store.tck.Fixtures.at;
import static io.mllifecycle.store.tck.Fixtures.change;
import static io.mllifecycle.store.tck.Fixtures.digestOf;
import static io.mllifecycle.store.tck.Fixtures.newVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.TransitionRequest;
import io.mllifecycle.store.spi.AuditChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The audited-write contract of {@link io.mllifecycle.store.RegistryStore}: every mutator commits its change
 * and the audit entries given with it as one write — a success appends exactly those events, in order, after
 * the head of the chain; a rejection appends none and changes nothing — plus stored governance policies
 * (revisioned, compare-and-set) and transition requests (decided once, optionally moving the stage in the
 * same write).
 */
public abstract class AuditedWritesCompatibilityKit extends StoreCompatibilitySupport {

    private static AuditEntry entry(String action, String subject) {
        return new AuditEntry(T0, "ci", action, subject, Map.of("why", "tck"));
    }

    private List<AuditEvent> allEvents() {
        List<AuditEvent> all = new ArrayList<>();
        while (true) {
            List<AuditEvent> chunk = registry().auditEvents(all.size() + 1L, 1000);
            all.addAll(chunk);
            if (chunk.size() < 1000) {
                return all;
            }
        }
    }

    /** Runs {@code call} and checks that it appended exactly {@code expected}, in order, and the chain verifies. */
    private void assertAppends(List<AuditEntry> expected, Executable call) throws Throwable {
        int before = allEvents().size();
        call.execute();
        List<AuditEvent> after = allEvents();
        assertThat(after).as("audit events after the call").hasSize(before + expected.size());
        for (int i = 0; i < expected.size(); i++) {
            AuditEvent e = after.get(before + i);
            AuditEntry x = expected.get(i);
            assertThat(List.of(e.time(), e.actor(), e.action(), e.subject(), e.details()))
                    .as("event " + e.sequence()).isEqualTo(List.of(x.time(), x.actor(), x.action(), x.subject(),
                            x.details()));
        }
        assertThat(AuditChain.verify(after)).as("chain after the call").isEmpty();
        assertThat(registry().auditHead()).as("audit head").isEqualTo(after.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(after.get(after.size() - 1)));
    }

    private void assertRejected(Class<? extends Throwable> type, String messagePart, Executable call) {
        StoreSnapshot before = StoreSnapshot.take(store());
        assertThatThrownBy(call::execute).isInstanceOf(type)
                .satisfies(t -> assertThat(t.getMessage()).as("message").containsIgnoringCase(messagePart));
        assertThat(StoreSnapshot.take(store())).as("store state (audit chain included) after a rejected call")
                .isEqualTo(before);
    }

    private ModelVersionRecord version(String model) {
        return registry().createVersion(newVersion(model, "bytes of " + model + " " + System.nanoTime()),
                created -> List.of());
    }

    private void model(String name) {
        registry().createModel(name, "", Map.of(), T0, List.of());
    }

    private static GateReport report(Stage target, boolean passed) {
        return new GateReport(target, List.of(new GateResult("metric auc ≥ 0.85", passed, "0.9", "≥ 0.85",
                "auc 0.9 is at least 0.85")), T0, "ci", false);
    }

    private static PolicyRecord policy(String scope, int revision) {
        return new PolicyRecord(scope, revision, "application/x-tck", "{\"rev\":" + revision + "}", at(revision), "ci");
    }

    @Nested
    @DisplayName("every mutator appends exactly the events given with it")
    class Success {
        @Test
        @DisplayName("createModel, updateModel, createVersion, updateVersion, addGateReport, transitionStage, moveAlias")
        void mutators_appendTheirEvents() throws Throwable {
            List<AuditEntry> two = List.of(entry("model.create", "churn"), entry("policy.note", "churn"));
            assertAppends(two, () -> registry().createModel("churn", "", Map.of(), T0, two));
            List<AuditEntry> upd = List.of(entry("model.update", "churn"));
            assertAppends(upd, () -> registry().updateModel("churn", "d", Map.of("a", "b"), upd));
            AtomicInteger calls = new AtomicInteger();
            List<AuditEntry> reg = List.of(entry("model.version.register", "churn/1"));
            assertAppends(reg, () -> {
                ModelVersionRecord v = registry().createVersion(newVersion("churn", "x"), created -> {
                    calls.incrementAndGet();
                    assertThat(created.version()).isEqualTo(1);
                    return reg;
                });
                assertThat(v.version()).isEqualTo(1);
            });
            assertThat(calls).as("audit function calls").hasValue(1);
            List<AuditEntry> vupd = List.of(entry("model.version.update", "churn/1"));
            assertAppends(vupd, () -> registry().updateVersion("churn", 1, null, Map.of("t", "1"), Map.of(), null, vupd));
            List<AuditEntry> gate = List.of(entry("gate.evaluate", "churn/1"));
            assertAppends(gate, () -> registry().addGateReport("churn", 1, report(Stage.STAGING, false), gate));
            List<AuditEntry> move = List.of(entry("gate.evaluate", "churn/1"), entry("model.version.transition", "churn/1"));
            GateReport passed = report(Stage.STAGING, true);
            assertAppends(move, () -> {
                ModelVersionRecord v = registry().transitionStage("churn", 1, Stage.DEVELOPMENT,
                        change(Stage.DEVELOPMENT, Stage.STAGING), passed, move);
                assertThat(v.stage()).isEqualTo(Stage.STAGING);
                assertThat(v.gateReports()).last().isEqualTo(passed);
            });
            List<AuditEntry> alias = List.of(entry("model.alias.move", "churn"));
            assertAppends(alias, () -> registry().moveAlias("churn", "champion", null, 1, at(1), "ci", alias));
            List<AuditEntry> none = List.of();
            assertAppends(none, () -> registry().moveAlias("churn", "champion", 1, null, at(2), "ci", none));
            List<AuditEntry> loose = List.of(entry("run.delete", "r1"), entry("run.delete", "r2"));
            assertAppends(loose, () -> assertThat(registry().appendAudit(loose)).extracting(AuditEvent::action)
                    .containsExactly("run.delete", "run.delete"));
        }

        @Test
        @DisplayName("a transition without a gate report leaves the evidence unchanged")
        void transition_withoutReport() {
            model("churn");
            version("churn");
            ModelVersionRecord v = registry().transitionStage("churn", 1, Stage.DEVELOPMENT,
                    change(Stage.DEVELOPMENT, Stage.STAGING), null, List.of(entry("t", "churn/1")));
            assertThat(v.gateReports()).isEmpty();
            assertThat(registry().getVersion("churn", 1).stage()).isEqualTo(Stage.STAGING);
        }
    }

    @Nested
    @DisplayName("a rejected call appends nothing and changes nothing")
    class Rejections {
        @Test
        @DisplayName("conflicts, unknown models and versions, bad entries, a throwing audit function")
        void rejected_appendNothing() {
            model("churn");
            version("churn");
            List<AuditEntry> e = List.of(entry("x", "churn"));
            assertRejected(ConflictException.class, "churn", () -> registry().createModel("churn", "", Map.of(), T0, e));
            assertRejected(NotFoundException.class, "nope", () -> registry().updateModel("nope", "", Map.of(), e));
            assertRejected(NotFoundException.class, "nope", () -> registry().createVersion(newVersion("nope", "x"),
                    created -> e));
            assertRejected(IllegalStateException.class, "boom", () -> registry().createVersion(newVersion("churn", "y"),
                    created -> {
                        throw new IllegalStateException("boom");
                    }));
            assertRejected(IllegalArgumentException.class, "audit", () -> registry().createVersion(
                    newVersion("churn", "z"), created -> null));
            assertRejected(NotFoundException.class, "9", () -> registry().updateVersion("churn", 9, null, Map.of(),
                    Map.of(), null, e));
            assertRejected(ConflictException.class, "DEVELOPMENT", () -> registry().transitionStage("churn", 1,
                    Stage.STAGING, change(Stage.STAGING, Stage.PRODUCTION), report(Stage.PRODUCTION, true), e));
            assertRejected(NotFoundException.class, "9", () -> registry().addGateReport("churn", 9,
                    report(Stage.STAGING, true), e));
            assertRejected(ConflictException.class, "alias", () -> registry().moveAlias("churn", "champion", 1, 1,
                    at(1), "ci", e));
            assertRejected(NotFoundException.class, "7", () -> registry().moveAlias("churn", "champion", null, 7,
                    at(1), "ci", e));
            assertRejected(IllegalArgumentException.class, "audit", () -> registry().moveAlias("churn", "champion",
                    null, 1, at(1), "ci", null));
            assertRejected(IllegalArgumentException.class, "audit[1]", () -> registry().addGateReport("churn", 1,
                    report(Stage.STAGING, true), java.util.Arrays.asList(entry("a", "b"), null)));
        }
    }

    @Nested
    @DisplayName("governance policies")
    class Policies {
        @Test
        @DisplayName("revisions 1, 2, 3 per scope, compare-and-set, history oldest first, audited")
        void putPolicy_revisions() throws Throwable {
            model("churn");
            assertThat(registry().findPolicy("churn")).isEmpty();
            List<AuditEntry> e = List.of(entry("policy.set", "churn"));
            assertAppends(e, () -> registry().putPolicy(policy("churn", 1), e));
            registry().putPolicy(policy("churn", 2), List.of());
            registry().putPolicy(policy(PolicyRecord.DEFAULT_SCOPE, 1), List.of());
            assertThat(registry().findPolicy("churn")).contains(policy("churn", 2));
            assertThat(registry().findPolicy("*")).contains(policy("*", 1));
            assertThat(registry().policyHistory("churn")).containsExactly(policy("churn", 1), policy("churn", 2));
            assertRejected(ConflictException.class, "revision 2", () -> registry().putPolicy(policy("churn", 2), e));
            assertRejected(ConflictException.class, "revision 2", () -> registry().putPolicy(policy("churn", 4), e));
            assertRejected(NotFoundException.class, "nope", () -> registry().putPolicy(policy("nope", 1), e));
            assertRejected(IllegalArgumentException.class, "scope", () -> registry().findPolicy("bad/name"));
        }

        @Test
        @DisplayName("policies survive reopen")
        void policies_reopen() {
            assumeDurable();
            model("churn");
            registry().putPolicy(policy("churn", 1), List.of(entry("policy.set", "churn")));
            registry().putPolicy(policy("*", 1), List.of());
            closeAndReopen();
            assertThat(registry().policyHistory("churn")).containsExactly(policy("churn", 1));
            assertThat(registry().findPolicy("*")).contains(policy("*", 1));
            assertThatThrownBy(() -> registry().putPolicy(policy("churn", 1), List.of()))
                    .isInstanceOf(ConflictException.class);
        }
    }

    @Nested
    @DisplayName("transition requests")
    class Requests {
        private TransitionRequest pending(String id) {
            return TransitionRequest.pending(id, "churn", 1, Stage.STAGING, Stage.PRODUCTION, "ready", "alice", at(5));
        }

        private void staged() {
            model("churn");
            version("churn");
            registry().transitionStage("churn", 1, Stage.DEVELOPMENT, change(Stage.DEVELOPMENT, Stage.STAGING), null,
                    List.of());
        }

        @Test
        @DisplayName("an approval decides the request and moves the stage in one audited write")
        void approve_movesStage() throws Throwable {
            staged();
            List<AuditEntry> e = List.of(entry("request.create", "churn/1"));
            assertAppends(e, () -> registry().createRequest(pending("r1"), e));
            assertThat(registry().getRequest("r1").status()).isEqualTo(RequestStatus.PENDING);
            TransitionRequest approved = pending("r1").decided(RequestStatus.APPROVED, "bob", at(9), "ok");
            StageChange move = new StageChange(Stage.STAGING, Stage.PRODUCTION, at(9), "bob", "approved r1");
            List<AuditEntry> d = List.of(entry("request.approve", "churn/1"), entry("model.version.transition", "churn/1"));
            assertAppends(d, () -> assertThat(registry().decideRequest(approved, move, d)).isEqualTo(approved));
            assertThat(registry().getRequest("r1")).isEqualTo(approved);
            ModelVersionRecord v = registry().getVersion("churn", 1);
            assertThat(v.stage()).isEqualTo(Stage.PRODUCTION);
            assertThat(v.stageHistory()).last().isEqualTo(move);
            assertThat(registry().listRequests("churn")).containsExactly(approved);
            assertRejected(ConflictException.class, "already APPROVED", () -> registry().decideRequest(
                    pending("r1").decided(RequestStatus.REJECTED, "carol", at(10), "no"), null, e));
        }

        @Test
        @DisplayName("a rejection moves nothing; a stale stage or a duplicate id is a conflict")
        void reject_andConflicts() {
            staged();
            registry().createRequest(pending("r1"), List.of());
            registry().createRequest(pending("r2"), List.of());
            assertRejected(ConflictException.class, "r2", () -> registry().createRequest(pending("r2"),
                    List.of(entry("x", "y"))));
            TransitionRequest rejected = pending("r1").decided(RequestStatus.REJECTED, "bob", at(9), "not yet");
            registry().decideRequest(rejected, null, List.of(entry("request.reject", "churn/1")));
            assertThat(registry().getVersion("churn", 1).stage()).isEqualTo(Stage.STAGING);
            registry().transitionStage("churn", 1, Stage.STAGING, change(Stage.STAGING, Stage.DEVELOPMENT), null,
                    List.of());
            TransitionRequest stale = TransitionRequest.pending("r3", "churn", 1, Stage.STAGING, Stage.PRODUCTION,
                    "", "alice", at(11));
            assertRejected(ConflictException.class, "DEVELOPMENT", () -> registry().createRequest(stale, List.of()));
            assertRejected(NotFoundException.class, "zzz", () -> registry().getRequest("zzz"));
            assertRejected(NotFoundException.class, "zzz", () -> registry().decideRequest(
                    TransitionRequest.pending("zzz", "churn", 1, Stage.STAGING, Stage.PRODUCTION, "", "a", at(1))
                            .decided(RequestStatus.APPROVED, "b", at(2), ""), null, List.of()));
        }

        @Test
        @DisplayName("an approval whose stage move conflicts leaves the request pending and the stage as it was")
        void approve_staleStage() {
            staged();
            registry().createRequest(pending("r1"), List.of());
            registry().transitionStage("churn", 1, Stage.STAGING, change(Stage.STAGING, Stage.DEVELOPMENT), null,
                    List.of());
            TransitionRequest approved = pending("r1").decided(RequestStatus.APPROVED, "bob", at(9), "ok");
            StageChange move = new StageChange(Stage.STAGING, Stage.PRODUCTION, at(9), "bob", "approved r1");
            assertRejected(ConflictException.class, "DEVELOPMENT", () -> registry().decideRequest(approved, move,
                    List.of(entry("request.approve", "churn/1"))));
            assertThat(registry().getRequest("r1").status()).isEqualTo(RequestStatus.PENDING);
        }

        @Test
        @DisplayName("requests survive reopen")
        void requests_reopen() {
            assumeDurable();
            staged();
            registry().createRequest(pending("r1"), List.of(entry("request.create", "churn/1")));
            closeAndReopen();
            assertThat(registry().getRequest("r1")).isEqualTo(pending("r1"));
            registry().decideRequest(pending("r1").decided(RequestStatus.CANCELLED, "alice", at(7), "withdrawn"),
                    null, List.of());
            closeAndReopen();
            assertThat(registry().getRequest("r1").status()).isEqualTo(RequestStatus.CANCELLED);
        }
    }

    @Nested
    @DisplayName("what records refer to")
    class References {
        @Test
        @DisplayName("referenced digests name every version's artifact and every run's artifact; every blob is walked")
        void referencedDigests_andBlobs() {
            model("churn");
            ModelVersionRecord v = version("churn");
            assertThat(registry().referencedDigests()).contains(v.artifactDigest());
            var exp = Fixtures.experiment(store(), "e");
            var run = Fixtures.run(store(), exp.id(), "r", 1);
            var info = store().artifacts().put(new java.io.ByteArrayInputStream("weights".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)), "application/octet-stream");
            store().tracking().recordArtifact(run.id(), "model.bin", info.digest());
            assertThat(store().tracking().referencedDigests()).contains(info.digest());
            var other = store().artifacts().put(new java.io.ByteArrayInputStream("other".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)), "text/plain");
            List<String> seen = new ArrayList<>();
            store().artifacts().forEachBlob(b -> seen.add(b.digest()));
            assertThat(seen).containsExactlyInAnyOrder(info.digest(), other.digest());
            assertThat(store().tracking().referencedDigests()).doesNotContain(other.digest(), digestOf("never"));
        }
    }
}
