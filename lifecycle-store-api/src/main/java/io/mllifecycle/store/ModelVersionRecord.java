package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a registered model.
 *
 * @param modelName      the model
 * @param version        1, 2, 3 … gapless, assigned by the store
 * @param sourceRunId    the run that produced it, or null
 * @param artifactDigest digest of the model's bytes
 * @param description    free text
 * @param stage          current stage
 * @param tags           labels
 * @param card           model-card fields (intended use, limitations, owners …)
 * @param profile        reference to the profile of its training data (bytes in the artifact store), or null
 * @param stageHistory   every stage change, oldest first; the first entry is the initial stage
 * @param gateReports    every gate evaluation, oldest first, passed or not
 * @param createdAt      when registered
 */
public record ModelVersionRecord(String modelName, int version, String sourceRunId, String artifactDigest,
                                 String description, Stage stage, Map<String, String> tags,
                                 Map<String, String> card, ProfileRef profile, List<StageChange> stageHistory,
                                 List<GateReport> gateReports, Instant createdAt) {
    public ModelVersionRecord {
        Checks.modelName("modelName", modelName);
        if (version < 1) {
            throw new IllegalArgumentException("version must be ≥ 1, but was " + version);
        }
        Checks.digest("artifactDigest", artifactDigest);
        Checks.notNull("description", description);
        Checks.notNull("stage", stage);
        tags = Copies.sorted("tags", tags);
        card = Copies.sorted("card", card);
        stageHistory = Copies.list("stageHistory", stageHistory);
        gateReports = Copies.list("gateReports", gateReports);
        Checks.notNull("createdAt", createdAt);
    }

    /** @return {@code name/version}, the reference form used in messages */
    public String reference() {
        return modelName + "/" + version;
    }
}
