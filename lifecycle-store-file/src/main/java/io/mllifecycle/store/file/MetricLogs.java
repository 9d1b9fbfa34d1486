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
        Path file = Layout.metricLog(root, runId);
        boolean created = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        byte[] frame = Frames.encode(MetricFrames.encode(points));
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
        Frames.Scan scan = Frames.scan(AtomicFiles.read(ch, from, (int) (to - from)), from);
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
