package io.mllifecycle.registry;

import java.util.Locale;
import io.mllifecycle.internal.ChangeNotice;
import io.mllifecycle.internal.RegistryWriter;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.TransitionRequest;
import io.mllifecycle.store.spi.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored request that a version move to a stage, as seen through one lifecycle: {@link #approve} and
 * {@link #reject} act as that lifecycle's actor, who must not be the requester. Every decision is audited, and
 * an approval moves the stage in the same write (compare-and-set on the stage the request was made from).
 */
public final class ApprovalRequest {
    private final ModelRegistry registry;
    private final String id;

    ApprovalRequest(ModelRegistry registry, TransitionRequest request) {
        this.registry = registry;
        this.id = request.id();
    }

    /** @return the request's id */
    public String id() {
        return id;
    }

    /** @return the request as stored now */
    public TransitionRequest record() {
        return registry.storedRequest(id);
    }

    /**
     * Approves the request and moves the version, as this lifecycle's actor.
     *
     * @throws SelfApprovalException if this actor made the request
     * @throws io.mllifecycle.store.ConflictException if the request was already decided, or the version left the
     *                                                stage it was requested from
     */
    public ModelVersion approve(String reason) {
        Checks.description("reason", reason);
        TransitionRequest r = pending();
        String actor = registry.context().actor();
        if (r.requestedBy().equals(actor)) {
            throw new SelfApprovalException(actor + " requested " + r.reference() + " → " + r.to() + " (request " + id
                    + ") and cannot approve it; another actor must");
        }
        ModelVersion handle = registry.version(r.modelName(), r.version());
        handle.checkAllowed(handle.record(), r.to());
        StageChange change = new StageChange(r.from(), r.to(), registry.context().now(), actor,
                "approved request " + id + " by " + r.requestedBy() + (reason.isEmpty() ? "" : ": " + reason));
        decide(r, RequestStatus.APPROVED, reason, change);
        return handle;
    }

    /** @return {@link #approve(String)} with no reason */
    public ModelVersion approve() {
        return approve("");
    }

    /**
     * Rejects the request, as this lifecycle's actor; nothing moves.
     *
     * @throws SelfApprovalException if this actor made the request (the requester {@link #cancel}s instead)
     */
    public void reject(String reason) {
        Checks.name("reason", reason);
        TransitionRequest r = pending();
        if (r.requestedBy().equals(registry.context().actor())) {
            throw new SelfApprovalException(r.requestedBy() + " requested " + r.reference() + " → " + r.to()
                    + " (request " + id + ") and cannot reject it; withdraw it with cancel(reason)");
        }
        decide(r, RequestStatus.REJECTED, reason, null);
    }

    /** Withdraws the request; any actor may, the requester included. Nothing moves. */
    public void cancel(String reason) {
        Checks.name("reason", reason);
        decide(pending(), RequestStatus.CANCELLED, reason, null);
    }

    private TransitionRequest pending() {
        TransitionRequest r = record();
        if (r.status() != RequestStatus.PENDING) {
            throw new ConflictException("request " + id + " on " + r.reference() + " was already " + r.status() + " by "
                    + r.decidedBy() + "; only a PENDING request can be decided");
        }
        return r;
    }

    private void decide(TransitionRequest r, RequestStatus outcome, String reason, StageChange apply) {
        RegistryWriter w = registry.writer();
        TransitionRequest decided = r.decided(outcome, registry.context().actor(), registry.context().now(), reason);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("request", id);
        details.put("requestedBy", r.requestedBy());
        details.put("to", r.to().name());
        details.put("reason", reason);
        List<AuditEntry> audit = new ArrayList<>();
        audit.add(w.entry("transition." + outcome.name().toLowerCase(Locale.ROOT), r.reference(), details));
        if (apply != null) {
            audit.add(w.entry("model.version.transition", r.reference(),
                    ModelVersion.transitionDetails(apply.from(), apply.to(), apply.reason(), false)));
        }
        w.write(r.modelName(), () -> registry.store().registry().decideRequest(decided, apply, audit),
                d -> new ChangeNotice(apply != null ? RegistryEvent.Type.STAGE_CHANGED.name()
                        : RegistryEvent.Type.REQUEST_DECIDED.name(), r.modelName(), r.version(),
                        Map.of("request", id, "status", outcome.name())));
    }

    @Override
    public String toString() {
        return "ApprovalRequest[" + id + "]";
    }
}
