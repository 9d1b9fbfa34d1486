package io.mllifecycle.store;

/**
 * Which runs or experiments a search or listing shows, by deletion (MLflow's {@code ViewType}). A run counts as
 * deleted when it was deleted itself or its experiment is deleted.
 */
public enum ViewType {
    /** Only those not deleted (the default). */
    ACTIVE_ONLY,
    /** Only deleted ones (restorable until purged). */
    DELETED_ONLY,
    /** Both. */
    ALL;

    /** @return whether something deleted ({@code deleted}) or not is shown by this view */
    public boolean shows(boolean deleted) {
        return switch (this) {
            case ACTIVE_ONLY -> !deleted;
            case DELETED_ONLY -> deleted;
            case ALL -> true;
        };
    }
}
