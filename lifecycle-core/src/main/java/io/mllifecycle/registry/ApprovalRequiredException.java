package io.mllifecycle.registry;

import io.mllifecycle.store.LifecycleException;

/**
 * The stored policy requires that the move be requested by one actor and approved by another
 * ({@link ModelVersion#requestTransition}); nothing changed.
 */
public class ApprovalRequiredException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    /** @param message names the version, the stage and the policy */
    public ApprovalRequiredException(String message) {
        super(message);
    }
}
