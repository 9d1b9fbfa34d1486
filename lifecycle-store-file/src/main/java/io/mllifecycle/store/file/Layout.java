package io.mllifecycle.store.file;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.store.spi.Ids;
import java.nio.file.Path;
import java.util.Set;

/** Names of the files and directories of a store directory. */
final class Layout {
    static final String FORMAT = "FORMAT";
    static final String LOCK = "store.lock";
    static final String JOURNAL = "journal.log";
    static final String METRICS = "metrics";
    static final String BLOBS = "blobs";
    static final String TMP = "tmp";
    /** Every name the store may have at its top level. */
    static final Set<String> TOP_LEVEL = Set.of(FORMAT, LOCK, JOURNAL, METRICS, BLOBS, TMP);

    private Layout() {}

    /** @return {@code metrics/<runId>.log}; the id was checked to be one the store issued */
    static Path metricLog(Path root, String runId) {
        if (!Ids.isValid(runId)) {
            throw new CorruptStoreException("run id " + Checks.quote(runId) + " in the journal of " + root
                    + " is not an id this store issued, so it is not used as a file name");
        }
        return root.resolve(METRICS).resolve(runId + ".log");
    }

    /** @return {@code blobs/sha256/ab/cdef…} for a digest already checked by {@code Checks.digest} */
    static Path blob(Path root, String digest) {
        String hex = Digests.hex(digest);
        return root.resolve(BLOBS).resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2));
    }
}
