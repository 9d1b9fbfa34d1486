package io.mllifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.audit.AuditCheckpoint;
import io.mllifecycle.gate.GateSpec;
import io.mllifecycle.gate.GovernancePolicy;
import io.mllifecycle.retirement.RetirementPolicy;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.LifecycleException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.Stage;
import io.mllifecycle.testing.TestStores;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of promotions, approval requests and decisions, alias moves, policy changes, forced
 * retirements, purges and garbage collection by three actors never free a blob a live record uses, never move a
 * version into a stage whose stored policy requires approval without an approval or an audited override, and
 * always leave a chain that verifies against every checkpoint taken along the way.
 */
class GovernanceProperties {
    private static final String[] ACTORS = {"alice", "bob", "carol"};
    private static final Stage[] TARGETS = {Stage.STAGING, Stage.PRODUCTION, Stage.DEPRECATED, Stage.DEVELOPMENT};

    enum Kind { REGISTER, PROMOTE, REQUEST, APPROVE, REJECT, OVERRIDE, ALIAS, POLICY, RETIRE, PURGE, GC, CHECKPOINT }

    record Action(Kind kind, int actor, int version, int target, boolean flag) {}

    /** Makes the store the property runs on; subclasses for other stores override it. */
    LifecycleStore newStore() {
        return TestStores.newStore();
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> one = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(0, TARGETS.length - 1),
                Arbitraries.of(true, false)).as(Action::new);
        return one.list().ofMinSize(5).ofMaxSize(40);
    }

    @Property
    void governanceInvariantsHold(@ForAll("actions") List<Action> actions) {
        LifecycleStore store = newStore();
        try {
            Map<String, Lifecycle> as = new HashMap<>();
            for (String a : ACTORS) {
                as.put(a, Lifecycle.builder().store(store).clock(Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"),
                        ZoneOffset.UTC)).actor(a).build());
            }
            List<AuditCheckpoint> checkpoints = new ArrayList<>();
            register(as.get("alice"), 0);
            for (int i = 0; i < actions.size(); i++) {
                Action x = actions.get(i);
                Lifecycle l = as.get(ACTORS[x.actor()]);
                try {
                    apply(l, x, i, checkpoints);
                } catch (LifecycleException | IllegalArgumentException expected) {
                    // refusals are part of the game; the invariants must hold either way
                }
                check(store, as.get("alice"), checkpoints);
            }
        } finally {
            store.close();
        }
    }

    private static void register(Lifecycle l, int salt) {
        try (Run run = l.experiment("train").startRun()) {
            run.logMetric("auc", 0.80 + (salt % 20) / 100.0, 1);
            // every third version shares the bytes of the first, as a shadow deployment does
            String bytes = salt % 3 == 2 ? "weights 0" : "weights " + salt;
            run.logArtifact("model.bin", bytes.getBytes(StandardCharsets.UTF_8));
            l.models().register("m", run, "model.bin");
        }
    }

    private static void apply(Lifecycle l, Action x, int step, List<AuditCheckpoint> checkpoints) {
        int count = l.models().model("m").versions().size();
        ModelVersion v = l.models().version("m", 1 + (x.version() - 1) % count);
        Stage target = TARGETS[x.target()];
        switch (x.kind()) {
            case REGISTER -> register(l, step + 1);
            case PROMOTE -> v.promote(target);
            case REQUEST -> v.requestTransition(target, "step " + step);
            case APPROVE -> l.models().pendingRequests("m").stream().findFirst().ifPresent(ApprovalRequest::approve);
            case REJECT -> l.models().pendingRequests("m").stream().findFirst().ifPresent(r -> r.reject("no"));
            case OVERRIDE -> v.promoteOverridingGates(target, "incident " + step);
            case ALIAS -> l.models().model("m").setAlias(x.flag() ? "champion" : "challenger", v.version());
            case POLICY -> l.models().model("m").setPolicy(x.flag()
                    ? GovernancePolicy.builder().requireApproval(Stage.PRODUCTION).requireApproval(Stage.STAGING).build()
                    : GovernancePolicy.builder().require(Stage.STAGING, GateSpec.metricAtLeast("auc", 0.9)).build());
            case RETIRE -> v.forceRetire("step " + step);
            case PURGE -> l.planRetirement("m", RetirementPolicy.builder().purgeArtifactsAfter(java.time.Duration.ZERO)
                    .build()).apply();
            case GC -> l.gc().apply();
            case CHECKPOINT -> checkpoints.add(l.audit().checkpoint());
        }
    }

    private static void check(LifecycleStore store, Lifecycle l, List<AuditCheckpoint> checkpoints) {
        for (RegisteredModelRecord m : store.registry().listModels()) {
            for (ModelVersionRecord v : store.registry().listVersions(m.name())) {
                if (v.stage() != Stage.RETIRED) {
                    assertThat(store.artifacts().exists(v.artifactDigest())).as("bytes of live " + v.reference()).isTrue();
                }
            }
        }
        for (RunRecord r : store.tracking().searchRuns(RunQuery.builder(store.tracking().findExperiment("train")
                .orElseThrow().id()).pageSize(RunQuery.MAX_PAGE_SIZE).build()).runs()) {
            r.artifacts().values().forEach(d -> assertThat(store.artifacts().exists(d)).as("run artifact " + d).isTrue());
        }
        assertThat(l.audit().verify(checkpoints.toArray(AuditCheckpoint[]::new)).intact()).as("chain").isTrue();
        GovernancePolicy inForce = GovernancePolicy.none();
        AuditEvent previous = null;
        for (AuditEvent e : l.audit().events()) {
            if (e.action().equals("policy.set") && e.subject().equals("m")) {
                inForce = GovernancePolicy.fromJson("audit", e.details().get("policy"));
            }
            if (e.action().equals("model.version.transition") && e.details().get("forced").equals("false")) {
                Stage to = Stage.valueOf(e.details().get("to"));
                if (inForce.approvalRequired(to)) {
                    assertThat(previous).as("event before " + e).isNotNull();
                    assertThat(previous.action()).as("event before the move of " + e.subject() + " into " + to)
                            .isIn("transition.approved", "gate.override");
                }
            }
            previous = e;
        }
    }
}
