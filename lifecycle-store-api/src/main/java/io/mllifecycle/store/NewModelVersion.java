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
 * @param profile        reference profile of the training data, or null
 * @param createdAt      registration time
 * @param actor          who registers it
 */
public record NewModelVersion(String modelName, String sourceRunId, String artifactDigest, String description,
                              Map<String, String> tags, Map<String, String> card, ProfileData profile,
                              Instant createdAt, String actor) {
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
    }
}
