package io.mllifecycle.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code FORMAT} file and the shape of the store directory: initialises an empty directory, checks
 * an existing one, and refuses one it cannot read correctly. Called with the exclusive lock held.
 */
final class FormatFile {
    /**
     * The format this code writes. Version 2 added policy and transition-request records to the journal;
     * everything else is as in version 1, so a version-1 store is read as it is and migrated on open by
     * rewriting {@code FORMAT} (after which a library that reads only version 1 refuses it by version,
     * rather than failing on a record it does not know). Version 3 added the run lifecycle (deletion times
     * and heartbeats in run and experiment records, heartbeats in metric commits, purge records) and keeps
     * reference profiles as blobs under {@code blobs/sha256/} that version and dataset records refer to by
     * digest, instead of inline in each record. An older store is read as it is (no deletions, heartbeat =
     * start time) and migrated on open by {@link ProfileMigration} (a read-only open refuses it). Version 4
     * writes metric batches in a binary payload ({@link MetricFrames}); older logs hold JSON batches, which
     * are still read, so a version-3 store is migrated by rewriting {@code FORMAT} alone (after which a
     * library that reads only JSON batches refuses it by version, rather than calling a binary batch damage).
     * Version 5 lets a SYNC metric commit carry its batch ({@link Event.Metrics#inline()}), the write-ahead
     * copy that a power failure cannot take from the log; a version-4 store is migrated by rewriting
     * {@code FORMAT} (after which a version-4 library refuses it by version, rather than failing on the field).
     */
    static final int VERSION = 5;
    /** The oldest format this code reads (and migrates). */
    static final int OLDEST = 1;
    static final String NAME = "mllifecycle-file-store";
    private static final Logger LOG = LoggerFactory.getLogger(FormatFile.class);
    /** What an interrupted initialisation may leave behind before FORMAT, its last step, was written. */
    private static final Set<String> INIT_REMNANTS = Set.of(Layout.LOCK, Layout.TMP, Layout.METRICS, Layout.BLOBS,
            Layout.JOURNAL);

    /**
     * Names an operating system or file manager drops into folders it shows (Finder, Explorer): tolerated at
     * the top level of a store and in a directory that is to become one, never read, written or removed.
     */
    static final Set<String> TOLERATED = Set.of(".DS_Store", "Thumbs.db", "desktop.ini");
    /** The names of the temporary files this store writes in {@code tmp/}: nothing else there is removed. */
    private static final java.util.regex.Pattern OWN_TMP = java.util.regex.Pattern.compile(
            "(blob|journal|journal\\.log|FORMAT)\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");
    /** Temporary files written only under the exclusive lock: whoever wrote one the opener finds is dead. */
    private static final java.util.regex.Pattern LOCKED_TMP = java.util.regex.Pattern.compile(
            "(journal|journal\\.log|FORMAT)\\..*");
    private static final int MAX_FORMAT_BYTES = 4096;

    private FormatFile() {}

    /**
     * Refuses, before anything is written (not even {@code store.lock}), a directory that is neither a store
     * nor empty nor the remnant of an initialisation this code interrupted. Checked again under the lock.
     */
    static void checkBeforeLocking(Path root) {
        try {
            if (!Files.exists(root.resolve(Layout.FORMAT), LinkOption.NOFOLLOW_LINKS)) {
                refuseUnlessRemnant(root);
            } else {
                requireRegularFile(root.resolve(Layout.FORMAT));
            }
            Path lock = root.resolve(Layout.LOCK);
            if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(lock)) {
                requireRegularFile(lock);
            }
        } catch (IOException e) {
            throw new StoreException("checking the file store in " + root + " failed: " + e, e);
        }
    }

    private static void refuseUnlessRemnant(Path root) throws IOException {
        List<String> entries = entries(root);
        entries.removeAll(TOLERATED);
        if (!INIT_REMNANTS.containsAll(entries) || !journalIsBareHeader(root) || !remnantDirectoriesOk(root)) {
            throw new CorruptStoreException(root + " is not empty (it holds " + entries + ") but has no "
                    + Layout.FORMAT + " file, so it is not a file store this code can read; nothing in it was"
                    + " changed; open an empty or new directory, or restore " + root.resolve(Layout.FORMAT));
        }
    }

    /** @return whether the remnant directories are real directories holding only what initialisation makes */
    private static boolean remnantDirectoriesOk(Path root) throws IOException {
        for (String name : List.of(Layout.METRICS, Layout.BLOBS, Layout.TMP)) {
            Path dir = root.resolve(name);
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            List<String> inside = entries(dir);
            boolean ok = switch (name) {
                case Layout.BLOBS -> inside.isEmpty() || (inside.equals(List.of("sha256"))
                        && Files.isDirectory(dir.resolve("sha256"), LinkOption.NOFOLLOW_LINKS)
                        && entries(dir.resolve("sha256")).isEmpty());
                case Layout.TMP -> inside.stream().allMatch(n -> OWN_TMP.matcher(n).matches());
                default -> inside.isEmpty();
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Initialises {@code root} if it holds no store yet, else checks its format and layout. */
    static void checkOrInitialise(Path root, FileIo io) {
        Path format = root.resolve(Layout.FORMAT);
        try {
            if (!Files.exists(format, LinkOption.NOFOLLOW_LINKS)) {
                refuseUnlessRemnant(root);
                initialise(root, io);
                return;
            }
            int version = checkVersion(format);
            for (String name : entries(root)) {
                if (!Layout.TOP_LEVEL.contains(name) && !TOLERATED.contains(name)) {
                    throw new CorruptStoreException("unexpected entry " + root.resolve(name) + " in the file store: it"
                            + " is not part of the layout " + Layout.TOP_LEVEL + "; move it out of the store directory");
                }
            }
            requireDirectory(root.resolve(Layout.METRICS));
            requireDirectory(root.resolve(Layout.BLOBS));
            requireDirectory(root.resolve(Layout.BLOBS).resolve("sha256"));
            requireDirectory(root.resolve(Layout.TMP));
            removeStaleTemporaryFiles(root.resolve(Layout.TMP));
            if (version < VERSION) {
                LOG.info("Migrating the file store in {} from format version {} to {}", root, version, VERSION);
                if (version < 3) {
                    ProfileMigration.run(root, io);
                }
                writeFormat(root, io);
            }
        } catch (IOException e) {
            throw new StoreException("checking the file store in " + root + " failed: " + e, e);
        }
    }

    /** Checks, writing nothing, that {@code root} is a store this code reads, for a read-only open. */
    static void checkReadOnly(Path root) {
        Path format = root.resolve(Layout.FORMAT);
        try {
            if (!Files.exists(format, LinkOption.NOFOLLOW_LINKS)) {
                throw new CorruptStoreException(root + " has no " + Layout.FORMAT + " file, so it is not a file store;"
                        + " a read-only open initialises nothing");
            }
            int version = checkVersion(format);
            if (version < 3) {
                throw new StoreException(root + " is in file-store format version " + version + ", which keeps"
                        + " reference profiles inline; moving them into blobs (format " + VERSION + ") is a write,"
                        + " so a read-only open cannot do it; open the store once without readOnly() to migrate it");
            }
            requireDirectory(root.resolve(Layout.METRICS));
            requireDirectory(root.resolve(Layout.BLOBS));
        } catch (IOException e) {
            throw new StoreException("checking the file store in " + root + " failed: " + e, e);
        }
    }

    /** @return the version, which this code reads */
    private static int checkVersion(Path format) throws IOException {
        requireRegularFile(format);
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(format, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() > MAX_FORMAT_BYTES) {
                throw new CorruptStoreException(format + " is " + ch.size() + " bytes long, so it is not the FORMAT"
                        + " file of a " + NAME + " (at most " + MAX_FORMAT_BYTES + " bytes)");
            }
            bytes = AtomicFiles.read(ch, 0, (int) ch.size());
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new CorruptStoreException(format + " is not readable JSON, so it is not the FORMAT file of a "
                    + NAME, e);
        }
        if (node == null || !NAME.equals(node.path("format").asText()) || !node.path("version").canConvertToInt()) {
            // its content is not quoted: a file that is not ours may hold anything
            throw new CorruptStoreException(format + " does not describe a " + NAME + " (expected {\"format\":\""
                    + NAME + "\",\"version\":<n>})");
        }
        int version = node.path("version").asInt();
        if (version > VERSION) {
            throw new StoreException(format.getParent() + " was written in file-store format version " + version
                    + ", newer than the version " + VERSION + " this library reads; open it with a newer version of"
                    + " lifecycle-store-file");
        }
        if (version < OLDEST) {
            throw new StoreException(format.getParent() + " is in file-store format version " + version
                    + ", which this library (format " + VERSION + ") can neither read nor migrate");
        }
        return version;
    }

    private static void initialise(Path root, FileIo io) throws IOException {
        LOG.info("Initialising file store in {}", root);
        io.createDirectory(root.resolve(Layout.METRICS));
        io.createDirectory(root.resolve(Layout.BLOBS).resolve("sha256"));
        io.createDirectory(root.resolve(Layout.TMP));
        byte[] header = Frames.encode(Json.events(List.of(new Event.Header(VERSION, 1))));
        Path journal = root.resolve(Layout.JOURNAL);
        AtomicFiles.replace(io, root.resolve(Layout.TMP), journal, header);
        writeFormat(root, io);
    }

    private static void writeFormat(Path root, FileIo io) {
        String text = "{\"format\":\"" + NAME + "\",\"version\":" + VERSION + "}\n";
        AtomicFiles.replace(io, root.resolve(Layout.TMP), root.resolve(Layout.FORMAT),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return whether {@code journal.log} is absent or exactly the header record initialisation writes (it is
     *     written whole, by rename): anything else is another program's file, never overwritten
     */
    private static boolean journalIsBareHeader(Path root) throws IOException {
        Path journal = root.resolve(Layout.JOURNAL);
        if (!Files.exists(journal, LinkOption.NOFOLLOW_LINKS)) {
            return !Files.isSymbolicLink(journal);
        }
        if (!Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() > 200) {
                return false;
            }
            byte[] data = AtomicFiles.read(ch, 0, (int) ch.size());
            Frames.Scan scan = Frames.scan(data, 0);
            if (scan.frames().size() != 1 || scan.damageAt() >= 0 || scan.tornAt() >= 0) {
                return false;
            }
            List<Event> events = Json.events(scan.frames().get(0), journal);
            return events.size() == 1 && events.get(0) instanceof Event.Header h && h.generation() == 1;
        } catch (CorruptStoreException | NoSuchFileException e) {
            return false;
        }
    }

    private static void requireRegularFile(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new CorruptStoreException(file + " must be a regular file" + (a.isSymbolicLink()
                    ? ", not a symbolic link (the store follows no links and reads or writes nothing outside it)"
                    : ""));
        }
    }

    private static List<String> entries(Path root) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) { // lists; follows nothing
            stream.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }

    /**
     * Removes temporary files of this store that a crashed writer left: journal and FORMAT rewrites at once
     * (they are written only under the exclusive lock, which the caller holds, so their writer is gone), blob
     * uploads once they are a day old (younger ones may belong to a blob another process is still streaming
     * in). Files with other names are another program's and are left alone.
     */
    private static void removeStaleTemporaryFiles(Path tmp) throws IOException {
        java.nio.file.attribute.FileTime dayAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmp)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!OWN_TMP.matcher(name).matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (LOCKED_TMP.matcher(name).matches()
                        || Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(dayAgo) < 0) {
                    LOG.info("Removing {} left by a writer that crashed", p);
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static void requireDirectory(Path dir) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new CorruptStoreException(dir + " is missing from the file store", e);
        }
        if (!a.isDirectory()) {
            throw new CorruptStoreException(dir + " must be a directory" + (a.isSymbolicLink()
                    ? ", not a symbolic link (the store follows no links)" : ""));
        }
    }
}
