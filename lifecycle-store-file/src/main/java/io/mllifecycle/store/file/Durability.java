package io.mllifecycle.store.file;

/**
 * When a {@link FileStore} forces written data to stable storage, and so what a crash can lose.
 *
 * <p>In both modes every write is atomic: after any crash a write is wholly present or wholly absent,
 * and the store opens without damage (a torn record at the end of a log is truncated and logged).
 * Blob bytes are forced to disk before the blob is renamed into place and recorded, in both modes, so
 * a recorded blob never has lost bytes; in BATCHED mode the record itself follows the rules below.
 */
public enum Durability {
    /**
     * Every write is durable before the call returns. A crash of the process, the operating system or the
     * machine loses no write that returned. The slowest mode: one fsync per write, shared by concurrent
     * writers (group commit): a writer appends its journal record, releases the lock and waits until an
     * fsync that began after its record was written succeeds; writers that arrive while one is in flight are
     * made durable together by the next. A failed fsync fails every write it was to make durable. A metric
     * batch of up to 64 KiB travels in its journal record as well as in its run's metric log, so the
     * journal's fsync makes it durable and the log is forced later (before the journal is compacted); opening
     * the store after a power failure rewrites from the journal what a log lost. Another thread of this
     * process may read a write before its SYNC call has returned.
     */
    SYNC,

    /**
     * Group commit: writes return once they are in the operating system's page cache; a background task
     * forces everything written in the last interval with one fsync per file (so concurrent writers
     * share one fsync), and {@link FileStore#flush()} and {@link FileStore#close()} force everything at
     * once. A crash of the process (kill -9, out of memory) loses nothing that returned. A crash of the
     * operating system or a power loss loses the writes of at most the last batch interval (default
     * 100 ms) plus the time one fsync takes; if the disk wrote that unsynced tail out of order, opening
     * reports {@link io.mllifecycle.store.CorruptStoreException} naming the log and offset instead of
     * guessing.
     */
    BATCHED
}
