package io.mllifecycle.store.file;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal ({@code journal.log}): the append-only log of every change but metric points and blob
 * bytes, and the single commit point of each write. This class keeps {@link StoreState} in step with
 * the file: before each operation it compares the file's identity and length with what it has read
 * and replays only what other processes appended since (the length is the generation counter of the
 * index). Compaction replaces the file with one holding the current state; other processes notice the
 * new file identity and replay it whole.
 */
final class Journal {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final int MAX_READ = Integer.MAX_VALUE - 64;
    private static final int CHUNK = 8192;
    /** Bytes read at once when replaying; a larger single record gets a window of its own size. */
    static final int WINDOW = 8 << 20;
    /** The most bytes after a damaged header that may still be one torn record rather than damage. */
    private static final int MAX_TORN = 64 << 20;

    private final Path file;
    private final Path root;
    private final FileIo io;
    private FileChannel channel;
    private Object fileKey;
    private long offset;
    private long records;
    private StoreState state = new StoreState();
    /** Whether replay keeps the write-ahead metric batches ({@link StoreState#inlineBatches}): while opening. */
    private boolean collectInline;
    /** An append failed since the last refresh: see {@link #current()}. */
    private boolean appendFailed;

    private final boolean readOnly;
    /** Takes the inline profiles of a format-2 journal while it is migrated; null otherwise. */
    private final ProfileMigration.Sink legacyProfiles;

    Journal(Path root, FileIo io, boolean readOnly) {
        this(root, io, readOnly, null);
    }

    Journal(Path root, FileIo io, boolean readOnly, ProfileMigration.Sink legacyProfiles) {
        this.legacyProfiles = legacyProfiles;
        this.readOnly = readOnly;
        this.root = root;
        this.file = root.resolve(Layout.JOURNAL);
        this.io = io;
    }

    private FileChannel openJournal() throws IOException {
        return readOnly ? io.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)
                : io.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    Path file() {
        return file;
    }

    /**
     * @return whether this journal's view of the file is whole: read, its channel open, and no append failed
     *     since the last refresh (a failed append may leave bytes the next refresh must truncate). Only then
     *     may a writer that knows no one else wrote since skip the refresh.
     */
    boolean current() {
        return channel != null && channel.isOpen() && !appendFailed;
    }

    StoreState state() {
        return state;
    }

    /**
     * Reads what was appended since the last call.
     *
     * @param writer true when the caller holds the exclusive lock: an incomplete last record can then
     *               only be the remnant of a crashed writer, and is truncated with a warning; without the
     *               lock it may be a record still being written, and is left for later
     * @throws CorruptStoreException if a record other than the last is damaged
     */
    void refresh(boolean writer) {
        appendFailed = false;
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                throw new CorruptStoreException(file + " must be a regular file (links are not followed)");
            }
            if (channel == null || !Objects.equals(attrs.fileKey(), fileKey)) {
                reload(attrs.fileKey());
            } else if (!channel.isOpen()) {
                channel = openJournal();
            }
            long size = channel.size();
            if (size == 0) {
                throw corrupt("it is empty, but every journal starts with a header record", null);
            }
            if (size < offset) {
                throw corrupt("the file shrank to " + size + " bytes below the " + offset + " bytes already read", null);
            }
            if (size > offset) {
                readTail(size, writer);
            }
        } catch (NoSuchFileException e) {
            throw new CorruptStoreException(file + " is missing: the store has lost its journal", e);
        } catch (IOException e) {
            throw new StoreException("reading " + file + " failed: " + e, e);
        } catch (CorruptStoreException e) {
            channel = null; // the next call starts over and reports the damage again
            throw e;
        }
    }

    private void reload(Object key) throws IOException {
        if (channel != null) {
            channel.close();
        }
        channel = openJournal();
        fileKey = key;
        offset = 0;
        records = 0;
        state = new StoreState();
        if (collectInline) {
            state.inlineBatches = new java.util.HashMap<>();
        }
    }

    /**
     * Starts or stops keeping the write-ahead metric batches that replay meets (see {@link StoreState#inlineBatches});
     * stopping drops those kept so far.
     */
    void collectInlineBatches(boolean on) {
        collectInline = on;
        state.inlineBatches = on ? new java.util.HashMap<>() : null;
    }

    /**
     * Reads and applies what lies between {@code offset} and {@code size}, one window of at most
     * {@link #WINDOW} bytes at a time (grown only to hold a single larger record), so that opening a large
     * journal needs memory for one window and the state, not for the file.
     */
    private void readTail(long size, boolean writer) throws IOException {
        long pos = offset;
        int window = WINDOW;
        while (pos < size) {
            int length = (int) Math.min(window, size - pos);
            byte[] data = AtomicFiles.read(channel, pos, length);
            boolean last = pos + data.length >= size;
            Frames.Scan scan = Frames.scan(data, pos);
            List<Frames.Frame> frames = scan.frames();
            for (int from = 0; from < frames.size(); from += CHUNK) {
                apply(frames.subList(from, Math.min(frames.size(), from + CHUNK)));
            }
            if (scan.damageAt() >= 0) {
                throw damaged(scan.damageAt(), scan.damage());
            }
            if (scan.tornAt() < 0) {
                pos = scan.validEnd();
                window = WINDOW;
                continue;
            }
            if (!last) {
                // the window ends inside a record: read on from it, with room for the whole record it claims
                long claimed = claimedLength(data, (int) (scan.tornAt() - pos));
                long needed = claimed < 0 ? -1 : Frames.HEADER + claimed + 1;
                if (scan.tornAt() > pos) {
                    pos = scan.tornAt();
                    window = (int) Math.max(WINDOW, Math.min(MAX_READ, needed));
                    continue;
                }
                if (needed > window && needed <= size - pos && needed <= MAX_READ) {
                    window = (int) needed;
                    continue;
                }
                // not a record that fits before the end of the file: damage unless nothing valid follows
                if (size - pos > MAX_TORN) {
                    throw damaged(pos, scan.damage() + ", and " + (size - pos) + " bytes follow it");
                }
                window = (int) (size - pos);
                continue;
            }
            if (writer) {
                LOG.warn("Truncating torn tail of {}: {} bytes at offset {} ({}) were left by an interrupted write",
                        file, size - scan.tornAt(), scan.tornAt(), scan.damage());
                channel.truncate(scan.tornAt());
                Interrupts.force(io, channel, file);
            }
            return;
        }
    }

    /** @return the length the record header at {@code at} claims, or -1 if there is no readable header */
    private static long claimedLength(byte[] data, int at) {
        if (data.length - at < Frames.HEADER) {
            return -1;
        }
        try {
            return Long.parseLong(new String(data, at, 8, java.nio.charset.StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private CorruptStoreException damaged(long at, String what) {
        return corrupt("record at offset " + at + " is damaged (" + what + ") and valid records follow it,"
                + " so it is not a torn tail", null);
    }

    /**
     * Parses a chunk of records — in parallel when it is large, since parsing dominates opening a large
     * store and records are independent — and applies them in order. Chunks bound how many parsed but
     * not yet applied records are alive at once.
     */
    private void apply(List<Frames.Frame> frames) {
        List<List<Event>> parsed = (frames.size() >= CHUNK ? frames.parallelStream() : frames.stream())
                .map(f -> Json.events(f, file, legacyProfiles)).toList();
        for (int i = 0; i < frames.size(); i++) {
            Frames.Frame frame = frames.get(i);
            for (Event event : parsed.get(i)) {
                boolean first = offset == 0 && records == 0;
                if (first != event instanceof Event.Header) {
                    throw corrupt(first ? "its first record is not a header"
                            : "record at offset " + frame.offset() + " is a header, but only the first record is", null);
                }
                try {
                    state.apply(event);
                } catch (RuntimeException e) {
                    throw corrupt("record at offset " + frame.offset() + " contradicts the records before it: "
                            + e.getMessage(), e);
                }
            }
            records++;
            offset = frame.end();
        }
    }

    /**
     * Appends one record holding {@code events} and applies them. Caller holds the exclusive lock and
     * has just refreshed.
     *
     * @param force whether to fsync before returning
     */
    void append(List<Event> events, boolean force) {
        byte[] frame = Frames.encode(Json.events(events));
        try {
            AtomicFiles.writeFully(io, channel, file, frame, offset);
        } catch (IOException e) {
            appendFailed = true;
            undo(e);
            if (Interrupts.isInterrupt(e)) {
                throw new StoreException("the thread was interrupted while appending to " + file + "; nothing was"
                        + " written, and the store is unaffected (the interrupt flag is kept)", e);
            }
            throw new StoreException("appending to " + file + " failed (" + e + "); nothing was written", e);
        }
        offset += frame.length;
        records++;
        events.forEach(state::apply);
        if (force) {
            try {
                Interrupts.force(io, channel, file);
            } catch (IOException e) {
                throw new FsyncFailedException(file, e);
            }
        }
    }

    private void undo(IOException cause) {
        try {
            Interrupts.cleared(() -> {
                if (!channel.isOpen()) {
                    channel = openJournal();
                }
                return channel.truncate(offset);
            });
        } catch (IOException e) {
            cause.addSuppressed(e);
            LOG.warn("Could not remove a partly written record from {}; it is a torn tail the next writer truncates",
                    file, e);
        }
    }

    /**
     * @return whether the journal holds so many superseded records that compaction pays: while writing,
     *     when they outnumber the live ones; on open, whose time grows with the records replayed, from a
     *     quarter on
     */
    boolean worthCompacting(boolean opening) {
        long live = state.liveRecords();
        return records > 10_000 && (opening ? 4 * records > 5 * live : records > 2 * live);
    }

    /**
     * Replaces the journal with one holding the current state: temporary file, fsync, atomic rename,
     * fsync of the directory. Caller holds the exclusive lock, has refreshed and flushed.
     */
    void compact() {
        long generation = state.generation + 1;
        Path tmp = root.resolve(Layout.TMP).resolve("journal." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel out = io.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long pos = 0;
                for (List<Event> events : state.snapshot(generation)) {
                    byte[] frame = Frames.encode(Json.events(events));
                    AtomicFiles.writeFully(io, out, tmp, frame, pos);
                    pos += frame.length;
                }
                Interrupts.force(io, out, tmp);
            }
            io.moveAtomically(tmp, file);
            Interrupts.forceDirectory(io, root);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new StoreException("compacting " + file + " failed (" + e + "); the journal is unchanged", e);
        }
        long before = records;
        refresh(true);
        LOG.info("Compacted {} from {} to {} records (generation {})", file, before, records, generation);
    }

    void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new StoreException("closing " + file + " failed: " + e, e);
        }
    }

    private CorruptStoreException corrupt(String what, Throwable cause) {
        return new CorruptStoreException(file + " is damaged: " + what, cause);
    }
}
