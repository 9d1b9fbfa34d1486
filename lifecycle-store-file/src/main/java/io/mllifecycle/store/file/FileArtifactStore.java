package io.mllifecycle.store.file;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.nio.file.DirectoryStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed blobs under {@code blobs/sha256/ab/cdef…}. Content is streamed into a temporary file
 * while its digest is computed, forced to disk, and renamed into place under the exclusive lock; a
 * journal record then makes it known. The path comes only from a validated digest, files are opened
 * without following links, and reads check the digest as the bytes stream by.
 */
final class FileArtifactStore implements ArtifactStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileArtifactStore.class);
    private final StoreEngine engine;

    FileArtifactStore(StoreEngine engine) {
        this.engine = engine;
    }

    @Override
    public ArtifactInfo put(InputStream content, String mediaType) {
        Checks.notNull("content", content);
        Checks.name("mediaType", mediaType);
        engine.checkWritable(); // before the content is streamed into tmp/
        Path tmp = engine.root.resolve(Layout.TMP).resolve("blob." + UUID.randomUUID() + ".tmp");
        try {
            MessageDigest md = Digests.newSha256();
            long size = copy(content, tmp, md);
            String digest = Digests.format(md.digest());
            return engine.write(s -> {
                ArtifactInfo existing = s.blobs.get(digest);
                Path target = Layout.blob(engine.root, digest);
                if (existing != null && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    return existing;
                }
                moveIntoPlace(tmp, target);
                ArtifactInfo info = existing != null ? existing : new ArtifactInfo(digest, size, mediaType);
                if (existing == null) {
                    engine.commit(List.of(new Event.Blob(info)));
                } else {
                    LOG.warn("Restored missing blob file {} from new content with the same digest", target);
                }
                return info;
            });
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    private long copy(InputStream content, Path tmp, MessageDigest md) {
        try (FileChannel out = engine.io.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int n; (n = content.read(buffer)) >= 0; ) {
                if (n == 0) {
                    continue;
                }
                md.update(buffer, 0, n);
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    size += engine.io.write(out, tmp, b, size);
                }
            }
            try {
                Interrupts.force(engine.io, out, tmp);
            } catch (IOException e) {
                throw new FsyncFailedException(tmp, e);
            }
            return size;
        } catch (IOException e) {
            throw new StoreException("storing artifact content in " + tmp + " failed (" + e + "); nothing was stored", e);
        }
    }

    private void moveIntoPlace(Path tmp, Path target) {
        Path dir = target.getParent();
        try {
            boolean newDir = !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
            requireInside(dir.getParent()); // before creating anything: blobs/sha256 may have been made a link
            engine.io.createDirectory(dir);
            requireInside(dir);
            engine.io.moveAtomically(tmp, target);
            Interrupts.forceDirectory(engine.io, dir);
            if (newDir) {
                Interrupts.forceDirectory(engine.io, dir.getParent());
            }
        } catch (IOException e) {
            throw new StoreException("moving artifact content to " + target + " failed (" + e + "); nothing was stored", e);
        }
    }

    @Override
    public InputStream open(String digest) {
        Checks.digest("digest", digest);
        ArtifactInfo info = known(digest).orElseThrow(() -> new NotFoundException("artifact " + digest + " is not stored"));
        Path file = Layout.blob(engine.root, digest);
        try {
            requireInside(file.getParent());
            FileChannel ch = engine.io.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return new VerifyingInputStream(ch, file, info);
        } catch (NoSuchFileException e) {
            if (known(digest).isEmpty()) {
                throw new NotFoundException("artifact " + digest + " is not stored (it was just deleted)");
            }
            throw new CorruptStoreException("blob file " + file + " of stored artifact " + digest + " is missing", e);
        } catch (IOException e) {
            throw new StoreException("opening blob file " + file + " failed: " + e, e);
        }
    }

    @Override
    public Optional<ArtifactInfo> info(String digest) {
        Checks.digest("digest", digest);
        Optional<ArtifactInfo> info = known(digest);
        if (info.isPresent()) {
            Path file = Layout.blob(engine.root, digest);
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile() || a.size() != info.get().size()) {
                    throw new CorruptStoreException("blob file " + file + " should be a regular file of "
                            + info.get().size() + " bytes, but is " + (a.isRegularFile() ? a.size() + " bytes" : "not"));
                }
            } catch (NoSuchFileException e) {
                if (known(digest).isEmpty()) {
                    return Optional.empty();
                }
                throw new CorruptStoreException("blob file " + file + " of stored artifact " + digest + " is missing", e);
            } catch (IOException e) {
                throw new StoreException("reading attributes of " + file + " failed: " + e, e);
            }
        }
        return info;
    }

    @Override
    public boolean delete(String digest) {
        Checks.digest("digest", digest);
        return engine.write(s -> {
            if (!s.blobs.containsKey(digest)) {
                return false;
            }
            engine.commit(List.of(new Event.BlobDeleted(digest)));
            Path file = Layout.blob(engine.root, digest);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Artifact {} is deleted, but its file {} could not be removed; it is unused", digest, file, e);
            }
            return true;
        });
    }

    private Optional<ArtifactInfo> known(String digest) {
        return engine.read(s -> Optional.ofNullable(s.blobs.get(digest)));
    }

    /** @throws CorruptStoreException if {@code dir}, with links resolved, is not where the layout puts it */
    private void requireInside(Path dir) throws IOException {
        if (!dir.toRealPath().equals(dir)) {
            throw new CorruptStoreException(dir + " leads elsewhere (" + dir.toRealPath() + "); the store follows"
                    + " no links out of " + engine.root);
        }
    }

    /**
     * Walks {@code blobs/sha256/} one fan-out directory at a time (never listing every blob at once) and
     * reports each file that is a stored blob; a file whose {@code put} crashed before its journal record is
     * not a stored blob and is skipped (a later {@code put} of the same bytes replaces it).
     */
    @Override
    public void forEachBlob(Consumer<ArtifactInfo> action) {
        Checks.notNull("action", action);
        engine.checkOpen();
        Path sha = engine.root.resolve(Layout.BLOBS).resolve("sha256");
        try {
            requireInside(sha);
            try (DirectoryStream<Path> fanOut = Files.newDirectoryStream(sha)) {
                for (Path dir : fanOut) {
                    String prefix = dir.getFileName().toString();
                    if (prefix.length() != 2 || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                        for (Path file : files) {
                            String digest = Digests.PREFIX + prefix + file.getFileName();
                            if (!Digests.isValid(digest)) {
                                continue;
                            }
                            Optional<ArtifactInfo> info = known(digest);
                            if (info.isPresent()) {
                                action.accept(info.get());
                            }
                        }
                    } catch (NoSuchFileException gone) {
                        // an empty fan-out directory removed meanwhile
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("listing the blobs in " + sha + " failed: " + e, e);
        }
    }
}
