package io.mllifecycle.store;

/** Stored data is damaged or in a format this code cannot read; the message names the file or record. */
public class CorruptStoreException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what is damaged and where */
    public CorruptStoreException(String message) {
        super(message);
    }

    /** @param message what is damaged and where; @param cause the parse or I/O failure */
    public CorruptStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
