package io.mllifecycle.store;

/** A store could not do what was asked: an I/O failure, a missing record, a conflict or damage. */
public class StoreException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the record or file */
    public StoreException(String message) {
        super(message);
    }

    /** @param message what went wrong; @param cause the underlying failure */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
