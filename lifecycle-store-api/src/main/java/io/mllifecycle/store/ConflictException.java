package io.mllifecycle.store;

/**
 * The call contradicts what is stored: a name already taken, a write-once value re-logged with a
 * different value, a write to a finished run, or a compare-and-set whose expected prior state no longer
 * holds because another writer changed it first. Nothing was changed.
 */
public class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what was expected and what was found */
    public ConflictException(String message) {
        super(message);
    }
}
