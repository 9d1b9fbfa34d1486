package io.mllifecycle.store.file;

import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.TrackingStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded default store: experiments, runs, metrics, models, audit trail and blobs in one
 * directory, safe for many threads and several processes at once, durable across crashes.
 *
 * <h2>Layout</h2>
 * <pre>
 * FORMAT                     {"format":"mllifecycle-file-store","version":5}
 * store.lock                 the lock file (empty)
 * journal.log                every change, one JSON record per line (small SYNC metric batches included)
 * metrics/&lt;runId&gt;.log       metric points of a run, one binary record per logged batch
 * blobs/sha256/ab/cdef…      blob bytes under their SHA-256 digest
 * tmp/                       files being written, renamed into place when complete
 * </pre>
 * Each log record is {@code <length: 8 hex> <crc32c: 8 hex> <payload>}. On open and before each write, an
 * incomplete last record (a torn tail left by a crash) is truncated and logged as a warning; any other
 * damage, an unknown entry at the top level, or a link where a directory belongs is a
 * {@link io.mllifecycle.store.CorruptStoreException} naming the file. A directory without
 * {@code FORMAT} is initialised if empty and refused otherwise, before anything is written into it; a
 * newer format is refused, older formats are migrated on open. No symbolic link is followed, nothing outside
 * the directory is read, written or deleted, and only the store's own temporary files are removed; the
 * names {@code .DS_Store}, {@code Thumbs.db} and {@code desktop.ini} are tolerated at the top level.
 *
 * <h2>Registry writes and interrupts</h2>
 * Every registry change is committed with its audit events as one journal record: both or neither, also
 * across a crash. Calls run with the caller's interrupt flag cleared and set it again before returning;
 * an interrupt fails at most that call and never closes the store's shared channels or makes it refuse
 * writes. {@link Builder#readOnly()} opens a store on read-only media.
 *
 * <h2>Concurrency</h2>
 * Every write holds an in-process lock (shared by all {@code FileStore}s of this JVM on the same
 * directory) and an exclusive {@link java.nio.channels.FileChannel#lock() file lock} on
 * {@code store.lock}; it first replays what other processes appended to the journal, then checks and
 * commits with one journal record, so version numbers, compare-and-set moves and the audit chain never
 * fork. Reads take only the in-process lock: committed bytes never change, and a record being appended is
 * recognised as incomplete and left for later. If the file lock cannot be taken the write fails with a
 * message saying so rather than writing unprotected.
 *
 * <h2>Index</h2>
 * The journal is replayed into memory: experiments, runs with params, tags and the latest value of each
 * metric, models, versions, audit events. Searches and lookups use it without reading per-run files, and
 * stay current because each call first reads what the journal gained since (its length is the
 * generation counter; a compacted journal is recognised by its new file identity). When superseded
 * records outnumber live ones (on open: from a quarter of the journal) the journal is compacted
 * (temporary file, fsync, atomic rename, directory fsync). Metric histories are read from the run's log and cached (Caffeine).
 *
 * <h2>Durability</h2>
 * See {@link Durability} for what each mode can lose. A failed fsync is reported and not retried; the
 * store then refuses writes until it is reopened.
 */
public final class FileStore implements LifecycleStore {
    private final StoreEngine engine;
    private final FileTrackingStore tracking;
    private final FileRegistryStore registry;
    private final FileArtifactStore artifacts;

    private FileStore(StoreEngine engine) {
        this.engine = engine;
        this.tracking = new FileTrackingStore(engine);
        this.registry = new FileRegistryStore(engine);
        this.artifacts = new FileArtifactStore(engine);
    }

    /**
     * Opens (creating and initialising if absent or empty) the store in {@code directory}, with
     * {@link Durability#SYNC}.
     *
     * @throws io.mllifecycle.store.CorruptStoreException if the directory holds damage or is not a store
     * @throws io.mllifecycle.store.StoreException        if it cannot be opened or locked
     */
    public static FileStore open(Path directory) {
        return builder(directory).open();
    }

    /** @return a builder for the store in {@code directory} */
    public static Builder builder(Path directory) {
        return new Builder(Checks.notNull("directory", directory));
    }

    /** @return the store directory, links resolved */
    public Path directory() {
        return engine.root;
    }

    /** @return the durability mode this store was opened with */
    public Durability durability() {
        return engine.durability;
    }

    @Override
    public TrackingStore tracking() {
        engine.checkOpen();
        return tracking;
    }

    @Override
    public RegistryStore registry() {
        engine.checkOpen();
        return registry;
    }

    @Override
    public ArtifactStore artifacts() {
        engine.checkOpen();
        return artifacts;
    }

    /** Makes every write so far durable; a no-op in {@link Durability#SYNC}. */
    @Override
    public void flush() {
        engine.flush();
    }

    /** Flushes and releases the directory; later calls fail. Closing twice is a no-op. */
    @Override
    public void close() {
        engine.close();
    }

    /** Options of a {@link FileStore}. */
    public static final class Builder {
        private final Path directory;
        private Durability durability = Durability.SYNC;
        private Duration batchInterval = Duration.ofMillis(100);
        private FileIo io = FileIo.DEFAULT;
        private boolean readOnly;

        private Builder(Path directory) {
            this.directory = directory;
        }

        /** The durability mode; {@link Durability#SYNC} unless set. */
        public Builder durability(Durability durability) {
            this.durability = Checks.notNull("durability", durability);
            return this;
        }

        /**
         * How often a {@link Durability#BATCHED} store forces its writes to disk: 1 ms … 10 s, default 100 ms.
         */
        public Builder batchInterval(Duration interval) {
            Checks.notNull("batchInterval", interval);
            if (interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("batchInterval must be between 1 ms and 10 s, but was " + interval);
            }
            this.batchInterval = interval;
            return this;
        }

        /**
         * Opens the store for reading only, e.g. on read-only media or a backup: nothing in the directory is
         * created, written, truncated, locked or removed (no {@code store.lock}, no migration, no compaction, no
         * clean-up of temporary files); every write fails with a {@link io.mllifecycle.store.StoreException}
         * saying so. It sees what writers in other processes commit, like any reader; a torn tail is ignored
         * rather than truncated. The directory must already be a store in the current format: a store of
         * format 1 or 2 (reference profiles inline) is refused, since migrating it writes.
         */
        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        /** Replaces the file-system calls, for tests that simulate failures. */
        Builder fileIo(FileIo fileIo) {
            this.io = Checks.notNull("fileIo", fileIo);
            return this;
        }

        /** Opens the store; see {@link FileStore#open(Path)}. */
        public FileStore open() {
            Path root = StoreEngine.prepareRoot(directory, io, readOnly);
            return new FileStore(new StoreEngine(root, io, durability, batchInterval, readOnly));
        }
    }
}
