package io.mllifecycle.store.file;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.spi.Ids;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.spi.RunMatcher;
import io.mllifecycle.store.spi.RunSearch;
import io.mllifecycle.store.spi.TrackingRules;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.store.spi.RegistryRules;
import java.time.Instant;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link TrackingStore} over the journal (experiments, runs, datasets) and the metric logs. Runs are
 * found and searched in the in-memory index the journal maintains; only metric history reads a run's
 * own file.
 */
final class FileTrackingStore extends FileRunWrites {

    FileTrackingStore(StoreEngine engine) {
        super(engine);
    }

    @Override
    public ExperimentRecord createExperiment(String name, String description, Map<String, String> tags,
                                             Instant createdAt) {
        Checks.name("experiment name", name);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("createdAt", createdAt);
        return engine.write(s -> {
            if (s.experimentIdsByName.containsKey(name)) {
                throw new ConflictException("experiment '" + name + "' already exists");
            }
            ExperimentRecord e = new ExperimentRecord(Ids.next(createdAt), name, description, tags, createdAt, false);
            engine.commit(List.of(new Event.Experiment(e)));
            return e;
        });
    }

    @Override
    public ExperimentRecord getExperiment(String experimentId) {
        Checks.notNull("experimentId", experimentId);
        return engine.read(s -> experiment(s, experimentId));
    }

    @Override
    public Optional<ExperimentRecord> findExperiment(String name) {
        Checks.notNull("name", name);
        return engine.read(s -> Optional.ofNullable(s.experimentIdsByName.get(name)).map(s.experiments::get));
    }

    @Override
    public List<ExperimentRecord> listExperiments(ViewType view) {
        Checks.notNull("view", view);
        return engine.read(s -> s.experiments.values().stream().filter(e -> view.shows(e.deleted()))
                .sorted(Comparator.comparing(ExperimentRecord::name)).toList());
    }

    @Override
    public ExperimentRecord setExperimentTags(String experimentId, Map<String, String> tags) {
        Checks.tags("tags", tags);
        Checks.notNull("experimentId", experimentId);
        return engine.write(s -> {
            ExperimentRecord e = experiment(s, experimentId);
            Map<String, String> merged = new TreeMap<>(e.tags());
            merged.putAll(tags);
            ExperimentRecord updated = new ExperimentRecord(e.id(), e.name(), e.description(), merged, e.createdAt(),
                    e.archived(), e.deletedAt());
            engine.commit(List.of(new Event.Experiment(updated)));
            return updated;
        });
    }

    @Override
    public ExperimentRecord setExperimentArchived(String experimentId, boolean archived) {
        Checks.notNull("experimentId", experimentId);
        return engine.write(s -> {
            ExperimentRecord e = experiment(s, experimentId);
            ExperimentRecord updated = new ExperimentRecord(e.id(), e.name(), e.description(), e.tags(), e.createdAt(),
                    archived, e.deletedAt());
            engine.commit(List.of(new Event.Experiment(updated)));
            return updated;
        });
    }

    @Override
    public RunRecord createRun(NewRun spec) {
        Checks.notNull("run", spec);
        return engine.write(s -> {
            TrackingRules.requireExperimentActive(experiment(s, spec.experimentId()));
            RunRecord parent = spec.parentRunId() == null ? null : run(s, spec.parentRunId());
            RunRecord run = beat(TrackingRules.firstRecord(Ids.next(spec.startTime()), spec, parent));
            engine.commit(List.of(new Event.Run(run)));
            return run;
        });
    }

    @Override
    public RunRecord getRun(String runId) {
        Checks.notNull("runId", runId);
        return engine.read(s -> run(s, runId));
    }

    @Override
    public List<MetricPoint> metricHistory(String runId, String key, long fromStep, long toStep) {
        Checks.key("metric key", key);
        TrackingRules.checkStepRange(fromStep, toStep);
        Checks.notNull("runId", runId);
        long[] committed = new long[1];
        boolean[] synced = new boolean[1];
        engine.read(s -> {
            run(s, runId);
            committed[0] = s.runs.get(runId).metricLength;
            synced[0] = s.runs.get(runId).metricSynced;
            return null;
        });
        // committed bytes never change, so the log is read without holding the lock
        return engine.metrics.read(runId, committed[0], synced[0]).stream()
                .filter(p -> p.key().equals(key) && p.step() >= fromStep && p.step() <= toStep).toList();
    }

    @Override
    public Map<String, MetricPoint> latestMetrics(String runId) {
        return getRun(runId).latestMetrics();
    }

    @Override
    public DatasetVersion getDataset(String name, String digest) {
        Checks.notNull("name", name);
        Checks.notNull("digest", digest);
        return engine.read(s -> dataset(s, name, digest));
    }

    @Override
    public List<DatasetVersion> listDatasetVersions(String name) {
        Checks.notNull("name", name);
        return engine.read(s -> List.copyOf(s.datasets.getOrDefault(name, Map.of()).values()));
    }

    /** Runs whose records a search loads together (see searchRuns). */
    private static final int BLOCK = 64;
    /** Keeps the JIT from dropping the loads that bring a block's metric maps into cache. */
    @SuppressWarnings("unused")
    private static volatile int blackhole;

    @Override
    public RunPage searchRuns(RunQuery query) {
        Checks.notNull("query", query);
        return engine.read(s -> {
            List<String> experiments = query.allExperiments() ? List.copyOf(s.runsByExperiment.keySet())
                    : query.experimentIds();
            for (String id : query.experimentIds()) {
                experiment(s, id);
            }
            List<RunRecord> matching = new ArrayList<>();
            for (String experimentId : experiments) {
                ExperimentRecord experiment = s.experiments.get(experimentId);
                boolean experimentDeleted = experiment != null && experiment.deleted();
                StoreState.Candidates candidates = s.candidates(experimentId, query.filter());
                List<io.mllifecycle.store.Comparison> clauses = new ArrayList<>(query.filter().clauses());
                clauses.remove(candidates.satisfied()); // every candidate passes it: its index bucket
                // In blocks, one step of the reference chain slot -> record -> metrics map for the whole block
                // before the next: the loads of a block are independent, so the CPU overlaps their cache
                // misses, where one run at a time waits for each in turn (at 10^6 runs nearly every run's
                // objects are out of cache; this halves the time of a search over an index bucket).
                List<StoreState.RunSlot> slots = candidates.slots();
                RunRecord[] block = new RunRecord[BLOCK];
                for (int from = 0; from < slots.size(); from += BLOCK) {
                    int n = Math.min(BLOCK, slots.size() - from);
                    for (int i = 0; i < n; i++) {
                        block[i] = slots.get(from + i).run;
                    }
                    int shown = 0;
                    for (int i = 0; i < n; i++) {
                        if (query.shows(block[i], experimentDeleted)) {
                            block[shown++] = block[i];
                        }
                    }
                    int touched = 0;
                    for (int i = 0; i < shown; i++) {
                        touched += block[i].latestMetrics().size();
                    }
                    blackhole = touched;
                    candidates:
                    for (int i = 0; i < shown; i++) {
                        for (io.mllifecycle.store.Comparison c : clauses) {
                            if (!RunMatcher.matches(c, block[i])) {
                                continue candidates;
                            }
                        }
                        matching.add(block[i]);
                    }
                }
            }
            return RunSearch.page(matching, query);
        });
    }

    @Override
    public List<RunRecord> childRuns(String parentRunId) {
        Checks.notNull("parentRunId", parentRunId);
        return engine.read(s -> {
            RunRecord parent = run(s, parentRunId);
            return s.runsByExperiment.getOrDefault(parent.experimentId(), List.of()).stream().map(slot -> slot.run)
                    .filter(r -> parentRunId.equals(r.parentRunId()))
                    .sorted(Comparator.comparing(RunRecord::id)).toList();
        });
    }

    @Override
    public java.util.Set<String> referencedDigests() {
        return engine.read(s -> {
            java.util.Set<String> out = new java.util.TreeSet<>();
            s.runs.values().forEach(slot -> out.addAll(slot.run.artifacts().values()));
            s.datasets.values().forEach(byDigest -> out.addAll(byDigest.keySet()));
            s.datasets.values().forEach(byDigest -> byDigest.values().stream().filter(d -> d.profile() != null)
                    .forEach(d -> out.add(d.profile().digest())));
            return out;
        });
    }

    @Override
    public ExperimentRecord deleteExperiment(String experimentId, Instant at, List<AuditEntry> audit) {
        Checks.notNull("at", at);
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("experimentId", experimentId);
        return engine.write(s -> {
            ExperimentRecord e = experiment(s, experimentId);
            TrackingRules.checkDeleteExperiment(e);
            ExperimentRecord deleted = e.withDeletedAt(at);
            commitAudited(s, entries, List.of(new Event.Experiment(deleted)));
            return deleted;
        });
    }

    @Override
    public ExperimentRecord restoreExperiment(String experimentId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("experimentId", experimentId);
        return engine.write(s -> {
            ExperimentRecord e = experiment(s, experimentId);
            TrackingRules.checkRestoreExperiment(e);
            ExperimentRecord restored = e.withDeletedAt(null);
            commitAudited(s, entries, List.of(new Event.Experiment(restored)));
            return restored;
        });
    }

    @Override
    public RunRecord deleteRun(String runId, Instant at, List<AuditEntry> audit) {
        Checks.notNull("at", at);
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("runId", runId);
        return engine.write(s -> {
            RunRecord r = run(s, runId);
            TrackingRules.checkDeleteRun(r);
            RunRecord deleted = beat(r.withDeletedAt(at));
            commitAudited(s, entries, List.of(new Event.Run(deleted)));
            return deleted;
        });
    }

    @Override
    public RunRecord restoreRun(String runId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("runId", runId);
        return engine.write(s -> {
            RunRecord r = run(s, runId);
            TrackingRules.checkRestoreRun(r, experiment(s, r.experimentId()));
            RunRecord restored = beat(r.withDeletedAt(null));
            commitAudited(s, entries, List.of(new Event.Run(restored)));
            return restored;
        });
    }

    @Override
    public void purgeRun(String runId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("runId", runId);
        engine.write(s -> {
            RunRecord r = run(s, runId);
            int children = (int) s.runsByExperiment.getOrDefault(r.experimentId(), List.of()).stream()
                    .filter(slot -> runId.equals(slot.run.parentRunId())).count();
            TrackingRules.checkPurgeRun(r, experiment(s, r.experimentId()), children);
            boolean hasLog = s.runs.get(runId).metricLength > 0;
            commitAudited(s, entries, List.of(new Event.RunPurged(runId)));
            if (hasLog) {
                // after the commit: a crash in between leaves a log no record names, which is never read
                engine.metrics.forget(Layout.metricLog(engine.root, runId), runId);
            }
            return null;
        });
    }

    @Override
    public void purgeExperiment(String experimentId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("experimentId", experimentId);
        engine.write(s -> {
            ExperimentRecord e = experiment(s, experimentId);
            TrackingRules.checkPurgeExperiment(e, s.runsByExperiment.getOrDefault(experimentId, List.of()).size());
            commitAudited(s, entries, List.of(new Event.ExperimentPurged(experimentId)));
            return null;
        });
    }

    @Override
    public List<RunRecord> killStaleRuns(Instant heartbeatBefore, Instant endTime, String failure,
                                         Function<List<RunRecord>, List<AuditEntry>> audit) {
        TrackingRules.checkKillStale(heartbeatBefore, endTime, failure);
        Checks.notNull("audit", audit);
        return engine.write(s -> {
            Instant now = TrackingRules.heartbeat();
            List<RunRecord> ended = new ArrayList<>();
            for (StoreState.RunSlot slot : s.runs.values()) {
                if (TrackingRules.stale(slot.run, heartbeatBefore)) {
                    ended.add(slot.run.ended(RunStatus.KILLED, endTime, failure).withHeartbeat(now));
                }
            }
            ended.sort(Comparator.comparing(RunRecord::id));
            List<RunRecord> result = List.copyOf(ended);
            List<AuditEntry> entries = TrackingRules.auditOf(audit, result);
            List<Event> events = new ArrayList<>();
            result.forEach(r -> events.add(new Event.Run(r)));
            commitAudited(s, entries, events);
            return result;
        });
    }
}
