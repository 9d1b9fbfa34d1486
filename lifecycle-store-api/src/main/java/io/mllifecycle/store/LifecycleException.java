package io.mllifecycle.store;

/** Root of every exception this library throws on purpose. Unchecked, like all of its subtypes. */
public class LifecycleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the thing involved */
    public LifecycleException(String message) {
        super(message);
    }

    /** @param message what went wrong; @param cause the underlying failure */
    public LifecycleException(String message, Throwable cause) {
        super(message, cause);
    }
}
