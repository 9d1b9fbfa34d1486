package io.mllifecycle.store.file;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metric series: one append-only log per run ({@code metrics/<runId>.log}), one framed record per
 * batch ({@link MetricFrames}), so a batch is all-or-nothing. The journal holds each log's committed length; bytes beyond it
 * were written by a writer that crashed before committing and are cut off by the next append. Parsed
 * series are kept in a Caffeine cache keyed by run and extended incrementally as the log grows, so
 * repeated reads of a hot run parse each batch once.
 */
final class MetricLogs {
    private static final Logger LOG = LoggerFactory.getLogger(MetricLogs.class);

    private record Series(long length, List<MetricPoint> points) {}

    private final Path root;
    private final FileIo io;
    private final Cache<String, Series> cache = Caffeine.newBuilder()
            .maximumWeight(2_000_000)
            .weigher((String k, Series s) -> s.points().size() + 1)
            .build();

    /**
     * Read-only stores: the logs a power failure took write-ahead batches from, as they should read (the file's
     * bytes with the journal's batches put back), since a read-only open cannot rewrite them.
     */
    private final java.util.Map<String, byte[]> repaired = new java.util.concurrent.ConcurrentHashMap<>();

    MetricLogs(Path root, FileIo io) {
        this.root = root;
        this.io = io;
    }

    /**
     * Appends one batch after the committed bytes. Caller holds the exclusive lock.
     *
     * @return the log's new length, to be committed in the journal
     */
    long append(String runId, long committed, boolean synced, List<MetricPoint> points, boolean force) {
        return append(runId, committed, synced, Frames.encode(MetricFrames.encode(points)), force);
    }

    /** Appends one framed batch ({@link Frames#encode} of a {@link MetricFrames} payload); as above. */
    long append(String runId, long committed, boolean synced, byte[] frame, boolean force) {
        Path file = Layout.metricLog(root, runId);
        boolean created = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel ch = io.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long start = committed;
            long size = ch.size();
            if (size > committed) {
                LOG.warn("Truncating torn tail of {}: {} bytes after the committed {} were left by an interrupted write",
                        file, size - committed, committed);
                ch.truncate(committed);
            } else if (size < committed) {
                start = intactEnd(ch, file, size, committed, synced);
                ch.truncate(start);
                cache.invalidate(runId);
            }
            try {
                AtomicFiles.writeFully(io, ch, file, frame, start);
            } catch (IOException e) {
                if (Interrupts.isInterrupt(e)) {
                    // the channel is closed; the next append truncates the torn tail past the committed length
                    throw new StoreException("the thread was interrupted while appending metrics to " + file
                            + "; nothing was committed, and the store is unaffected (the interrupt flag is kept)", e);
                }
                ch.truncate(start);
                throw new StoreException("appending metrics to " + file + " failed (" + e + "); nothing was written", e);
            }
            if (force) {
                forceNew(ch, file, created);
            }
            return start + frame.length;
        } catch (IOException e) {
            throw new StoreException("appending metrics to " + file + " failed: " + e, e);
        }
    }

    private void forceNew(FileChannel ch, Path file, boolean created) {
        try {
            Interrupts.force(io, ch, file);
            if (created) {
                Interrupts.forceDirectory(io, file.getParent());
            }
        } catch (IOException e) {
            throw new FsyncFailedException(file, e);
        }
    }

    /**
     * Checks that the log of {@code runId} holds each write-ahead batch of the journal at its place and, when
     * {@code write}, rewrites those it lacks and forces the log: after a power failure a SYNC log may have lost
     * batches whose journal records were on disk (their calls returned). Caller holds the exclusive lock when
     * writing. A batch is rewritten only where the bytes before it are there: a gap (a batch of a BATCHED
     * writer lost in the same failure) cannot be filled, so the log keeps its intact part and reads stop there.
     *
     * @param batches the run's write-ahead batches in log order
     * @return how many batches the log lacked (rewritten when {@code write})
     */
    int repair(String runId, List<StoreState.InlineBatch> batches, boolean write) {
        Path file = Layout.metricLog(root, runId);
        boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        List<byte[]> frames = new ArrayList<>(batches.size());
        batches.forEach(b -> frames.add(Frames.encode(b.payload())));
        if (!exists && !write) {
            byte[] image = patched(new byte[0], 0, batches, frames);
            if (image != null) {
                repaired.put(runId, image);
            }
            LOG.warn("Metric log {} is missing, but the journal holds {} batches of it that were made durable there"
                    + " (a power failure came before the log reached the disk); reads take them from the journal"
                    + " until the store is opened for writing, which rewrites the log", file, batches.size());
            return batches.size();
        }
        try (FileChannel ch = write
                ? io.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)
                : io.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            long from = batches.get(0).end() - frames.get(0).length;
            long to = batches.get(batches.size() - 1).end();
            byte[] present = from < size ? AtomicFiles.read(ch, from, (int) Math.min(size - from, to - from)) : new byte[0];
            int lacking = 0;
            long firstLacking = -1;
            for (int i = 0; i < batches.size(); i++) {
                byte[] frame = frames.get(i);
                long start = batches.get(i).end() - frame.length;
                if (start + frame.length <= from + present.length
                        && java.util.Arrays.equals(present, (int) (start - from), (int) (start - from) + frame.length,
                                frame, 0, frame.length)) {
                    continue;
                }
                if (start > size) {
                    LOG.warn("Metric log {} ends at {} bytes, before the batch at offset {} the journal holds: the"
                            + " bytes between were lost with the machine and are not in the journal, so {} batches"
                            + " from there are not rewritten and reads stop at the log's intact end", file, size,
                            start, batches.size() - i);
                    lacking += batches.size() - i;
                    break;
                }
                lacking++;
                firstLacking = firstLacking < 0 ? start : firstLacking;
                if (write) {
                    AtomicFiles.writeFully(io, ch, file, frame, start);
                    size = Math.max(size, start + frame.length);
                }
            }
            if (lacking > 0) {
                cache.invalidate(runId);
                if (write) {
                    forceNew(ch, file, !exists);
                    LOG.warn("Metric log {} lacked {} batches from offset {} whose journal records were durable (a"
                            + " power failure came before the log reached the disk); rewrote them from the journal",
                            file, lacking, firstLacking);
                } else {
                    byte[] image = patched(AtomicFiles.read(ch, 0, (int) Math.min(size, to)), size, batches,
                            frames);
                    if (image != null) {
                        repaired.put(runId, image);
                    }
                    LOG.warn("Metric log {} lacks {} batches from offset {} that the journal holds (a power failure"
                            + " came before the log reached the disk); reads take them from the journal until the"
                            + " store is opened for writing, which rewrites them", file, lacking, firstLacking);
                }
            }
            return lacking;
        } catch (IOException e) {
            throw new StoreException("checking metric log " + file + " against the journal failed: " + e, e);
        }
    }

    /**
     * @return {@code present} (the first {@code size} bytes of a log) with each batch written at its place, as a
     *     writable open's repair would leave the file ({@code frames}: each batch framed); null if a batch
     *     starts past what precedes it
     */
    private static byte[] patched(byte[] present, long size, List<StoreState.InlineBatch> batches,
                                  List<byte[]> frames) {
        long end = batches.get(batches.size() - 1).end();
        byte[] image = java.util.Arrays.copyOf(present, (int) Math.max(present.length, end));
        long filled = size;
        for (int i = 0; i < batches.size(); i++) {
            StoreState.InlineBatch b = batches.get(i);
            byte[] frame = frames.get(i);
            long start = b.end() - frame.length;
            if (start > filled) {
                return null;
            }
            System.arraycopy(frame, 0, image, (int) start, frame.length);
            filled = Math.max(filled, b.end());
        }
        return image;
    }

    /** Forces the log of {@code runId} to disk, if it exists. */
    void force(String runId) {
        Path file = Layout.metricLog(root, runId);
        try (FileChannel ch = io.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            Interrupts.force(io, ch, file);
        } catch (NoSuchFileException e) {
            throw new CorruptStoreException("metric log " + file + " is missing, but the journal committed bytes of it", e);
        } catch (IOException e) {
            throw new FsyncFailedException(file, e);
        }
    }

    /** A log shorter than committed: what is intact, if a BATCHED store lost its unsynced tail. */
    private long intactEnd(FileChannel ch, Path file, long size, long committed, boolean synced) throws IOException {
        List<MetricPoint> kept = new ArrayList<>();
        return scan(ch, file, 0, size, committed, synced, kept);
    }

    /** @return the points of the committed part of a run's log, in append order */
    List<MetricPoint> read(String runId, long committed, boolean synced) {
        if (committed == 0) {
            return List.of();
        }
        Series cached = cache.getIfPresent(runId);
        if (cached != null && cached.length() == committed) {
            return cached.points();
        }
        long from = cached != null && cached.length() < committed ? cached.length() : 0;
        Path file = Layout.metricLog(root, runId);
        byte[] image = repaired.get(runId);
        if (image != null) {
            List<MetricPoint> points = new ArrayList<>();
            long end = Math.min(image.length, committed);
            scan(image, 0, file, 0, (int) end, end, synced, points);
            if (committed > end) { // appended by a writer since this store was opened: the file holds those bytes
                try (FileChannel ch = io.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    scan(ch, file, end, Math.min(ch.size(), committed), committed, synced, points);
                } catch (IOException e) {
                    throw new StoreException("reading metric log " + file + " failed: " + e, e);
                }
            }
            return List.copyOf(points);
        }
        try (FileChannel ch = io.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            List<MetricPoint> points = new ArrayList<>(from > 0 ? cached.points() : List.of());
            long end = scan(ch, file, from, Math.min(ch.size(), committed), committed, synced, points);
            List<MetricPoint> result = List.copyOf(points);
            if (end == committed) {
                cache.put(runId, new Series(committed, result));
            }
            return result;
        } catch (NoSuchFileException e) {
            throw new CorruptStoreException("metric log " + file + " is missing, but the journal committed "
                    + committed + " bytes of it", e);
        } catch (IOException e) {
            throw new StoreException("reading metric log " + file + " failed: " + e, e);
        }
    }

    private static long scan(FileChannel ch, Path file, long from, long to, long committed, boolean synced,
                             List<MetricPoint> into) throws IOException {
        if (to - from > Integer.MAX_VALUE - 64) {
            throw new StoreException("metric log " + file + " has more than 2 GiB to read at once");
        }
        return scan(AtomicFiles.read(ch, from, (int) (to - from)), from, file, 0, (int) (to - from), committed, synced,
                into);
    }

    /** Decodes the batches of {@code data[at, at + length)}, which holds the log from offset {@code from}. */
    private static long scan(byte[] data, long from, Path file, int at, int length, long committed, boolean synced,
                             List<MetricPoint> into) {
        byte[] region = at == 0 && length == data.length ? data : java.util.Arrays.copyOfRange(data, at, at + length);
        Frames.Scan scan = Frames.scan(region, from + at);
        if (scan.damageAt() >= 0) {
            throw new CorruptStoreException("metric log " + file + " is damaged at offset " + scan.damageAt()
                    + ": " + scan.damage());
        }
        for (Frames.Frame f : scan.frames()) {
            into.addAll(MetricFrames.decode(f, file));
        }
        if (scan.validEnd() < committed) {
            if (synced) {
                throw new CorruptStoreException("metric log " + file + " holds " + scan.validEnd()
                        + " intact bytes, but the journal committed " + committed + " bytes that were synced to disk");
            }
            LOG.warn("Metric log {} lost {} committed bytes after offset {}: a BATCHED store loses its unsynced"
                    + " tail when the machine crashes", file, committed - scan.validEnd(), scan.validEnd());
        }
        return scan.validEnd();
    }

    /** Drops what is cached of a purged run's series and deletes its log; a file left behind is never read. */
    void forget(java.nio.file.Path file, String runId) {
        cache.invalidate(runId);
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            LOG.warn("The metric log {} of purged run {} could not be deleted; it is never read again", file, runId, e);
        }
    }
}
