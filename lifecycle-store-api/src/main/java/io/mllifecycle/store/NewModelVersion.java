package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;
import java.util.Map;

/**
 * What a caller supplies to register a version; the store assigns the number. It starts in
 * {@link Stage#DEVELOPMENT}.
 *
 * @param modelName      an existing registered model
 * @param sourceRunId    the producing run, or null
 * @param artifactDigest digest of the model's bytes
 * @param description    free text
 * @param tags           labels
 * @param card           model-card fields
 * @param profile        reference to the training data's profile, whose bytes the caller has stored in the
 *                       artifact store first (see {@link ProfileRef}), or null
 * @param createdAt      registration time
 * @param actor          who registers it
 * @param requestId      the caller's id for this registration, or null: a store that sees the same id again
 *                       for the same model returns the version registered the first time instead of a new
 *                       one (so a retry after an {@link OutcomeUnknownException} cannot register twice), and
 *                       refuses it with a {@link ConflictException} if the rest of the spec differs
 */
public record NewModelVersion(String modelName, String sourceRunId, String artifactDigest, String description,
                              Map<String, String> tags, Map<String, String> card, ProfileRef profile,
                              Instant createdAt, String actor, String requestId) {
    public NewModelVersion {
        Checks.modelName("modelName", modelName);
        Checks.digest("artifactDigest", artifactDigest);
        Checks.description("description", description);
        tags = Copies.sorted("tags", Checks.tags("tags", tags));
        card = Copies.sorted("card", card);
        card.forEach((k, v) -> {
            Checks.key("card key", k);
            Checks.description("card['" + k + "']", v);
        });
        Checks.notNull("createdAt", createdAt);
        Checks.name("actor", actor);
        if (requestId != null) {
            Checks.name("requestId", requestId);
        }
    }

    /** A registration without a request id. */
    public NewModelVersion(String modelName, String sourceRunId, String artifactDigest, String description,
                           Map<String, String> tags, Map<String, String> card, ProfileRef profile,
                           Instant createdAt, String actor) {
        this(modelName, sourceRunId, artifactDigest, description, tags, card, profile, createdAt, actor, null);
    }

    /** @return this registration with the caller's request id (not null; see {@link #requestId()}) */
    public NewModelVersion withRequestId(String id) {
        Checks.notNull("requestId", id);
        return new NewModelVersion(modelName, sourceRunId, artifactDigest, description, tags, card, profile,
                createdAt, actor, id);
    }
}
