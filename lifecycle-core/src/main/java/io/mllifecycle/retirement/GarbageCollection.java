package io.mllifecycle.retirement;

import io.mllifecycle.internal.Factories;
import io.mllifecycle.internal.LifecycleContext;
import io.mllifecycle.store.ArtifactInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dry-run plan of the blobs no record refers to — no run's artifact, no version of any model (retired ones
 * included), no dataset, no write in flight in this JVM — from {@code lifecycle.gc()}. Nothing is deleted until
 * {@link #apply()}, which checks the references again first, so a blob that became referenced after planning
 * stays. Each apply is one audit event with what it freed.
 *
 * <p>A blob another process is storing right now (stored, not yet recorded) cannot be seen from here: run
 * {@code apply()} when no other process is logging artifacts to the same store, or accept that such a write
 * fails with "artifact … is not stored" and is retried.
 */
public final class GarbageCollection {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollection.class);

    static {
        Factories.register(GarbageCollection.class, (context, unused) -> new GarbageCollection(context));
    }

    private final LifecycleContext context;
    private final List<ArtifactInfo> unreferenced;

    private GarbageCollection(LifecycleContext context) {
        this.context = context;
        Set<String> used = context.references().all();
        List<ArtifactInfo> found = new ArrayList<>();
        context.store().artifacts().forEachBlob(b -> {
            if (!used.contains(b.digest())) {
                found.add(b);
            }
        });
        found.sort(Comparator.comparing(ArtifactInfo::digest));
        this.unreferenced = List.copyOf(found);
    }

    /** @return the blobs no record referred to when planned, by digest */
    public List<ArtifactInfo> unreferenced() {
        return unreferenced;
    }

    /** @return their total size in bytes */
    public long bytes() {
        return unreferenced.stream().mapToLong(ArtifactInfo::size).sum();
    }

    /**
     * Deletes the planned blobs that are still unreferenced now.
     *
     * @return the blobs deleted
     */
    public List<ArtifactInfo> apply() {
        return context.references().exclusively(this::applyNow);
    }

    private List<ArtifactInfo> applyNow() {
        Set<String> used = context.references().all();
        List<ArtifactInfo> freed = new ArrayList<>();
        for (ArtifactInfo b : unreferenced) {
            if (used.contains(b.digest())) {
                LOG.info("blob {} became referenced since planning; kept", b.digest());
                continue;
            }
            freed.add(b);
        }
        if (freed.isEmpty()) {
            return List.of();
        }
        long bytes = freed.stream().mapToLong(ArtifactInfo::size).sum();
        context.store().registry().appendAudit(List.of(context.writer().entry("artifact.gc", "blobs", Map.of(
                "count", Integer.toString(freed.size()), "bytes", Long.toString(bytes),
                "digests", abbreviated(freed)))));
        for (ArtifactInfo b : freed) {
            context.store().artifacts().delete(b.digest());
        }
        LOG.info("garbage collection freed {} blobs, {} bytes", freed.size(), bytes);
        return freed;
    }

    private static String abbreviated(List<ArtifactInfo> freed) {
        StringBuilder sb = new StringBuilder();
        for (ArtifactInfo b : freed) {
            if (sb.length() + b.digest().length() + 1 > 7_000) {
                sb.append(" …");
                break;
            }
            sb.append(sb.length() == 0 ? "" : " ").append(b.digest());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "garbage collection plan: " + unreferenced.size() + " unreferenced blobs, " + bytes() + " bytes";
    }
}
