package io.mllifecycle.registry;

import static io.mllifecycle.store.Stage.DEVELOPMENT;
import static io.mllifecycle.store.Stage.PRODUCTION;
import static io.mllifecycle.store.Stage.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.audit.AuditCheckpoint;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.gate.GateSpec;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.gate.GovernancePolicy;
import io.mllifecycle.gate.GovernancePolicyException;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Core's governance against a store: stored policies enforced by every lifecycle on the store, approvals by a
 * second actor, the audited override, safe purge, gc and checkpoints. Extended once per store.
 */
abstract class GovernanceContract {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    LifecycleStore store;
    Lifecycle alice;
    Lifecycle bob;

    /** @return a new, empty store */
    abstract LifecycleStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
        alice = as("alice", GatePolicyHolder.NONE);
        bob = as("bob", GatePolicyHolder.NONE);
    }

    enum GatePolicyHolder { NONE }

    Lifecycle as(String actor, GatePolicyHolder unused) {
        return Lifecycle.builder().store(store).clock(Clock.fixed(T0, ZoneOffset.UTC)).actor(actor).build();
    }

    ModelVersion register(Lifecycle l, String model, double auc) {
        try (Run run = l.experiment("train").startRun(r -> r.name("r"))) {
            run.logMetric("auc", auc, 1);
            run.logArtifact("model.bin", ("weights " + model + " " + auc).getBytes(StandardCharsets.UTF_8));
            return l.models().register(model, run, "model.bin");
        }
    }

    private List<String> actions(Lifecycle l) {
        return l.audit().events().stream().map(AuditEvent::action).toList();
    }

    @Test
    @DisplayName("a stored policy refuses a promotion from a second lifecycle built without it, and records the report")
    void storedPolicy_enforcedByEveryLifecycle() {
        ModelVersion v = register(alice, "churn", 0.7);
        alice.models().model("churn").setPolicy(GovernancePolicy.builder()
                .require(STAGING, GateSpec.metricAtLeast("auc", 0.85)).build());
        ModelVersion viaBob = bob.models().version("churn", 1);
        assertThatThrownBy(() -> viaBob.promote(STAGING)).isInstanceOf(GateFailedException.class)
                .hasMessageContaining("auc");
        assertThat(v.stage()).isEqualTo(DEVELOPMENT);
        assertThat(v.record().gateReports()).singleElement().satisfies(r -> assertThat(r.passed()).isFalse());
        assertThat(actions(alice)).contains("policy.set", "gate.evaluate").doesNotContain("model.version.transition");
        ModelVersion good = register(alice, "churn", 0.9);
        bob.models().version("churn", good.version()).promote(STAGING);
        assertThat(good.stage()).isEqualTo(STAGING);
    }

    @Test
    @DisplayName("the default policy governs models without their own; a model's own policy replaces it")
    void defaultPolicy_andOwnPolicy() {
        register(alice, "a", 0.7);
        register(alice, "b", 0.7);
        alice.models().setDefaultPolicy(GovernancePolicy.builder().require(STAGING, GateSpec.metricAtLeast("auc", 0.8))
                .build());
        alice.models().model("b").setPolicy(GovernancePolicy.none());
        assertThatThrownBy(() -> bob.models().version("a", 1).promote(STAGING)).isInstanceOf(GateFailedException.class);
        bob.models().version("b", 1).promote(STAGING);
        assertThat(alice.models().model("a").policy()).isEqualTo(alice.models().defaultPolicy());
        assertThat(alice.models().model("b").policyHistory()).hasSize(1);
    }

    @Test
    @DisplayName("policy changes are revisioned; a stale writer gets a conflict")
    void policy_revisions() {
        register(alice, "churn", 0.9);
        var r1 = alice.models().model("churn").setPolicy(GovernancePolicy.none());
        var r2 = bob.models().model("churn").setPolicy(GovernancePolicy.builder().requireApproval(PRODUCTION).build());
        assertThat(List.of(r1.revision(), r2.revision())).containsExactly(1, 2);
        assertThat(r2.actor()).isEqualTo("bob");
        assertThat(alice.models().model("churn").policy().approvalRequired(PRODUCTION)).isTrue();
        assertThat(alice.audit().events()).filteredOn(e -> e.action().equals("policy.set"))
                .extracting(AuditEvent::actor).containsExactly("alice", "bob");
    }

    @Test
    @DisplayName("approval: requested by one actor, approved by another; the requester cannot approve")
    void approval_requiresSecondActor() {
        ModelVersion v = register(alice, "churn", 0.9);
        alice.models().model("churn").setPolicy(GovernancePolicy.builder()
                .require(PRODUCTION, GateSpec.metricAtLeast("auc", 0.85)).requireApproval(PRODUCTION).build());
        v.promote(STAGING);
        assertThatThrownBy(() -> v.promote(PRODUCTION)).isInstanceOf(ApprovalRequiredException.class)
                .hasMessageContaining("requestTransition");
        ApprovalRequest request = v.requestTransition(PRODUCTION, "ready for traffic");
        assertThatThrownBy(request::approve).isInstanceOf(SelfApprovalException.class).hasMessageContaining("alice");
        assertThat(v.stage()).isEqualTo(STAGING);
        assertThat(bob.models().pendingRequests("churn")).extracting(ApprovalRequest::id).containsExactly(request.id());
        bob.models().request(request.id()).approve("looks good");
        assertThat(v.stage()).isEqualTo(PRODUCTION);
        StageChange last = v.record().stageHistory().get(v.record().stageHistory().size() - 1);
        assertThat(last.actor()).isEqualTo("bob");
        assertThat(last.reason()).contains(request.id()).contains("alice");
        assertThat(request.record().status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(actions(alice)).containsSubsequence("transition.request", "transition.approved",
                "model.version.transition");
        assertThatThrownBy(() -> bob.models().request(request.id()).approve()).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("a rejected request moves nothing; a refused gate creates no request")
    void approval_rejectAndGate() {
        ModelVersion v = register(alice, "churn", 0.9);
        alice.models().model("churn").setPolicy(GovernancePolicy.builder().requireApproval(STAGING).build());
        ApprovalRequest r = v.requestTransition(STAGING, "");
        bob.models().request(r.id()).reject("needs a fairness check");
        assertThat(v.stage()).isEqualTo(DEVELOPMENT);
        assertThat(r.record().status()).isEqualTo(RequestStatus.REJECTED);
        assertThatThrownBy(() -> v.requestTransition(STAGING, "", Gates.metric("auc").atLeast(0.95)))
                .isInstanceOf(GateFailedException.class);
        assertThat(alice.models().model("churn").requests()).hasSize(1);
    }

    @Test
    @DisplayName("the emergency override skips gates and approval, audited as such in the same write")
    void override_audited() {
        ModelVersion v = register(alice, "churn", 0.5);
        alice.models().model("churn").setPolicy(GovernancePolicy.builder()
                .require(STAGING, GateSpec.metricAtLeast("auc", 0.85)).requireApproval(STAGING).build());
        bob.models().version("churn", 1).promoteOverridingGates(STAGING, "incident 42");
        assertThat(v.stage()).isEqualTo(STAGING);
        AuditEvent override = alice.audit().events().stream().filter(e -> e.action().equals("gate.override"))
                .findFirst().orElseThrow();
        assertThat(override.actor()).isEqualTo("bob");
        assertThat(override.details()).containsEntry("approvalSkipped", "true").containsEntry("reason", "incident 42");
        AuditEvent move = alice.audit().events().get(alice.audit().events().indexOf(override) + 1);
        assertThat(move.action()).isEqualTo("model.version.transition");
        assertThat(move.details()).containsEntry("forced", "true");
    }

    @Test
    @DisplayName("a bad stored policy is reported with every error")
    void policyJson_everyError() {
        assertThatThrownBy(() -> GovernancePolicy.fromJson("policy.json", """
                {"stages": {"PROD": {}, "STAGING": {"gates": [{"kind": "METRIC_AT_LEAST", "metric": "auc"},
                 {"kind": "NOPE"}], "approval": "yes"}}}"""))
                .isInstanceOf(GovernancePolicyException.class)
                .satisfies(e -> assertThat(((GovernancePolicyException) e).errors()).hasSize(4))
                .hasMessageContaining("PROD").hasMessageContaining("NOPE").hasMessageContaining("approval");
        GovernancePolicy p = GovernancePolicy.builder().require(STAGING, GateSpec.metricAtLeast("auc", 0.85),
                GateSpec.requireTags("owner")).require(PRODUCTION, GateSpec.noRegressionVs("champion", "auc", 0.01))
                .requireApproval(PRODUCTION).build();
        assertThat(GovernancePolicy.fromJson("x", p.toJson())).isEqualTo(p);
    }

    @Test
    @DisplayName("lineage lists only gates of evaluations that passed")
    void lineage_gatesOfPassedEvaluationsOnly() {
        ModelVersion v = register(alice, "churn", 0.9);
        assertThatThrownBy(() -> v.promote(STAGING, Gates.metric("auc").atLeast(0.5), Gates.metric("auc").atLeast(0.99)))
                .isInstanceOf(GateFailedException.class);
        assertThat(v.lineage().gatesPassed()).isEmpty();
        v.promote(STAGING, Gates.metric("auc").atLeast(0.8));
        assertThat(v.lineage().gatesPassed()).singleElement().asString().contains("0.8");
    }

    @Test
    @DisplayName("a promotion through gates is one write: its report, move and events land together")
    void promotion_oneWrite() {
        ModelVersion v = register(alice, "churn", 0.9);
        int before = alice.audit().events().size();
        v.promote(STAGING, Gates.metric("auc").atLeast(0.8), Gates.metric("auc").between(0, 1), Gates.metric("auc").atMost(1));
        List<AuditEvent> after = alice.audit().events();
        assertThat(after.subList(before, after.size())).extracting(AuditEvent::action)
                .containsExactly("gate.evaluate", "model.version.transition");
        assertThat(v.record().gateReports()).singleElement().satisfies(r -> assertThat(r.passed()).isTrue());
    }

    @Test
    @DisplayName("checkpoints: a chain that still contains and extends them verifies; a dropped or rewritten tail does not")
    void checkpoints() {
        register(alice, "churn", 0.9).promote(STAGING);
        AuditCheckpoint c = alice.audit().checkpoint();
        assertThat(AuditCheckpoint.parse(c.toString())).isEqualTo(c);
        assertThat(c.sequence()).isEqualTo(alice.audit().events().size());
        register(alice, "churn", 0.8);
        assertThat(alice.audit().verify(c).intact()).isTrue();
        AuditCheckpoint later = alice.audit().checkpoint();
        assertThat(bob.audit().verify(c, later).intact()).isTrue();
        AuditCheckpoint beyond = new AuditCheckpoint(later.sequence() + 1, later.hash());
        assertThat(alice.audit().verify(beyond).problem()).contains("dropped");
        AuditCheckpoint rewritten = new AuditCheckpoint(c.sequence(), "sha256:" + "1".repeat(64));
        assertThat(alice.audit().verify(rewritten).problem()).contains("rewritten");
        assertThatThrownBy(() -> AuditCheckpoint.parse("x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'");
    }

    @Test
    @DisplayName("gc plans the blobs no record refers to and removes them; referenced blobs stay")
    void gc_removesOnlyUnreferenced() {
        ModelVersion v = register(alice, "churn", 0.9);
        var orphan = store.artifacts().put(new java.io.ByteArrayInputStream("left behind".getBytes(
                StandardCharsets.UTF_8)), "text/plain");
        var plan = alice.gc();
        assertThat(plan.unreferenced()).extracting(b -> b.digest()).containsExactly(orphan.digest());
        assertThat(store.artifacts().exists(orphan.digest())).isTrue();
        assertThat(plan.apply()).extracting(b -> b.digest()).containsExactly(orphan.digest());
        assertThat(store.artifacts().exists(orphan.digest())).isFalse();
        assertThat(store.artifacts().exists(v.record().artifactDigest())).isTrue();
        assertThat(actions(alice)).contains("artifact.gc");
        assertThat(alice.gc().unreferenced()).isEmpty();
    }

    @Test
    @DisplayName("a refused logArtifact on a finished run stores no bytes")
    void logArtifact_onFinishedRun_storesNothing() {
        Run run = alice.experiment("e").startRun();
        run.close();
        assertThatThrownBy(() -> run.logArtifact("late.bin", "late bytes".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("RUNNING");
        assertThat(alice.gc().unreferenced()).isEmpty();
    }

    @Test
    @DisplayName("every registry change has its audit event in the same write (nothing unrecorded)")
    void everyChange_hasItsEvent() {
        ModelVersion v = register(alice, "churn", 0.9);
        v.promote(STAGING);
        alice.models().model("churn").setAlias("champion", 1);
        v.update(Map.of("owner", "risk"), Map.of(), null, null);
        assertThat(actions(alice)).containsSubsequence("model.create", "model.version.register",
                "model.version.transition", "model.alias.move", "model.version.update");
        assertThat(alice.audit().verify().intact()).isTrue();
    }
}
