package io.mllifecycle.tracking;

import io.mllifecycle.internal.LifecycleContext;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.spi.Checks;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everyday reads of one stored run, running or ended, without going through the store SPI: its record,
 * metric series, child runs and artifacts. Obtained from {@code lifecycle.storedRun(id)} or
 * {@link Run#stored()}; every call reads the store anew. Thread-safe.
 */
public final class StoredRun {
    private final LifecycleContext context;
    private final String id;

    StoredRun(LifecycleContext context, String id) {
        this.context = context;
        this.id = id;
    }

    /**
     * @return a handle on the run with this id
     * @throws NotFoundException if there is none
     */
    public static StoredRun of(LifecycleContext context, String runId) {
        Checks.notNull("runId", runId);
        context.store().tracking().getRun(runId);
        return new StoredRun(context, runId);
    }

    /** @return the run id */
    public String id() {
        return id;
    }

    /** @return the run as stored now */
    public RunRecord record() {
        return context.store().tracking().getRun(id);
    }

    /** @return every point of metric {@code key} in append order; empty if the run never logged it */
    public List<MetricPoint> metricHistory(String key) {
        return context.store().tracking().metricHistory(id, Checks.key("metric key", key), Long.MIN_VALUE,
                Long.MAX_VALUE);
    }

    /** @return the child runs (a sweep's trials), in start order */
    public List<StoredRun> children() {
        return context.store().tracking().childRuns(id).stream().map(r -> new StoredRun(context, r.id())).toList();
    }

    /** @return the run's artifacts by path, with the size and media type of their blobs */
    public List<RunArtifact> artifacts() {
        List<RunArtifact> out = new ArrayList<>();
        for (Map.Entry<String, String> e : record().artifacts().entrySet()) {
            Optional<ArtifactInfo> info = context.store().artifacts().info(e.getValue());
            out.add(new RunArtifact(e.getKey(), e.getValue(), info.map(ArtifactInfo::size).orElse(-1L),
                    info.map(ArtifactInfo::mediaType).orElse("")));
        }
        return out;
    }

    /**
     * Opens the bytes of the artifact at {@code path}; the caller closes the stream.
     *
     * @throws NotFoundException if the run recorded no artifact at this path, or its blob is gone
     */
    public InputStream openArtifact(String path) {
        Checks.artifactPath("path", path);
        String digest = record().artifacts().get(path);
        if (digest == null) {
            throw new NotFoundException("run " + id + " has no artifact at " + Checks.quote(path) + "; it has "
                    + record().artifacts().keySet());
        }
        return context.store().artifacts().open(digest);
    }

    @Override
    public String toString() {
        return "StoredRun[" + id + "]";
    }
}
