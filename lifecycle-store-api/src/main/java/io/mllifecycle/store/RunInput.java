package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

/**
 * A dataset version a run used, and for what.
 *
 * @param datasetName   name of the dataset
 * @param datasetDigest digest of the version's content
 * @param role          what the run used it for
 */
public record RunInput(String datasetName, String datasetDigest, DatasetRole role) {
    public RunInput {
        Checks.name("datasetName", datasetName);
        Checks.digest("datasetDigest", datasetDigest);
        Checks.notNull("role", role);
    }
}
