package io.mllifecycle.registry;

import io.mllifecycle.gate.Gate;
import io.mllifecycle.gate.GateContext;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.gate.GateSpec;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.gate.GovernancePolicy;
import io.mllifecycle.internal.ChangeNotice;
import io.mllifecycle.internal.RegistryWriter;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.monitoring.Signature;
import io.mllifecycle.drift.ReferenceProfile;
import java.util.Optional;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.TransitionRequest;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.spi.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A handle on one model version. Reads go to the store (never the resolve cache); stage changes are checked
 * against the stage machine, run every gate the stored {@link GovernancePolicy} and the lifecycle's
 * {@link io.mllifecycle.gate.GatePolicy} require plus those passed in, and commit the move, its gate report and
 * its audit events as one write. Transitions are compare-and-set: of two concurrent promotions from the same
 * stage exactly one succeeds, the other gets {@link io.mllifecycle.store.ConflictException}. A stage whose
 * stored policy requires approval is entered only through {@link #requestTransition} and an approval by another
 * actor.
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
        return registry.store().registry().getVersion(model, version);
    }

    /**
     * @return the version's signature, if it was registered with one ({@link VersionSpec#signature})
     * @throws IllegalArgumentException if the stored signature is damaged
     */
    public Optional<Signature> signature() {
        return Signature.of(record());
    }

    /**
     * Reads the version's reference profiles from the artifact store, where they are kept once as a blob the
     * version refers to by digest; nothing is cached, so call it once per use.
     *
     * @return the profiles by column, or empty if the version has none
     */
    public Optional<Map<String, ReferenceProfile>> referenceProfiles() {
        ModelVersionRecord r = record();
        return r.profile() == null ? Optional.empty()
                : Optional.of(ReferenceProfiles.load(registry.store().artifacts(), r.profile()));
    }

    /** @return the current stage */
    public Stage stage() {
        return record().stage();
    }

    /**
     * Moves to {@code target} through the gates of the stored policy, the lifecycle's gate policy and
     * {@code gates}.
     *
     * @return this handle
     * @throws InvalidTransitionException if the stage machine does not allow the move
     * @throws ApprovalRequiredException  if the stored policy requires an approval to enter {@code target}
     * @throws GateFailedException        if a gate failed (carries the report, which is stored; the stage is unchanged)
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
        GovernancePolicy stored = registry.storedPolicyOf(model);
        if (stored.approvalRequired(target)) {
            throw new ApprovalRequiredException(reference() + " cannot enter " + target + " directly: the stored"
                    + " policy of " + model + " requires that one actor request it (requestTransition) and another"
                    + " approve it");
        }
        GateReport report = evaluate(current, target, stored, gates);
        RegistryWriter w = registry.writer();
        if (report != null && !report.passed()) {
            w.write(model, () -> registry.store().registry().addGateReport(model, version, report,
                    List.of(w.entry("gate.evaluate", reference(), gateDetails(report)))), v -> gatesNotice(report));
            throw new GateFailedException(reference(), report);
        }
        List<AuditEntry> audit = new ArrayList<>();
        if (report != null) {
            audit.add(w.entry("gate.evaluate", reference(), gateDetails(report)));
        }
        move(current.stage(), target, reason, false, report, audit);
        return this;
    }

    /**
     * Asks that this version move to {@code target}; when the stored policy requires approval for that stage,
     * this is the only ordinary way in. The gates are evaluated now and their report stored; a refused gate
     * throws and creates no request. The request waits for an actor other than this lifecycle's to
     * {@link ApprovalRequest#approve approve} it.
     *
     * @throws InvalidTransitionException if the stage machine does not allow the move
     * @throws GateFailedException        if a gate failed
     */
    public ApprovalRequest requestTransition(Stage target, String reason, Gate... gates) {
        Checks.notNull("target", target);
        Checks.description("reason", reason);
        Checks.notNull("gates", gates);
        ModelVersionRecord current = record();
        checkAllowed(current, target);
        GovernancePolicy stored = registry.storedPolicyOf(model);
        GateReport report = evaluate(current, target, stored, gates);
        RegistryWriter w = registry.writer();
        if (report != null) {
            w.write(model, () -> registry.store().registry().addGateReport(model, version, report,
                    List.of(w.entry("gate.evaluate", reference(), gateDetails(report)))), v -> gatesNotice(report));
            if (!report.passed()) {
                throw new GateFailedException(reference(), report);
            }
        }
        TransitionRequest request = TransitionRequest.pending(Ids.next(registry.context().now()), model, version,
                current.stage(), target, reason, registry.context().actor(), registry.context().now());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("request", request.id());
        details.put("from", current.stage().name());
        details.put("to", target.name());
        details.put("reason", reason);
        TransitionRequest stored2 = w.write(model, () -> registry.store().registry().createRequest(request,
                List.of(w.entry("transition.request", reference(), details))),
                r -> new ChangeNotice(RegistryEvent.Type.TRANSITION_REQUESTED.name(), model, version, details));
        return new ApprovalRequest(registry, stored2);
    }

    /**
     * Emergency override: moves to {@code target} without evaluating gates or waiting for an approval. The
     * stage machine still applies. An override report and audit events record who skipped what, and why — in
     * the same write as the move.
     */
    public ModelVersion promoteOverridingGates(Stage target, String reason) {
        Checks.notNull("target", target);
        Checks.name("reason", reason);
        ModelVersionRecord current = record();
        checkAllowed(current, target);
        String actor = registry.context().actor();
        GateReport report = new GateReport(target, List.of(new GateResult("override", true, "", "",
                "gates skipped by " + actor + ": " + reason)), registry.context().now(), actor, true);
        RegistryWriter w = registry.writer();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("to", target.name());
        details.put("reason", reason);
        details.put("approvalSkipped", Boolean.toString(registry.storedPolicyOf(model).approvalRequired(target)));
        List<AuditEntry> audit = new ArrayList<>(List.of(w.entry("gate.override", reference(), details)));
        move(current.stage(), target, "gates overridden: " + reason, true, report, audit);
        return this;
    }

    /** Moves any non-retired version straight to RETIRED; explicit and audited as forced. */
    public ModelVersion forceRetire(String reason) {
        Checks.name("reason", reason);
        ModelVersionRecord current = record();
        if (current.stage() == Stage.RETIRED) {
            throw new InvalidTransitionException(reference() + " is already RETIRED; RETIRED is terminal");
        }
        move(current.stage(), Stage.RETIRED, "forced: " + reason, true, null, new ArrayList<>());
        return this;
    }

    /** Sets tags, model-card fields and, when not null, the description and reference profile; one audited write. */
    public ModelVersion update(Map<String, String> tags, Map<String, String> card, String description,
                               ProfileData profile) {
        Checks.notNull("tags", tags);
        Checks.notNull("card", card);
        card.keySet().forEach(VersionSpec::requireNotReserved);
        Map<String, String> details = new LinkedHashMap<>();
        tags.forEach((k, v) -> details.put("tag." + k, v));
        card.forEach((k, v) -> details.put("card." + k, v));
        if (description != null) {
            details.put("description", description);
        }
        if (profile != null) {
            details.put("profile", profile.mediaType());
        }
        RegistryWriter w = registry.writer();
        registry.references().guardWrite(() -> {
            ProfileRef ref = registry.storeProfile(profile);
            if (ref != null) {
                details.put("profileDigest", ref.digest());
            }
            return w.write(model, () -> registry.store().registry().updateVersion(model, version, description, tags,
                    card, ref, List.of(w.entry("model.version.update", reference(), details))),
                    v -> new ChangeNotice(RegistryEvent.Type.VERSION_UPDATED.name(), model, version, Map.of()));
        });
        return this;
    }

    /**
     * Removes tag {@code key}; one audited write ({@code model.version.tag.delete}), nothing written when
     * the version lacks the tag.
     *
     * @return this handle
     * @throws io.mllifecycle.store.NotFoundException if the version no longer exists
     */
    public ModelVersion deleteTag(String key) {
        Checks.key("tag key", key);
        RegistryWriter w = registry.writer();
        w.write(model, () -> registry.store().registry().deleteVersionTag(model, version, key,
                List.of(w.entry("model.version.tag.delete", reference(), Map.of("key", key)))),
                v -> new ChangeNotice(RegistryEvent.Type.VERSION_UPDATED.name(), model, version, Map.of()));
        return this;
    }

    /**
     * Deletes this version: one audited write ({@code model.version.delete}). It is gone from every read,
     * its number is not given again, and its artifact is no longer referenced by it (garbage collection
     * may free the bytes). Refused while the version is in PRODUCTION or behind an alias, as the stage
     * machine keeps a serving version: retire it or move the alias first.
     *
     * @throws io.mllifecycle.store.ConflictException naming the stage or aliases; nothing changed
     * @throws io.mllifecycle.store.NotFoundException if the version no longer exists
     */
    public void delete() {
        ModelVersionRecord current = record();
        Map<String, String> details = Map.of("stage", current.stage().name());
        RegistryWriter w = registry.writer();
        w.write(model, () -> {
            registry.store().registry().deleteVersion(model, version,
                    List.of(w.entry("model.version.delete", reference(), details)));
            return version;
        }, v -> new ChangeNotice(RegistryEvent.Type.VERSION_DELETED.name(), model, version, details));
    }

    /** @return where this version came from: run, params, datasets, code version, gates passed */
    public Lineage lineage() {
        return Lineage.of(record(), registry.store().tracking());
    }

    /** @return the model card built from the registry */
    public ModelCard modelCard() {
        ModelVersionRecord r = record();
        List<String> aliases = registry.store().registry().getModel(model).aliases().entrySet().stream()
                .filter(e -> e.getValue() == version).map(Map.Entry::getKey).toList();
        return new ModelCard(r, aliases, lineage());
    }

    /** @return the report of every gate the move to {@code target} requires, or null when none does */
    private GateReport evaluate(ModelVersionRecord current, Stage target, GovernancePolicy stored, Gate[] gates) {
        List<Gate> all = new ArrayList<>();
        for (GateSpec spec : stored.gatesFor(target)) {
            all.add(spec.toGate());
        }
        all.addAll(registry.localPolicy().gatesFor(current.stage(), target));
        for (int i = 0; i < gates.length; i++) {
            all.add(Checks.notNull("gates[" + i + "]", gates[i]));
        }
        if (all.isEmpty()) {
            return null;
        }
        GateContext ctx = new GateContext(current, target, registry.store().registry(), registry.store().tracking(),
                registry.store().artifacts());
        List<GateResult> results = Gates.evaluate(all, ctx);
        return new GateReport(target, results, registry.context().now(), registry.context().actor(), false);
    }

    void checkAllowed(ModelVersionRecord current, Stage target) {
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

    private void move(Stage from, Stage to, String reason, boolean forced, GateReport report, List<AuditEntry> audit) {
        RegistryWriter w = registry.writer();
        StageChange change = new StageChange(from, to, registry.context().now(), registry.context().actor(), reason);
        audit.add(w.entry("model.version.transition", reference(), transitionDetails(from, to, reason, forced)));
        w.write(model, () -> registry.store().registry().transitionStage(model, version, from, change, report, audit),
                v -> new ChangeNotice(RegistryEvent.Type.STAGE_CHANGED.name(), model, version,
                        Map.of("from", from.name(), "to", to.name(), "gated", Boolean.toString(report != null))));
    }

    static Map<String, String> transitionDetails(Stage from, Stage to, String reason, boolean forced) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("from", from.name());
        details.put("to", to.name());
        details.put("reason", reason);
        details.put("forced", Boolean.toString(forced));
        return details;
    }

    private ChangeNotice gatesNotice(GateReport report) {
        return new ChangeNotice(RegistryEvent.Type.GATES_EVALUATED.name(), model, version,
                Map.of("to", report.targetStage().name(), "passed", Boolean.toString(report.passed())));
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
