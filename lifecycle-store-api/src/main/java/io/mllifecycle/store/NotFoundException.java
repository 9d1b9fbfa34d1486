package io.mllifecycle.store;

/** The record named in a call does not exist (an unknown run id, model name or digest). */
public class NotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which record was looked for, e.g. {@code run 'abc' does not exist} */
    public NotFoundException(String message) {
        super(message);
    }
}
