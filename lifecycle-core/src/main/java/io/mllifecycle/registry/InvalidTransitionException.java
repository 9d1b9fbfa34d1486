package io.mllifecycle.registry;

import io.mllifecycle.store.LifecycleException;

/** A stage transition that the stage machine does not allow; the message names both stages and the allowed ones. */
public class InvalidTransitionException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    /** @param message names the version, both stages and the allowed targets */
    public InvalidTransitionException(String message) {
        super(message);
    }
}
