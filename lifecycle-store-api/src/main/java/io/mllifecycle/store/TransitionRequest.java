package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;
import java.time.Instant;

/**
 * A request that a model version move from one stage to another, which an approver other than the requester
 * must approve before it happens (when the stored policy asks for approval).
 *
 * @param id             unique id (time-ordered, from {@link io.mllifecycle.store.spi.Ids})
 * @param modelName      the model
 * @param version        the version
 * @param from           the stage the version was in when requested
 * @param to             the stage requested
 * @param reason         why, as the requester wrote it
 * @param requestedBy    the requester
 * @param requestedAt    when requested
 * @param status         where it stands
 * @param decidedBy      who approved, rejected or cancelled it; null while pending
 * @param decidedAt      when; null while pending
 * @param decisionReason the decider's reason; empty while pending
 */
public record TransitionRequest(String id, String modelName, int version, Stage from, Stage to, String reason,
                                String requestedBy, Instant requestedAt, RequestStatus status, String decidedBy,
                                Instant decidedAt, String decisionReason) {
    public TransitionRequest {
        Checks.name("id", id);
        Checks.modelName("modelName", modelName);
        if (version < 1) {
            throw new IllegalArgumentException("version must be ≥ 1, but was " + version);
        }
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        Checks.description("reason", reason);
        Checks.name("requestedBy", requestedBy);
        Checks.notNull("requestedAt", requestedAt);
        Checks.notNull("status", status);
        Checks.description("decisionReason", decisionReason);
        if ((status == RequestStatus.PENDING) != (decidedBy == null) || (decidedBy == null) != (decidedAt == null)) {
            throw new IllegalArgumentException("decidedBy and decidedAt must be null exactly while the request is"
                    + " PENDING, but status was " + status + ", decidedBy " + decidedBy + ", decidedAt " + decidedAt);
        }
    }

    /** @return a new pending request */
    public static TransitionRequest pending(String id, String modelName, int version, Stage from, Stage to,
                                            String reason, String requestedBy, Instant requestedAt) {
        return new TransitionRequest(id, modelName, version, from, to, reason, requestedBy, requestedAt,
                RequestStatus.PENDING, null, null, "");
    }

    /** @return this request decided; the store's rules check that it was pending */
    public TransitionRequest decided(RequestStatus outcome, String by, Instant at, String why) {
        Checks.notNull("outcome", outcome);
        if (outcome == RequestStatus.PENDING) {
            throw new IllegalArgumentException("outcome must be APPROVED, REJECTED or CANCELLED, but was PENDING");
        }
        return new TransitionRequest(id, modelName, version, from, to, reason, requestedBy, requestedAt, outcome,
                Checks.name("by", by), Checks.notNull("at", at), why);
    }

    /** @return {@code model/version} */
    public String reference() {
        return modelName + "/" + version;
    }
}
