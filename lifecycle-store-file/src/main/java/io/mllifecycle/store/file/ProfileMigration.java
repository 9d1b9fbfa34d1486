package io.mllifecycle.store.file;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration to format 3: stores before it kept each reference profile inline in every version and dataset
 * record, so every stage change rewrote the whole bundle into the journal. This replays the journal with
 * a {@link Sink} that moves each distinct profile into {@code blobs/sha256/} once (as the artifact store
 * would) and hands back its {@link ProfileRef}, records the new blobs, then compacts the journal, which
 * writes the current state with references only. Every step is idempotent and the caller writes
 * {@code FORMAT} last, so a crash at any point leaves a store that the next open migrates again.
 */
final class ProfileMigration {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileMigration.class);

    private ProfileMigration() {}

    /** Migrates {@code root}; caller holds the exclusive lock and has checked the layout. */
    static void run(Path root, FileIo io) {
        Sink sink = new Sink(root, io);
        Journal journal = new Journal(root, io, false, sink);
        try {
            journal.refresh(true);
            List<Event> blobs = new ArrayList<>();
            sink.stored.values().stream().filter(info -> !journal.state().blobs.containsKey(info.digest()))
                    .sorted(java.util.Comparator.comparing(ArtifactInfo::digest))
                    .forEach(info -> blobs.add(new Event.Blob(info)));
            if (sink.stored.isEmpty()) {
                return;
            }
            if (!blobs.isEmpty()) {
                journal.append(blobs, true);
            }
            journal.compact();
            LOG.info("Moved {} inline reference profile(s) of {} into blobs; the journal now holds references only",
                    sink.stored.size(), root);
        } finally {
            journal.close();
        }
    }

    /**
     * Receives the inline profiles a format-2 journal holds while it is parsed (possibly from several
     * threads at once) and stores each distinct one as a blob.
     */
    static final class Sink {
        private final Path root;
        private final FileIo io;
        final Map<String, ArtifactInfo> stored = new ConcurrentHashMap<>();

        private Sink(Path root, FileIo io) {
            this.root = root;
            this.io = io;
        }

        /** @return the reference to {@code data}, whose bytes are now a blob of the store */
        ProfileRef store(ProfileData data) {
            ProfileRef ref = ProfileRef.of(data);
            stored.computeIfAbsent(ref.digest(), d -> {
                write(d, data.content());
                return new ArtifactInfo(d, ref.size(), ref.mediaType());
            });
            return ref;
        }

        private void write(String digest, byte[] bytes) {
            Path target = Layout.blob(root, digest);
            Path tmp = root.resolve(Layout.TMP).resolve("blob." + UUID.randomUUID() + ".tmp");
            try {
                Path dir = target.getParent();
                requireInside(dir.getParent());
                io.createDirectory(dir);
                requireInside(dir);
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == bytes.length) {
                    return; // an earlier, interrupted migration stored it already (reads verify the digest)
                }
                try (FileChannel out = io.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    AtomicFiles.writeFully(io, out, tmp, bytes, 0);
                    Interrupts.force(io, out, tmp);
                }
                io.moveAtomically(tmp, target);
                Interrupts.forceDirectory(io, dir);
                Interrupts.forceDirectory(io, dir.getParent());
            } catch (IOException e) {
                throw new StoreException("moving an inline reference profile of " + root + " to " + target
                        + " failed (" + e + "); the store is unchanged and the next open tries again", e);
            } finally {
                AtomicFiles.deleteQuietly(tmp);
            }
        }

        private void requireInside(Path dir) throws IOException {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !dir.toRealPath().equals(dir)) {
                throw new CorruptStoreException(dir + " leads elsewhere (" + dir.toRealPath() + "); the store"
                        + " follows no links out of " + root);
            }
        }
    }
}
