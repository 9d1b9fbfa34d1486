package io.mllifecycle.internal;

import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The one reference check before any blob is freed (retirement purges, run purges, garbage collection): a
 * blob may go only when no run, no model version of any model, no dataset and no stored profile or report
 * refers to it — in every store the lifecycle uses — and no write in this JVM is between storing it and
 * recording it. Not API.
 */
public final class BlobReferences {
    private static final Map<LifecycleStore, BlobReferences> BY_STORE = Collections.synchronizedMap(new WeakHashMap<>());

    private final LifecycleStore store;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private BlobReferences(LifecycleStore store) {
        this.store = store;
    }

    /** @return the references of {@code store}, created on first use */
    public static BlobReferences of(LifecycleStore store) {
        return BY_STORE.computeIfAbsent(store, BlobReferences::new);
    }

    /**
     * Runs {@code putAndRecord} (store a blob, then record it); while it runs, no collection or purge of this JVM
     * frees blobs, so nothing stored can be freed between the two steps. Writes run concurrently with each other.
     */
    public <T> T guardWrite(Supplier<T> putAndRecord) {
        lock.readLock().lock();
        try {
            return putAndRecord.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code free} (check references, then delete) with no blob write of this JVM in progress. */
    public <T> T exclusively(Supplier<T> free) {
        lock.writeLock().lock();
        try {
            return free.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** @return every digest any record refers to, retired versions included */
    public Set<String> all() {
        Set<String> out = new HashSet<>(store.tracking().referencedDigests());
        out.addAll(store.registry().referencedDigests());
        return out;
    }

    /**
     * Names what still uses {@code digest} if the bytes of the RETIRED version {@code retired} were purged:
     * any run's artifact or dataset (or a dataset's profile), any version of any model that is not RETIRED (as its
     * artifact or its reference profile), any write in flight.
     *
     * @return one phrase per user, empty when the bytes may be freed
     */
    public List<String> usersOtherThanRetired(String digest) {
        List<String> users = new ArrayList<>();
        for (RegisteredModelRecord m : store.registry().listModels()) {
            for (ModelVersionRecord v : store.registry().listVersions(m.name())) {
                boolean uses = v.artifactDigest().equals(digest)
                        || v.profile() != null && v.profile().digest().equals(digest); // its reference profile
                if (uses && v.stage() != Stage.RETIRED) {
                    List<String> aliases = m.aliases().entrySet().stream().filter(e -> e.getValue() == v.version())
                            .map(e -> "@" + e.getKey()).toList();
                    users.add(v.reference() + " (" + v.stage() + (aliases.isEmpty() ? "" : " behind "
                            + String.join(", ", aliases)) + ")");
                }
            }
        }
        if (store.tracking().referencedDigests().contains(digest)) {
            users.add("a run's artifacts or a dataset");
        }
        return users;
    }
}
