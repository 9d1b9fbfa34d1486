package io.mllifecycle.store;

/**
 * A write may or may not have been stored: the store lost contact with its database (or medium) after it
 * asked it to commit, and could not learn the outcome. Unlike other {@link StoreException}s this is not a
 * failure: the change may be there. Re-read before acting, or repeat the call with the same request id
 * where the method takes one ({@link NewModelVersion#requestId()}, {@link TrackingStore#logMetrics(String,
 * java.util.List, String)}): the repeat then returns the first result instead of writing twice.
 */
public class OutcomeUnknownException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what was being written and why its outcome is unknown; @param cause the failure */
    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
