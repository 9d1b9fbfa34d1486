package io.mllifecycle.examples;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.audit.AuditVerification;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.audit.AuditCheckpoint;
import io.mllifecycle.gate.GatePolicy;
import io.mllifecycle.gate.GateSpec;
import io.mllifecycle.gate.GovernancePolicy;
import io.mllifecycle.registry.ApprovalRequest;
import io.mllifecycle.retirement.GarbageCollection;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.registry.ModelRegistry;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.registry.VersionSpec;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StoreProviders;
import java.nio.charset.StandardCharsets;

/**
 * The registry story: register two versions, watch a gate fail and then pass, promote, move the
 * {@code champion} alias, verify the audit trail and print the model card.
 *
 * <p>Usage: {@code RegistryExample [store-uri]}; default {@value #DEFAULT_STORE}.
 */
public final class RegistryExample {
    /** Store used when no URI is given. */
    public static final String DEFAULT_STORE = "mem:registry-example";

    private RegistryExample() {}

    public static void main(String[] args) {
        try (LifecycleStore store = StoreProviders.open(args.length > 0 ? args[0] : DEFAULT_STORE)) {
            System.out.println(run(store));
        }
    }

    /** Runs the story on {@code store} and returns what it prints. */
    public static String run(LifecycleStore store) {
        StringBuilder out = new StringBuilder();
        GatePolicy policy = GatePolicy.builder()
                .require(Stage.STAGING, Gates.metric("auc").atLeast(0.85))
                .require(Stage.PRODUCTION, Gates.requireCard(VersionSpec.INTENDED_USE, VersionSpec.OWNERS),
                        Gates.noRegressionVs("champion", "auc", 0.01))
                .build();
        Lifecycle lifecycle = Lifecycle.builder().store(store).actor("registry-example").gatePolicy(policy).build();
        ModelRegistry models = lifecycle.models();

        ModelVersion first = models.register("churn-classifier", train(lifecycle, 0.86, "v1"), "model.bin",
                s -> s.description("gradient boosting, depth 4")
                        .card(VersionSpec.INTENDED_USE, "Rank customers by churn risk for retention offers")
                        .card(VersionSpec.OWNERS, "risk-ml@example.com"));
        first.promote(Stage.STAGING).promote(Stage.PRODUCTION);
        models.model("churn-classifier").setAlias("champion", first.version());
        out.append("v1 serves as champion: ").append(models.resolve("churn-classifier@champion").reference()).append('\n');

        ModelVersion second = models.register("churn-classifier", train(lifecycle, 0.83, "v2"), "model.bin",
                s -> s.description("gradient boosting, depth 8"));
        try {
            second.promote(Stage.STAGING);
        } catch (GateFailedException e) {
            out.append("gate refused v2: ").append(e.getMessage()).append('\n');
        }
        ModelVersion third = models.register("churn-classifier", train(lifecycle, 0.88, "v3"), "model.bin",
                s -> s.description("gradient boosting, depth 6, more data")
                        .card(VersionSpec.INTENDED_USE, "Rank customers by churn risk for retention offers")
                        .card(VersionSpec.OWNERS, "risk-ml@example.com")
                        .card(VersionSpec.LIMITATIONS, "Trained on EU customers only"));
        third.promote(Stage.STAGING).promote(Stage.PRODUCTION);
        models.model("churn-classifier").moveAlias("champion", first.version(), third.version());
        first.promote(Stage.DEPRECATED);
        out.append("champion moved to: ").append(models.resolve("churn-classifier@champion").reference()).append('\n');

        out.append(governance(store, lifecycle));
        AuditVerification verification = lifecycle.audit().verify();
        out.append(verification).append('\n');
        out.append('\n').append(third.modelCard().toMarkdown());
        return out.toString();
    }

    /**
     * Governance stored in the registry: a policy every process enforces, a promotion to PRODUCTION that one
     * actor requests and another approves, a checkpoint of the audit chain, and garbage collection.
     */
    static String governance(LifecycleStore store, Lifecycle lifecycle) {
        StringBuilder out = new StringBuilder();
        // README: governance
        lifecycle.models().model("churn-classifier").setPolicy(GovernancePolicy.builder()
                .require(Stage.STAGING, GateSpec.metricAtLeast("auc", 0.85))
                .require(Stage.PRODUCTION, GateSpec.requireCard(VersionSpec.INTENDED_USE, VersionSpec.OWNERS))
                .requireApproval(Stage.PRODUCTION)                             // four eyes on production
                .build());                                                     // stored, revisioned, audited
        Lifecycle ci = Lifecycle.builder().store(store).actor("ci").build();  // built without any gate policy
        ModelVersion v4 = ci.models().register("churn-classifier", train(ci, 0.91, "v4"), "model.bin",
                s -> s.card(VersionSpec.INTENDED_USE, "Rank customers by churn risk").card(VersionSpec.OWNERS, "risk-ml"));
        v4.promote(Stage.STAGING);                                             // the stored gates run anyway
        ApprovalRequest request = v4.requestTransition(Stage.PRODUCTION, "beats champion offline");
        Lifecycle lead = Lifecycle.builder().store(store).actor("risk-lead").build();
        lead.models().request(request.id()).approve("reviewed the card");    // never by the requester
        AuditCheckpoint checkpoint = lead.audit().checkpoint();               // print it, keep it elsewhere
        GarbageCollection gc = lead.gc();                                      // dry run: blobs nothing refers to
        gc.apply();
        // README: end
        out.append("v4 approved by risk-lead: ").append(v4.stage()).append('\n');
        out.append("checkpoint: ").append(checkpoint.sequence()).append('\n');
        out.append("verified against the checkpoint: ").append(lead.audit().verify(checkpoint).intact()).append('\n');
        out.append("gc freed ").append(gc.unreferenced().size()).append(" blobs\n");
        return out.toString();
    }

    private static String train(Lifecycle lifecycle, double auc, String weights) {
        try (Run run = lifecycle.experiment("churn").startRun(r -> r.name("train-" + weights))) {
            run.logParam("depth", weights.equals("v2") ? 8 : 6);
            run.logMetric("auc", auc, 1);
            run.logArtifact("model.bin", ("weights of " + weights).getBytes(StandardCharsets.UTF_8));
            return run.id();
        }
    }
}
