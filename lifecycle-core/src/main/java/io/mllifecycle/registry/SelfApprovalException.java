package io.mllifecycle.registry;

import io.mllifecycle.store.LifecycleException;

/** An actor tried to approve a transition they requested themselves; nothing changed. */
public class SelfApprovalException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    /** @param message names the request, the version and the actor */
    public SelfApprovalException(String message) {
        super(message);
    }
}
