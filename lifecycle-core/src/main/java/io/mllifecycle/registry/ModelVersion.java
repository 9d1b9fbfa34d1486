package io.mllifecycle.registry;

import io.mllifecycle.gate.Gate;
import io.mllifecycle.gate.GateContext;
import io.mllifecycle.gate.GateEvaluation;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A handle on one model version. Reads go to the store (never the resolve cache); stage changes are
 * checked against the stage machine, run every gate the {@link io.mllifecycle.gate.GatePolicy} requires
 * plus those passed in, store the gate report (pass or fail) and audit each step. Transitions are
 * compare-and-set: of two concurrent promotions from the same stage exactly one succeeds, the other
 * gets {@link io.mllifecycle.store.ConflictException}.
 */
public final class ModelVersion {
    private final ModelRegistry registry;
    private final String model;
    private final int version;

    ModelVersion(ModelRegistry registry, ModelVersionRecord record) {
        this.registry = registry;
        this.model = record.modelName();
        this.version = record.version();
    }

    /** @return the model's name */
    public String model() {
        return model;
    }

    /** @return the version number */
    public int version() {
        return version;
    }

    /** @return {@code model/version} */
    public String reference() {
        return model + "/" + version;
    }

    /** @return the version as stored now */
    public ModelVersionRecord record() {
        return registry.store.registry().getVersion(model, version);
    }

    /** @return the current stage */
    public Stage stage() {
        return record().stage();
    }

    /**
     * Moves to {@code target} through the gates of the policy and {@code gates}.
     *
     * @return this handle
     * @throws InvalidTransitionException if the stage machine does not allow the move
     * @throws GateFailedException if a gate failed (carries the report; the stage is unchanged)
     * @throws io.mllifecycle.store.ConflictException if another writer changed the stage meanwhile
     */
    public ModelVersion promote(Stage target, Gate... gates) {
        return transition(target, "", gates);
    }

    /** As {@link #promote}, recording {@code reason} in the stage history. */
    public ModelVersion transition(Stage target, String reason, Gate... gates) {
        Checks.notNull("target", target);
        Checks.description("reason", reason);
        Checks.notNull("gates", gates);
        ModelVersionRecord current = record();
        checkAllowed(current, target);
        List<Gate> all = new ArrayList<>(registry.policy.gatesFor(current.stage(), target));
        for (int i = 0; i < gates.length; i++) {
            all.add(Checks.notNull("gates[" + i + "]", gates[i]));
        }
        if (!all.isEmpty()) {
            GateContext ctx = new GateContext(current, target, registry.store.registry(), registry.store.tracking());
            List<GateResult> results = GateEvaluation.evaluate(all, ctx);
            GateReport report = new GateReport(target, results, registry.clock.instant(), registry.actor, false);
            registry.store.registry().addGateReport(model, version, report, List.of());
            registry.audit.record("gate.evaluate", reference(), gateDetails(report));
            registry.fire(RegistryEvent.Type.GATES_EVALUATED, model, version,
                    Map.of("to", target.name(), "passed", Boolean.toString(report.passed())));
            if (!report.passed()) {
                throw new GateFailedException(reference(), report);
            }
        }
        move(current.stage(), target, reason, false);
        return this;
    }

    /**
     * Emergency override: moves to {@code target} without evaluating gates. The stage machine still
     * applies. An override report and an audit event record who skipped the gates and why.
     */
    public ModelVersion promoteOverridingGates(Stage target, String reason) {
        Checks.notNull("target", target);
        Checks.name("reason", reason);
        ModelVersionRecord current = record();
        checkAllowed(current, target);
        GateReport report = new GateReport(target, List.of(new GateResult("override", true, "", "",
                "gates skipped by " + registry.actor + ": " + reason)), registry.clock.instant(), registry.actor, true);
        registry.store.registry().addGateReport(model, version, report, List.of());
        registry.audit.record("gate.override", reference(), Map.of("to", target.name(), "reason", reason));
        move(current.stage(), target, "gates overridden: " + reason, true);
        return this;
    }

    /** Moves any non-retired version straight to RETIRED; explicit and audited as forced. */
    public ModelVersion forceRetire(String reason) {
        Checks.name("reason", reason);
        ModelVersionRecord current = record();
        if (current.stage() == Stage.RETIRED) {
            throw new InvalidTransitionException(reference() + " is already RETIRED; RETIRED is terminal");
        }
        move(current.stage(), Stage.RETIRED, "forced: " + reason, true);
        return this;
    }

    /**
     * Moves the version on behalf of a retirement policy, compare-and-set against {@code expected}:
     * to RETIRED from any stage, or to DEPRECATED from PRODUCTION. Gates do not apply (the policy is the
     * decision); the stage history and the audit trail record the policy's reason. Meant for
     * {@link io.mllifecycle.retirement.RetirementPlan#apply()}.
     *
     * @throws io.mllifecycle.store.ConflictException if the stage is no longer {@code expected}
     */
    public ModelVersion retireByPolicy(Stage expected, Stage target, String reason) {
        Checks.notNull("expected", expected);
        Checks.notNull("target", target);
        Checks.name("reason", reason);
        boolean allowed = (target == Stage.RETIRED && expected != Stage.RETIRED)
                || (target == Stage.DEPRECATED && expected == Stage.PRODUCTION);
        if (!allowed) {
            throw new InvalidTransitionException("a retirement policy moves versions to RETIRED (from any stage but"
                    + " RETIRED) or to DEPRECATED (from PRODUCTION), not " + reference() + " from " + expected + " to "
                    + target);
        }
        move(expected, target, "retirement policy: " + reason, target == Stage.RETIRED && !expected.canMoveTo(target));
        return this;
    }

    /** Sets tags, model-card fields and, when not null, the description and reference profile. */
    public ModelVersion update(Map<String, String> tags, Map<String, String> card, String description,
                               ProfileData profile) {
        registry.store.registry().updateVersion(model, version, description, tags, card, profile, List.of());
        Map<String, String> details = new LinkedHashMap<>();
        tags.forEach((k, v) -> details.put("tag." + k, v));
        card.forEach((k, v) -> details.put("card." + k, v));
        if (description != null) {
            details.put("description", description);
        }
        if (profile != null) {
            details.put("profile", profile.mediaType());
        }
        registry.audit.record("model.version.update", reference(), details);
        registry.changed(model);
        registry.fire(RegistryEvent.Type.VERSION_UPDATED, model, version, Map.of());
        return this;
    }

    /** @return where this version came from: run, params, datasets, code version, gates passed */
    public Lineage lineage() {
        return Lineage.of(record(), registry.store.tracking());
    }

    /** @return the model card built from the registry */
    public ModelCard modelCard() {
        ModelVersionRecord r = record();
        List<String> aliases = registry.store.registry().getModel(model).aliases().entrySet().stream()
                .filter(e -> e.getValue() == version).map(Map.Entry::getKey).toList();
        return new ModelCard(r, aliases, lineage());
    }

    private void checkAllowed(ModelVersionRecord current, Stage target) {
        Stage from = current.stage();
        if (from == target) {
            throw new InvalidTransitionException(reference() + " is already in " + from);
        }
        if (!from.canMoveTo(target)) {
            String hint = target == Stage.RETIRED
                    ? "; any stage → RETIRED only through a retirement policy or forceRetire(reason)" : "";
            throw new InvalidTransitionException(reference() + " cannot move from " + from + " to " + target
                    + "; allowed from " + from + ": " + from.ordinaryTargets() + hint);
        }
    }

    private void move(Stage from, Stage to, String reason, boolean forced) {
        StageChange change = new StageChange(from, to, registry.clock.instant(), registry.actor, reason);
        registry.store.registry().transitionStage(model, version, from, change, null, List.of());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("from", from.name());
        details.put("to", to.name());
        details.put("reason", reason);
        details.put("forced", Boolean.toString(forced));
        registry.audit.record("model.version.transition", reference(), details);
        registry.changed(model);
        registry.fire(RegistryEvent.Type.STAGE_CHANGED, model, version, Map.of("from", from.name(), "to", to.name()));
    }

    private static Map<String, String> gateDetails(GateReport report) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("to", report.targetStage().name());
        d.put("passed", Boolean.toString(report.passed()));
        for (int i = 0; i < report.results().size(); i++) {
            GateResult r = report.results().get(i);
            d.put("gate." + (i + 1), (r.passed() ? "PASS " : "FAIL ") + r.message());
        }
        return d;
    }

    @Override
    public String toString() {
        return "ModelVersion[" + reference() + "]";
    }
}
