package io.mllifecycle.store.file;

import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An fsync failed. The data may or may not be on disk, and the operating system may have dropped the
 * dirty pages, so retrying could report success for lost data: the store does not retry, and refuses
 * further writes until it is reopened (which re-reads what is really on disk).
 */
final class FsyncFailedException extends StoreException {
    private static final long serialVersionUID = 1L;

    FsyncFailedException(Path file, IOException cause) {
        super("fsync of " + file + " failed (" + cause + "); the last write may not be durable and is not"
                + " retried; the store refuses further writes until it is reopened", cause);
    }
}
