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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    private BlobReferences(LifecycleStore store) {
        this.store = store;
    }

    /** @return the references of {@code store}, created on first use */
    public static BlobReferences of(LifecycleStore store) {
        return BY_STORE.computeIfAbsent(store, BlobReferences::new);
    }

    /**
     * Runs {@code putAndRecord} (store a blob, then record it) while its digest counts as referenced, so a
     * concurrent collection cannot free it between the two steps.
     */
    public <T> T guard(String digest, Supplier<T> putAndRecord) {
        inFlight.computeIfAbsent(digest, d -> new AtomicInteger()).incrementAndGet();
        try {
            return putAndRecord.get();
        } finally {
            inFlight.computeIfPresent(digest, (d, n) -> n.decrementAndGet() == 0 ? null : n);
        }
    }

    /** @return whether a write of this JVM is storing {@code digest} right now */
    public boolean inFlight(String digest) {
        return inFlight.containsKey(digest);
    }

    /** @return every digest any record refers to, retired versions included */
    public Set<String> all() {
        Set<String> out = new HashSet<>(store.tracking().referencedDigests());
        out.addAll(store.registry().referencedDigests());
        out.addAll(inFlight.keySet());
        return out;
    }

    /**
     * Names what still uses {@code digest} if the bytes of the RETIRED version {@code retired} were purged:
     * any run's artifact or dataset, any version of any model that is not RETIRED, any write in flight.
     *
     * @return one phrase per user, empty when the bytes may be freed
     */
    public List<String> usersOtherThanRetired(String digest) {
        List<String> users = new ArrayList<>();
        if (inFlight(digest)) {
            users.add("a write in progress");
        }
        for (RegisteredModelRecord m : store.registry().listModels()) {
            for (ModelVersionRecord v : store.registry().listVersions(m.name())) {
                if (v.artifactDigest().equals(digest) && v.stage() != Stage.RETIRED) {
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
