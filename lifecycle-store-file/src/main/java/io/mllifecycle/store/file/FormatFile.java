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
     * rather than failing on a record it does not know).
     */
    static final int VERSION = 2;
    /** The oldest format this code reads (and migrates). */
    static final int OLDEST = 1;
    static final String NAME = "mllifecycle-file-store";
    private static final Logger LOG = LoggerFactory.getLogger(FormatFile.class);
    /** What an interrupted initialisation may leave behind before FORMAT, its last step, was written. */
    private static final Set<String> INIT_REMNANTS = Set.of(Layout.LOCK, Layout.TMP, Layout.METRICS, Layout.BLOBS,
            Layout.JOURNAL);

    private FormatFile() {}

    /** Initialises {@code root} if it holds no store yet, else checks its format and layout. */
    static void checkOrInitialise(Path root, FileIo io) {
        Path format = root.resolve(Layout.FORMAT);
        try {
            if (!Files.exists(format, LinkOption.NOFOLLOW_LINKS)) {
                List<String> entries = entries(root);
                if (!INIT_REMNANTS.containsAll(entries) || journalHasRecords(root)) {
                    throw new CorruptStoreException(root + " is not empty (it holds " + entries + ") but has no "
                            + Layout.FORMAT + " file, so it is not a file store this code can read; open an empty"
                            + " or new directory, or restore " + format);
                }
                initialise(root, io);
                return;
            }
            int version = checkVersion(format);
            for (String name : entries(root)) {
                if (!Layout.TOP_LEVEL.contains(name)) {
                    throw new CorruptStoreException("unexpected entry " + root.resolve(name) + " in the file store: it"
                            + " is not part of the layout " + Layout.TOP_LEVEL + "; move it out of the store directory");
                }
            }
            requireDirectory(root.resolve(Layout.METRICS));
            requireDirectory(root.resolve(Layout.BLOBS));
            requireDirectory(root.resolve(Layout.TMP));
            removeStaleTemporaryFiles(root.resolve(Layout.TMP));
            if (version < VERSION) {
                LOG.info("Migrating the file store in {} from format version {} to {}", root, version, VERSION);
                writeFormat(root, io);
            }
        } catch (IOException e) {
            throw new StoreException("checking the file store in " + root + " failed: " + e, e);
        }
    }

    /** @return the version, which this code reads */
    private static int checkVersion(Path format) throws IOException {
        JsonNode node;
        try {
            node = Json.mapper().readTree(Files.readAllBytes(format));
        } catch (IOException e) {
            throw new CorruptStoreException(format + " is not readable JSON (" + e.getMessage() + ")", e);
        }
        if (node == null || !NAME.equals(node.path("format").asText()) || !node.path("version").canConvertToInt()) {
            throw new CorruptStoreException(format + " does not describe a " + NAME + ": " + node);
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

    private static boolean journalHasRecords(Path root) throws IOException {
        Path journal = root.resolve(Layout.JOURNAL);
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ)) {
            return ch.size() > 200; // more than a header
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static List<String> entries(Path root) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
            stream.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }

    /**
     * Removes temporary files a crashed writer left more than a day ago; younger ones may belong to a
     * blob another process is still streaming in.
     */
    private static void removeStaleTemporaryFiles(Path tmp) throws IOException {
        java.nio.file.attribute.FileTime dayAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmp, "*.tmp")) {
            for (Path p : stream) {
                if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(dayAgo) < 0) {
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
