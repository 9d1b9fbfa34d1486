package io.mllifecycle.store.file;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.spi.TrackingRules;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.spi.RegistryRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The writes to existing runs and datasets of {@link FileTrackingStore}. Each checks its arguments
 * first, then, holding the exclusive lock, checks them against the latest state with the same rules as
 * the in-memory reference store, and commits one journal record.
 */
abstract class FileRunWrites implements TrackingStore {
    final StoreEngine engine;

    FileRunWrites(StoreEngine engine) {
        this.engine = engine;
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        Checks.notNull("params", params);
        params.forEach((k, v) -> {
            Checks.key("param key", k);
            Checks.paramValue("param '" + k + "'", v);
        });
        Checks.notNull("runId", runId);
        engine.write(s -> {
            RunRecord r = running(s, runId, "params");
            Map<String, String> merged = new TreeMap<>(r.params());
            TrackingRules.mergeWriteOnce(runId, "param", merged, params);
            if (!merged.equals(r.params())) {
                engine.commit(List.of(new Event.Run(beat(r.withParams(merged)))));
            }
            return null;
        });
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        Checks.tags("tags", tags);
        Checks.notNull("runId", runId);
        engine.write(s -> {
            RunRecord r = run(s, runId);
            Map<String, String> merged = new TreeMap<>(r.tags());
            merged.putAll(tags);
            engine.commit(List.of(new Event.Run(beat(r.withTags(merged)))));
            return null;
        });
    }

    @Override
    public boolean deleteTag(String runId, String key) {
        Checks.key("tag key", key);
        Checks.notNull("runId", runId);
        return engine.write(s -> {
            RunRecord r = run(s, runId);
            if (!r.tags().containsKey(key)) {
                return false;
            }
            Map<String, String> rest = new TreeMap<>(r.tags());
            rest.remove(key);
            engine.commit(List.of(new Event.Run(beat(r.withTags(rest)))));
            return true;
        });
    }

    @Override
    public void logMetrics(String runId, List<MetricPoint> points) {
        logMetrics(runId, points, null, false);
    }

    /**
     * Appends the batch unless {@code requestId} was committed for this run before (then checks it is the
     * same batch and appends nothing, also once the run has ended); the id is committed in the batch's record.
     */
    @Override
    public void logMetrics(String runId, List<MetricPoint> points, String requestId) {
        Checks.name("requestId", requestId);
        logMetrics(runId, points, requestId, true);
    }

    private void logMetrics(String runId, List<MetricPoint> points, String requestId, boolean withId) {
        Checks.notNull("points", points);
        for (int i = 0; i < points.size(); i++) {
            Checks.element("points", i, points.get(i));
        }
        Checks.notNull("runId", runId);
        List<MetricPoint> batch = List.copyOf(points);
        String fingerprint = withId ? io.mllifecycle.store.spi.RequestIds.fingerprint(batch) : null;
        // encoded before taking the lock, which other writers wait for
        byte[] payload = batch.isEmpty() ? null : MetricFrames.encode(batch);
        byte[] frame = payload == null ? null : Frames.encode(payload);
        // SYNC: a small batch is made durable by its journal record alone (write-ahead), so a call costs one
        // fsync, shared with the writers that commit meanwhile, instead of a log fsync of its own as well
        boolean writeAhead = engine.syncs() && payload != null && payload.length <= StoreEngine.INLINE_LIMIT;
        engine.write(s -> {
            if (withId) {
                if (s.run(runId) == null) {
                    running(s, runId, "metrics"); // throws NotFoundException
                }
                String stored = s.metricRequests.getOrDefault(runId, Map.of()).get(requestId);
                if (stored != null) {
                    io.mllifecycle.store.spi.RequestIds.checkRepeat(requestId, "metrics of run " + runId, stored,
                            batch, fingerprint);
                    return null;
                }
            }
            RunRecord r = running(s, runId, "metrics");
            if (batch.isEmpty()) {
                return null;
            }
            Map<String, MetricPoint> changed = new TreeMap<>();
            // a loop's batch repeats one key many times in a row: the map is touched when the key changes
            String key = null;
            MetricPoint latest = null;
            for (MetricPoint p : batch) {
                if (p.key().equals(key)) {
                    latest = TrackingRules.later(latest, p);
                    continue;
                }
                if (key != null) {
                    changed.put(key, latest);
                }
                key = p.key();
                MetricPoint before = changed.containsKey(key) ? changed.get(key) : r.latestMetrics().get(key);
                latest = before == null ? p : TrackingRules.later(before, p);
            }
            if (key != null) {
                changed.put(key, latest);
            }
            StoreState.RunSlot slot = s.runs.get(runId);
            long length = engine.appendMetrics(runId, slot.metricLength, slot.metricSynced, frame, writeAhead);
            Event.Metrics commit = new Event.Metrics(runId, changed, length, engine.syncs() && !writeAhead,
                    TrackingRules.heartbeat(), writeAhead ? payload : null);
            engine.commit(withId ? List.of(commit, new Event.MetricRequest(runId, requestId, fingerprint))
                    : List.of(commit));
            return null;
        });
    }

    @Override
    public void putDataset(DatasetVersion dataset) {
        Checks.notNull("dataset", dataset);
        engine.write(s -> {
            DatasetVersion existing = s.datasets.getOrDefault(dataset.name(), Map.of()).get(dataset.digest());
            if (existing != null && !existing.equals(dataset)) {
                throw new ConflictException("dataset '" + dataset.name() + "' version " + dataset.digest()
                        + " is already stored with other metadata");
            }
            if (existing == null) {
                engine.commit(List.of(new Event.Dataset(dataset)));
            }
            return null;
        });
    }

    @Override
    public void logInputs(String runId, List<RunInput> inputs) {
        Checks.notNull("inputs", inputs);
        for (int i = 0; i < inputs.size(); i++) {
            Checks.notNull("inputs[" + i + "]", inputs.get(i));
        }
        Checks.notNull("runId", runId);
        engine.write(s -> {
            for (RunInput in : inputs) {
                dataset(s, in.datasetName(), in.datasetDigest());
            }
            RunRecord r = running(s, runId, "inputs");
            List<RunInput> merged = new ArrayList<>(r.inputs());
            for (RunInput in : inputs) {
                if (!merged.contains(in)) {
                    merged.add(in);
                }
            }
            if (merged.size() > r.inputs().size()) {
                engine.commit(List.of(new Event.Run(beat(r.withInputs(merged)))));
            }
            return null;
        });
    }

    @Override
    public void recordArtifact(String runId, String path, String digest) {
        Checks.artifactPath("path", path);
        Checks.digest("digest", digest);
        Checks.notNull("runId", runId);
        engine.write(s -> {
            RunRecord r = running(s, runId, "artifacts");
            Map<String, String> merged = new TreeMap<>(r.artifacts());
            TrackingRules.mergeWriteOnce(runId, "artifact path", merged, Map.of(path, digest));
            if (!merged.equals(r.artifacts())) {
                engine.commit(List.of(new Event.Run(beat(r.withArtifacts(merged)))));
            }
            return null;
        });
    }

    @Override
    public RunRecord endRun(String runId, RunStatus status, Instant endTime, String failure) {
        TrackingRules.checkEnd(status, endTime, failure);
        Checks.notNull("runId", runId);
        return engine.write(s -> {
            RunRecord ended = beat(running(s, runId, "its end").ended(status, endTime, failure));
            engine.commit(List.of(new Event.Run(ended)));
            return ended;
        });
    }

    /** @return {@code r} with its heartbeat set to now: every write to a run is a heartbeat */
    static RunRecord beat(RunRecord r) {
        return r.withHeartbeat(TrackingRules.heartbeat());
    }

    /**
     * Commits {@code changes} and the audit events chained from {@code entries} after the current head as one
     * journal record, as the registry's audited writes do.
     */
    void commitAudited(StoreState s, List<AuditEntry> entries, List<Event> changes) {
        AuditEvent head = s.audit.isEmpty() ? null : s.audit.get(s.audit.size() - 1);
        List<AuditEvent> chained = RegistryRules.chain(entries, head == null ? 0 : head.sequence(),
                head == null ? AuditChain.GENESIS : head.hash());
        List<Event> events = new ArrayList<>(changes);
        chained.forEach(e -> events.add(new Event.Audit(e)));
        if (!events.isEmpty()) {
            engine.commit(events);
        }
    }

    static RunRecord running(StoreState s, String runId, String what) {
        RunRecord r = run(s, runId);
        TrackingRules.requireRunning(r, what);
        return r;
    }

    static ExperimentRecord experiment(StoreState s, String experimentId) {
        ExperimentRecord e = s.experiments.get(experimentId);
        if (e == null) {
            throw new NotFoundException("experiment with id " + Checks.quote(experimentId) + " does not exist");
        }
        return e;
    }

    static RunRecord run(StoreState s, String runId) {
        RunRecord r = s.run(runId);
        if (r == null) {
            throw new NotFoundException("run " + Checks.quote(runId) + " does not exist");
        }
        return r;
    }

    static DatasetVersion dataset(StoreState s, String name, String digest) {
        DatasetVersion d = s.datasets.getOrDefault(name, Map.of()).get(digest);
        if (d == null) {
            throw new NotFoundException("dataset '" + name + "' has no version " + digest);
        }
        return d;
    }
}
