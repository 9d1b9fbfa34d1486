package io.mllifecycle.server;

/**
 * The one place that answers MLflow calls this server does not carry out (yet), each with MLflow's
 * {@code NOT_IMPLEMENTED} error (501) and why. Listed so a client learns at once rather than getting a
 * silent no-op.
 */
final class Unsupported {
    private Unsupported() {}

    static final String RUN_RENAME = "runs/update with a new run_name: the store keeps run names write-once";
    static final String EXPERIMENT_RENAME = "experiments/update: the store keeps experiment names write-once";
    static final String ARCHIVE_EXISTING = "transition-stage with archive_existing_versions to a stage other than"
            + " Production: only PRODUCTION versions can be moved on to DEPRECATED (Archived)";

    static ApiException call(String what) {
        return new ApiException(ApiException.Code.NOT_IMPLEMENTED, "Not supported by lifecycle-server: " + what + ".");
    }
}
