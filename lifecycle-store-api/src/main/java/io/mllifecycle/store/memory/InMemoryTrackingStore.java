package io.mllifecycle.store.memory;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.spi.Ids;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.spi.RunMatcher;
import io.mllifecycle.store.spi.RunSearch;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.spi.RequestIds;
import io.mllifecycle.store.spi.TrackingRules;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.store.spi.RegistryRules;
import java.time.Instant;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * In-memory {@link TrackingStore}; every method is synchronized, so writes are atomic and ordered. The run
 * lifecycle's audit events go to the chain of the registry store given at construction, appended inside the
 * same critical section (lock order: this store, then the registry, which never calls back).
 */
public final class InMemoryTrackingStore implements TrackingStore {
    private final InMemoryRegistryStore auditChain;
    private final Map<String, ExperimentRecord> experiments = new HashMap<>();
    private final Map<String, RunRecord> runs = new LinkedHashMap<>();
    private final Map<String, Map<String, List<MetricPoint>>> series = new HashMap<>();
    private final Map<String, Map<String, DatasetVersion>> datasets = new TreeMap<>();
    /** run id → request id → fingerprint of the metric batch first logged with it */
    private final Map<String, Map<String, String>> metricRequests = new HashMap<>();

    /** A tracking store whose lifecycle audit events go to a registry store of its own (a stand-alone store). */
    public InMemoryTrackingStore() {
        this(new InMemoryRegistryStore());
    }

    /** A tracking store whose lifecycle audit events are appended to {@code auditChain}'s chain. */
    public InMemoryTrackingStore(InMemoryRegistryStore auditChain) {
        this.auditChain = Checks.notNull("auditChain", auditChain);
    }

    @Override
    public synchronized ExperimentRecord createExperiment(String name, String description, Map<String, String> tags,
                                                          Instant createdAt) {
        Checks.name("experiment name", name);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("createdAt", createdAt);
        if (findExperiment(name).isPresent()) {
            throw new ConflictException("experiment '" + name + "' already exists");
        }
        ExperimentRecord e = new ExperimentRecord(Ids.next(createdAt), name, description, tags, createdAt, false);
        experiments.put(e.id(), e);
        return e;
    }

    @Override
    public synchronized ExperimentRecord getExperiment(String experimentId) {
        Checks.notNull("experimentId", experimentId);
        ExperimentRecord e = experiments.get(experimentId);
        if (e == null) {
            throw new NotFoundException("experiment with id " + Checks.quote(experimentId) + " does not exist");
        }
        return e;
    }

    @Override
    public synchronized Optional<ExperimentRecord> findExperiment(String name) {
        Checks.notNull("name", name);
        return experiments.values().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    @Override
    public synchronized List<ExperimentRecord> listExperiments(ViewType view) {
        Checks.notNull("view", view);
        return experiments.values().stream().filter(e -> view.shows(e.deleted()))
                .sorted(Comparator.comparing(ExperimentRecord::name)).toList();
    }

    @Override
    public synchronized ExperimentRecord setExperimentTags(String experimentId, Map<String, String> tags) {
        Checks.tags("tags", tags);
        ExperimentRecord e = getExperiment(experimentId);
        Map<String, String> merged = new TreeMap<>(e.tags());
        merged.putAll(tags);
        ExperimentRecord updated = new ExperimentRecord(e.id(), e.name(), e.description(), merged, e.createdAt(),
                e.archived(), e.deletedAt());
        experiments.put(e.id(), updated);
        return updated;
    }

    @Override
    public synchronized ExperimentRecord setExperimentArchived(String experimentId, boolean archived) {
        ExperimentRecord e = getExperiment(experimentId);
        ExperimentRecord updated = new ExperimentRecord(e.id(), e.name(), e.description(), e.tags(), e.createdAt(),
                archived, e.deletedAt());
        experiments.put(e.id(), updated);
        return updated;
    }

    @Override
    public synchronized RunRecord createRun(NewRun spec) {
        Checks.notNull("run", spec);
        TrackingRules.requireExperimentActive(getExperiment(spec.experimentId()));
        RunRecord parent = spec.parentRunId() == null ? null : getRun(spec.parentRunId());
        RunRecord run = TrackingRules.firstRecord(Ids.next(spec.startTime()), spec, parent)
                .withHeartbeat(TrackingRules.heartbeat());
        runs.put(run.id(), run);
        return run;
    }

    @Override
    public synchronized RunRecord getRun(String runId) {
        Checks.notNull("runId", runId);
        RunRecord r = runs.get(runId);
        if (r == null) {
            throw new NotFoundException("run " + Checks.quote(runId) + " does not exist");
        }
        return r;
    }

    @Override
    public synchronized void logParams(String runId, Map<String, String> params) {
        Checks.notNull("params", params);
        params.forEach((k, v) -> {
            Checks.key("param key", k);
            Checks.paramValue("param '" + k + "'", v);
        });
        RunRecord r = running(runId, "params");
        Map<String, String> merged = new TreeMap<>(r.params());
        TrackingRules.mergeWriteOnce(runId, "param", merged, params);
        beat(r.withParams(merged));
    }

    @Override
    public synchronized void setTags(String runId, Map<String, String> tags) {
        Checks.tags("tags", tags);
        RunRecord r = getRun(runId);
        Map<String, String> merged = new TreeMap<>(r.tags());
        merged.putAll(tags);
        beat(r.withTags(merged));
    }

    @Override
    public synchronized boolean deleteTag(String runId, String key) {
        Checks.key("tag key", key);
        RunRecord r = getRun(runId);
        if (!r.tags().containsKey(key)) {
            return false;
        }
        Map<String, String> rest = new TreeMap<>(r.tags());
        rest.remove(key);
        beat(r.withTags(rest));
        return true;
    }

    @Override
    public synchronized void logMetrics(String runId, List<MetricPoint> points) {
        Checks.notNull("points", points);
        for (int i = 0; i < points.size(); i++) {
            Checks.element("points", i, points.get(i));
        }
        RunRecord r = running(runId, "metrics");
        if (points.isEmpty()) {
            return;
        }
        Map<String, List<MetricPoint>> byKey = series.computeIfAbsent(runId, k -> new HashMap<>());
        Map<String, MetricPoint> latest = new TreeMap<>(r.latestMetrics());
        for (MetricPoint p : points) {
            byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
            latest.merge(p.key(), p, TrackingRules::later);
        }
        beat(r.withLatestMetrics(latest));
    }

    @Override
    public synchronized void logMetrics(String runId, List<MetricPoint> points, String requestId) {
        Checks.notNull("points", points);
        for (int i = 0; i < points.size(); i++) {
            Checks.element("points", i, points.get(i));
        }
        Checks.name("requestId", requestId);
        getRun(runId);
        String fingerprint = RequestIds.fingerprint(points);
        String stored = metricRequests.getOrDefault(runId, Map.of()).get(requestId);
        if (stored != null) {
            RequestIds.checkRepeat(requestId, "metrics of run " + runId, stored, points, fingerprint);
            return;
        }
        logMetrics(runId, points);
        metricRequests.computeIfAbsent(runId, k -> new HashMap<>()).put(requestId, fingerprint);
    }

    @Override
    public synchronized List<MetricPoint> metricHistory(String runId, String key, long fromStep, long toStep) {
        Checks.key("metric key", key);
        TrackingRules.checkStepRange(fromStep, toStep);
        getRun(runId);
        List<MetricPoint> all = series.getOrDefault(runId, Map.of()).getOrDefault(key, List.of());
        return all.stream().filter(p -> p.step() >= fromStep && p.step() <= toStep).toList();
    }

    @Override
    public synchronized Map<String, MetricPoint> latestMetrics(String runId) {
        return getRun(runId).latestMetrics();
    }

    @Override
    public synchronized void putDataset(DatasetVersion dataset) {
        Checks.notNull("dataset", dataset);
        Map<String, DatasetVersion> versions = datasets.computeIfAbsent(dataset.name(), k -> new LinkedHashMap<>());
        DatasetVersion existing = versions.get(dataset.digest());
        if (existing != null && !existing.equals(dataset)) {
            throw new ConflictException("dataset '" + dataset.name() + "' version " + dataset.digest()
                    + " is already stored with other metadata");
        }
        versions.putIfAbsent(dataset.digest(), dataset);
    }

    @Override
    public synchronized DatasetVersion getDataset(String name, String digest) {
        Checks.notNull("name", name);
        Checks.notNull("digest", digest);
        DatasetVersion d = datasets.getOrDefault(name, Map.of()).get(digest);
        if (d == null) {
            throw new NotFoundException("dataset '" + name + "' has no version " + digest);
        }
        return d;
    }

    @Override
    public synchronized List<DatasetVersion> listDatasetVersions(String name) {
        Checks.notNull("name", name);
        return List.copyOf(datasets.getOrDefault(name, Map.of()).values());
    }

    @Override
    public synchronized void logInputs(String runId, List<RunInput> inputs) {
        Checks.notNull("inputs", inputs);
        for (int i = 0; i < inputs.size(); i++) {
            RunInput in = Checks.notNull("inputs[" + i + "]", inputs.get(i));
            getDataset(in.datasetName(), in.datasetDigest());
        }
        RunRecord r = running(runId, "inputs");
        List<RunInput> merged = new ArrayList<>(r.inputs());
        for (RunInput in : inputs) {
            if (!merged.contains(in)) {
                merged.add(in);
            }
        }
        beat(r.withInputs(merged));
    }

    @Override
    public synchronized void recordArtifact(String runId, String path, String digest) {
        Checks.artifactPath("path", path);
        Checks.digest("digest", digest);
        RunRecord r = running(runId, "artifacts");
        Map<String, String> merged = new TreeMap<>(r.artifacts());
        TrackingRules.mergeWriteOnce(runId, "artifact path", merged, Map.of(path, digest));
        beat(r.withArtifacts(merged));
    }

    @Override
    public synchronized RunRecord endRun(String runId, RunStatus status, Instant endTime, String failure) {
        TrackingRules.checkEnd(status, endTime, failure);
        RunRecord r = running(runId, "its end");
        return beat(r.ended(status, endTime, failure));
    }

    @Override
    public synchronized RunPage searchRuns(RunQuery query) {
        Checks.notNull("query", query);
        query.experimentIds().forEach(this::getExperiment);
        List<RunRecord> matching = runs.values().stream()
                .filter(r -> query.shows(r, experiments.get(r.experimentId()).deleted()))
                .filter(r -> RunMatcher.matches(query, r)).toList();
        return RunSearch.page(matching, query);
    }

    @Override
    public synchronized List<RunRecord> childRuns(String parentRunId) {
        getRun(parentRunId);
        return runs.values().stream().filter(r -> parentRunId.equals(r.parentRunId()))
                .sorted(Comparator.comparing(RunRecord::id)).toList();
    }

    /** Stores {@code r} with its heartbeat set to now: every write to a run is a heartbeat. */
    private RunRecord beat(RunRecord r) {
        RunRecord stamped = r.withHeartbeat(TrackingRules.heartbeat());
        runs.put(r.id(), stamped);
        return stamped;
    }

    @Override
    public synchronized ExperimentRecord deleteExperiment(String experimentId, Instant at, List<AuditEntry> audit) {
        Checks.notNull("at", at);
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        ExperimentRecord e = getExperiment(experimentId);
        TrackingRules.checkDeleteExperiment(e);
        auditChain.appendAudit(entries);
        ExperimentRecord deleted = e.withDeletedAt(at);
        experiments.put(e.id(), deleted);
        return deleted;
    }

    @Override
    public synchronized ExperimentRecord restoreExperiment(String experimentId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        ExperimentRecord e = getExperiment(experimentId);
        TrackingRules.checkRestoreExperiment(e);
        auditChain.appendAudit(entries);
        ExperimentRecord restored = e.withDeletedAt(null);
        experiments.put(e.id(), restored);
        return restored;
    }

    @Override
    public synchronized RunRecord deleteRun(String runId, Instant at, List<AuditEntry> audit) {
        Checks.notNull("at", at);
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        RunRecord r = getRun(runId);
        TrackingRules.checkDeleteRun(r);
        auditChain.appendAudit(entries);
        return beat(r.withDeletedAt(at));
    }

    @Override
    public synchronized RunRecord restoreRun(String runId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        RunRecord r = getRun(runId);
        TrackingRules.checkRestoreRun(r, getExperiment(r.experimentId()));
        auditChain.appendAudit(entries);
        return beat(r.withDeletedAt(null));
    }

    @Override
    public synchronized void purgeRun(String runId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        RunRecord r = getRun(runId);
        int children = (int) runs.values().stream().filter(c -> runId.equals(c.parentRunId())).count();
        TrackingRules.checkPurgeRun(r, getExperiment(r.experimentId()), children);
        auditChain.appendAudit(entries);
        runs.remove(runId);
        series.remove(runId);
        metricRequests.remove(runId);
    }

    @Override
    public synchronized void purgeExperiment(String experimentId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        ExperimentRecord e = getExperiment(experimentId);
        int count = (int) runs.values().stream().filter(r -> experimentId.equals(r.experimentId())).count();
        TrackingRules.checkPurgeExperiment(e, count);
        auditChain.appendAudit(entries);
        experiments.remove(experimentId);
    }

    @Override
    public synchronized List<RunRecord> killStaleRuns(Instant heartbeatBefore, Instant endTime, String failure,
                                                      Function<List<RunRecord>, List<AuditEntry>> audit) {
        TrackingRules.checkKillStale(heartbeatBefore, endTime, failure);
        Checks.notNull("audit", audit);
        List<RunRecord> ended = new ArrayList<>();
        Instant now = TrackingRules.heartbeat();
        for (RunRecord r : runs.values()) {
            if (TrackingRules.stale(r, heartbeatBefore)) {
                ended.add(r.ended(RunStatus.KILLED, endTime, failure).withHeartbeat(now));
            }
        }
        ended.sort(Comparator.comparing(RunRecord::id));
        List<RunRecord> result = List.copyOf(ended);
        auditChain.appendAudit(TrackingRules.auditOf(audit, result));
        result.forEach(r -> runs.put(r.id(), r));
        return result;
    }

    private RunRecord running(String runId, String what) {
        RunRecord r = getRun(runId);
        TrackingRules.requireRunning(r, what);
        return r;
    }

    @Override
    public synchronized Set<String> referencedDigests() {
        Set<String> out = new TreeSet<>();
        runs.values().forEach(r -> out.addAll(r.artifacts().values()));
        datasets.values().forEach(byDigest -> out.addAll(byDigest.keySet()));
        datasets.values().forEach(byDigest -> byDigest.values().stream().filter(d -> d.profile() != null)
                .forEach(d -> out.add(d.profile().digest())));
        return out;
    }
}
