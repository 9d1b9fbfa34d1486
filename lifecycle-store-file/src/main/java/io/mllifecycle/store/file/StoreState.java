package io.mllifecycle.store.file;

import io.mllifecycle.store.Comparison;
import io.mllifecycle.store.RunField;
import io.mllifecycle.store.RunFilter;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.TransitionRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything but metric series and blob bytes, materialised in memory from the journal: the index that
 * lets searches and lookups answer without touching per-run files. Not thread-safe; the engine guards
 * it with its lock. Applying an event that contradicts the state (a version number out of order, an
 * audit event that does not link) throws {@link IllegalStateException}, which the journal reports as
 * damage.
 */
final class StoreState {
    final Map<String, ExperimentRecord> experiments = new HashMap<>();
    final Map<String, String> experimentIdsByName = new HashMap<>();
    final Map<String, RunSlot> runs = new HashMap<>();
    final Map<String, List<RunSlot>> runsByExperiment = new HashMap<>();
    /** experiment → param key → value → runs: params are write-once, so entries are only ever added. */
    private final Map<String, Map<String, Map<String, List<RunSlot>>>> runsByParam = new HashMap<>();
    final Map<String, Map<String, DatasetVersion>> datasets = new TreeMap<>();
    final Map<String, ArtifactInfo> blobs = new HashMap<>();
    final Map<String, RegisteredModelRecord> models = new TreeMap<>();
    final Map<String, List<ModelVersionRecord>> versions = new HashMap<>();
    final Map<String, List<AliasChange>> aliasHistory = new HashMap<>();
    final List<AuditEvent> audit = new ArrayList<>();
    /** scope → every revision of its policy, oldest first */
    final Map<String, List<PolicyRecord>> policies = new HashMap<>();
    /** model → request id → the registration first made with it */
    final Map<String, Map<String, Event.VersionRequest>> versionRequests = new HashMap<>();
    /** run → request id → fingerprint of the metric batch first committed with it */
    final Map<String, Map<String, String>> metricRequests = new HashMap<>();
    /** id → request, in the order the requests were created */
    final Map<String, TransitionRequest> requests = new LinkedHashMap<>();
    /** deleted models: their records stay (so their names are not given again) but reads skip them */
    final java.util.Set<String> deletedModels = new java.util.TreeSet<>();
    /** model → numbers of its deleted versions, skipped by reads */
    final Map<String, java.util.Set<Integer>> deletedVersions = new HashMap<>();
    long generation;
    /**
     * Runs whose logs received a write-ahead batch ({@link Event.Metrics#inline()}) since this journal began:
     * their logs may not be on disk yet, so compaction, which drops the journal's copies, forces them first.
     */
    final java.util.Set<String> unforcedLogs = new java.util.HashSet<>();
    /**
     * While set (only while a store is being opened), the write-ahead batches replayed, per run in log order,
     * for {@link MetricLogs#repair}; left unset afterwards so that the journal's copies are not held in memory.
     */
    Map<String, List<InlineBatch>> inlineBatches;

    /** A write-ahead batch: its payload was appended to the run's log as one frame ending at {@code end}. */
    record InlineBatch(long end, byte[] payload) {}
    /**
     * Canonical copies of the strings runs repeat (keys, experiment ids, sources, and param and tag values
     * of sweeps), so that 10^6 indexed runs share them instead of each holding its own copy decoded from
     * the journal. Bounded: past {@link #POOL_LIMIT} distinct strings new ones are kept as they are.
     */
    private final Map<String, String> pool = new HashMap<>();
    static final int POOL_LIMIT = 1 << 17;
    /** Canonical sources: runs of one host and code version share one record (bounded as {@link #pool}). */
    private final Map<RunSource, RunSource> sources = new HashMap<>();

    /**
     * A run's current record and its metric log's committed length. The lists of the index hold slots,
     * so a search walks them without a map lookup per run.
     */
    static final class RunSlot {
        RunRecord run;
        long metricLength;
        boolean metricSynced = true;

        RunSlot(RunRecord run) {
            this.run = run;
        }
    }

    /** @return the run with this id, or null */
    RunRecord run(String id) {
        RunSlot slot = runs.get(id);
        return slot == null ? null : slot.run;
    }

    void apply(Event event) {
        if (event instanceof Event.Header h) {
            if (h.format() < FormatFile.OLDEST || h.format() > FormatFile.VERSION || h.generation() < 1) {
                throw new IllegalStateException("header of format " + h.format() + ", generation " + h.generation()
                        + " is not one this store writes (format " + FormatFile.OLDEST + "–" + FormatFile.VERSION
                        + ", generation ≥ 1)");
            }
            generation = h.generation();
        } else if (event instanceof Event.Experiment e) {
            ExperimentRecord old = experiments.put(e.experiment().id(), e.experiment());
            if (old != null) {
                experimentIdsByName.remove(old.name());
            }
            experimentIdsByName.put(e.experiment().name(), e.experiment().id());
        } else if (event instanceof Event.Run r) {
            RunSlot slot = runs.get(r.run().id());
            Map<String, String> before = Map.of();
            RunRecord run = compact(r.run(), slot == null ? null : slot.run);
            if (slot == null) {
                slot = new RunSlot(run);
                runs.put(run.id(), slot);
                runsByExperiment.computeIfAbsent(run.experimentId(), k -> new ArrayList<>()).add(slot);
            } else {
                before = slot.run.params();
                slot.run = run;
            }
            indexParams(before, slot);
        } else if (event instanceof Event.Metrics m) {
            RunSlot slot = runs.get(m.runId());
            if (slot == null) {
                throw new IllegalStateException("metrics for unknown run " + m.runId());
            }
            if (m.length() <= Frames.HEADER || m.latest() == null) {
                throw new IllegalStateException("metric log length of run " + m.runId() + " must be more than "
                        + Frames.HEADER + " bytes (one framed batch), but was " + m.length());
            }
            m.latest().forEach((k, p) -> {
                if (p == null || !p.key().equals(k)) {
                    throw new IllegalStateException("latest metric '" + k + "' of run " + m.runId() + " is " + p);
                }
            });
            if (!m.latest().isEmpty()) {
                Map<String, MetricPoint> latest = new TreeMap<>(slot.run.latestMetrics());
                m.latest().forEach((k, p) -> latest.put(intern(k), new MetricPoint(intern(k), p.value(), p.step(),
                        p.timestamp())));
                slot.run = slot.run.withLatestMetrics(latest);
            }
            if (m.heartbeat() != null) {
                slot.run = slot.run.withHeartbeat(m.heartbeat());
            }
            slot.metricLength = m.length();
            slot.metricSynced = m.synced();
            if (m.inline() != null) {
                unforcedLogs.add(m.runId());
                if (inlineBatches != null) {
                    inlineBatches.computeIfAbsent(m.runId(), k -> new ArrayList<>())
                            .add(new InlineBatch(m.length(), m.inline()));
                }
            }
        } else if (event instanceof Event.Dataset d) {
            datasets.computeIfAbsent(d.dataset().name(), k -> new LinkedHashMap<>()).put(d.dataset().digest(), d.dataset());
        } else if (event instanceof Event.Blob b) {
            blobs.put(b.info().digest(), b.info());
        } else if (event instanceof Event.BlobDeleted b) {
            blobs.remove(b.digest());
        } else if (event instanceof Event.Model m) {
            models.put(m.model().name(), m.model());
            versions.computeIfAbsent(m.model().name(), k -> new ArrayList<>());
            aliasHistory.computeIfAbsent(m.model().name(), k -> new ArrayList<>());
        } else if (event instanceof Event.Version v) {
            putVersion(v.version());
        } else if (event instanceof Event.Alias a) {
            List<AliasChange> history = aliasHistory.get(a.model());
            if (history == null) {
                throw new IllegalStateException("alias move of unknown model " + a.model());
            }
            history.add(a.change());
        } else if (event instanceof Event.Audit a) {
            appendAudit(a.event());
        } else if (event instanceof Event.Policy p) {
            putPolicy(p.policy());
        } else if (event instanceof Event.Request r) {
            putRequest(r.request());
        } else if (event instanceof Event.VersionRequest v) {
            List<ModelVersionRecord> list = versions.get(v.model());
            if (list == null || v.version() < 1 || v.version() > list.size() || v.requestId() == null
                    || v.fingerprint() == null) {
                throw new IllegalStateException("request id of unknown version " + v.model() + "/" + v.version());
            }
            versionRequests.computeIfAbsent(v.model(), k -> new HashMap<>()).put(v.requestId(), v);
        } else if (event instanceof Event.ModelDeleted d) {
            if (!models.containsKey(d.model())) {
                throw new IllegalStateException("deletion of unknown model " + d.model());
            }
            deletedModels.add(d.model());
        } else if (event instanceof Event.VersionDeleted d) {
            List<ModelVersionRecord> list = versions.get(d.model());
            if (list == null || d.version() < 1 || d.version() > list.size()) {
                throw new IllegalStateException("deletion of unknown version " + d.model() + "/" + d.version());
            }
            deletedVersions.computeIfAbsent(d.model(), k -> new java.util.TreeSet<>()).add(d.version());
        } else if (event instanceof Event.MetricRequest m) {
            if (!runs.containsKey(m.runId()) || m.requestId() == null || m.fingerprint() == null) {
                throw new IllegalStateException("metric request id of unknown run " + m.runId());
            }
            metricRequests.computeIfAbsent(m.runId(), k -> new HashMap<>()).put(m.requestId(), m.fingerprint());
        } else if (event instanceof Event.RunPurged p) {
            purgeRun(p.runId());
        } else if (event instanceof Event.ExperimentPurged p) {
            purgeExperiment(p.experimentId());
        } else {
            throw new IllegalStateException("unknown event " + event);
        }
    }

    private void purgeRun(String runId) {
        RunSlot slot = runs.get(runId);
        if (slot == null) {
            throw new IllegalStateException("purge of unknown run " + runId);
        }
        ExperimentRecord e = experiments.get(slot.run.experimentId());
        if (e == null || (!slot.run.deleted() && !e.deleted())) {
            throw new IllegalStateException("purge of run " + runId + ", which is not deleted");
        }
        runs.remove(runId);
        List<RunSlot> ofExperiment = runsByExperiment.get(slot.run.experimentId());
        if (ofExperiment != null) {
            ofExperiment.remove(slot);
        }
        Map<String, Map<String, List<RunSlot>>> byKey = runsByParam.get(slot.run.experimentId());
        if (byKey != null) {
            slot.run.params().forEach((k, v) -> {
                Map<String, List<RunSlot>> byValue = byKey.get(k);
                List<RunSlot> list = byValue == null ? null : byValue.get(v);
                if (list != null) {
                    list.remove(slot);
                    if (list.isEmpty()) {
                        byValue.remove(v);
                    }
                }
            });
        }
        metricRequests.remove(runId);
        unforcedLogs.remove(runId);
        if (inlineBatches != null) {
            inlineBatches.remove(runId);
        }
    }

    private void purgeExperiment(String experimentId) {
        ExperimentRecord e = experiments.get(experimentId);
        if (e == null || !e.deleted() || !runsByExperiment.getOrDefault(experimentId, List.of()).isEmpty()) {
            throw new IllegalStateException("purge of experiment " + experimentId
                    + ", which is unknown, not deleted or still has runs");
        }
        experiments.remove(experimentId);
        experimentIdsByName.remove(e.name());
        runsByExperiment.remove(experimentId);
        runsByParam.remove(experimentId);
    }

    private String intern(String s) {
        if (s == null) {
            return null;
        }
        String canonical = pool.get(s);
        if (canonical != null) {
            return canonical;
        }
        if (pool.size() < POOL_LIMIT) {
            pool.put(s, s);
        }
        return s;
    }

    private Map<String, String> intern(Map<String, String> map, Map<String, String> previous) {
        if (map.isEmpty() || map.equals(previous)) {
            return previous == null || map.isEmpty() ? map : previous;
        }
        Map<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(intern(k), intern(v)));
        return out;
    }

    /**
     * @return {@code run} holding canonical strings (and the maps of {@code previous}, the run's former
     *     record, where they are unchanged), so the index keeps one copy of what runs share
     */
    private RunRecord compact(RunRecord run, RunRecord previous) {
        Map<String, MetricPoint> metrics = run.latestMetrics();
        if (previous != null && metrics.equals(previous.latestMetrics())) {
            metrics = previous.latestMetrics();
        } else if (!metrics.isEmpty()) {
            Map<String, MetricPoint> m = new TreeMap<>();
            metrics.forEach((k, p) -> m.put(intern(k), new MetricPoint(intern(k), p.value(), p.step(), p.timestamp())));
            metrics = m;
        }
        RunSource source = sources.get(run.source());
        if (source == null) {
            source = new RunSource(intern(run.source().codeVersion()), intern(run.source().host()),
                    intern(run.source().jvm()));
            if (sources.size() < POOL_LIMIT) {
                sources.put(source, source);
            }
        }
        return new RunRecord(run.id(), intern(run.experimentId()), run.parentRunId(), run.name(), run.status(),
                run.startTime(), run.endTime(), run.failure(),
                intern(run.params(), previous == null ? null : previous.params()),
                intern(run.tags(), previous == null ? null : previous.tags()), metrics, run.inputs(),
                run.artifacts(), source, run.deletedAt(), run.lastHeartbeat());
    }

    private void indexParams(Map<String, String> before, RunSlot slot) {
        RunRecord run = slot.run;
        if (before.size() == run.params().size()) {
            return; // params only grow; the same size means the same params
        }
        Map<String, Map<String, List<RunSlot>>> byKey =
                runsByParam.computeIfAbsent(run.experimentId(), k -> new HashMap<>());
        run.params().forEach((k, v) -> {
            if (!before.containsKey(k)) {
                byKey.computeIfAbsent(k, x -> new HashMap<>()).computeIfAbsent(v, x -> new ArrayList<>()).add(slot);
            }
        });
    }

    /**
     * @return the runs of {@code experimentId} that can match {@code params}: those with the rarest of
     *     the required param values, or every run of the experiment when no param is required
     */
    /**
     * @return a superset of the runs of {@code experimentId} that pass {@code filter}: the smallest of the
     *     experiment's runs and the runs indexed under each param equality clause
     */
    /**
     * The runs of an experiment a search must test: all, or the smallest param-equality bucket of the index.
     *
     * @param satisfied the clause every slot passes by construction (its bucket), or null
     */
    record Candidates(List<RunSlot> slots, Comparison satisfied) {}

    Candidates candidates(String experimentId, RunFilter filter) {
        List<RunSlot> best = runsByExperiment.getOrDefault(experimentId, List.of());
        Comparison satisfied = null;
        Map<String, Map<String, List<RunSlot>>> byKey = runsByParam.getOrDefault(experimentId, Map.of());
        for (Comparison c : filter.clauses()) {
            if (c instanceof Comparison.Text t && t.op() == Comparison.TextOp.EQUAL
                    && t.field().kind() == RunField.Kind.PARAM) {
                List<RunSlot> ids = byKey.getOrDefault(t.field().key(), Map.of()).getOrDefault(t.value(), List.of());
                if (ids.size() < best.size() || satisfied == null && ids.size() == best.size()) {
                    best = ids;
                    satisfied = c;
                }
            }
        }
        return new Candidates(best, satisfied);
    }

    private void putVersion(ModelVersionRecord v) {
        List<ModelVersionRecord> list = versions.get(v.modelName());
        if (list == null) {
            throw new IllegalStateException("version of unknown model " + v.modelName());
        }
        if (v.version() == list.size() + 1) {
            list.add(v);
        } else if (v.version() >= 1 && v.version() <= list.size()) {
            list.set(v.version() - 1, v);
        } else {
            throw new IllegalStateException("version " + v.version() + " of model " + v.modelName()
                    + " would leave a gap after version " + list.size());
        }
    }

    private void putPolicy(PolicyRecord p) {
        if (!PolicyRecord.DEFAULT_SCOPE.equals(p.scope()) && !models.containsKey(p.scope())) {
            throw new IllegalStateException("policy of unknown model " + p.scope());
        }
        List<PolicyRecord> history = policies.computeIfAbsent(p.scope(), k -> new ArrayList<>());
        if (p.revision() != history.size() + 1) {
            throw new IllegalStateException("policy revision " + p.revision() + " of " + p.scope()
                    + " does not follow revision " + history.size());
        }
        history.add(p);
    }

    private void putRequest(TransitionRequest r) {
        List<ModelVersionRecord> list = versions.get(r.modelName());
        if (list == null || r.version() > list.size()) {
            throw new IllegalStateException("request " + r.id() + " on unknown version " + r.reference());
        }
        TransitionRequest stored = requests.get(r.id());
        // a new id may arrive decided: a compacted journal holds each request once, as it stands
        if (stored != null && (stored.status() != RequestStatus.PENDING || r.status() == RequestStatus.PENDING
                || !stored.modelName().equals(r.modelName()) || stored.version() != r.version())) {
            throw new IllegalStateException("request " + r.id() + " cannot go from "
                    + (stored == null ? "nothing" : stored.status()) + " to " + r.status());
        }
        requests.put(r.id(), r);
    }

    private void appendAudit(AuditEvent e) {
        String previous = audit.isEmpty() ? AuditChain.GENESIS : audit.get(audit.size() - 1).hash();
        if (e.sequence() != audit.size() + 1L || !e.previousHash().equals(previous)) {
            throw new IllegalStateException("audit event " + e.sequence() + " does not continue the chain after event "
                    + audit.size());
        }
        audit.add(e);
    }

    /**
     * @return the events that recreate this state, for a compacted journal; the caller has forced the logs of
     *     {@link #unforcedLogs}, so their commits say synced
     */
    List<List<Event>> snapshot(long newGeneration) {
        List<List<Event>> frames = new ArrayList<>();
        frames.add(List.of(new Event.Header(FormatFile.VERSION, newGeneration)));
        experiments.values().forEach(e -> frames.add(List.of(new Event.Experiment(e))));
        runs.values().forEach(slot -> {
            List<Event> events = new ArrayList<>();
            events.add(new Event.Run(slot.run)); // with its latest metrics, so the commit below names none
            if (slot.metricLength > 0) {
                events.add(new Event.Metrics(slot.run.id(), Map.of(), slot.metricLength,
                        slot.metricSynced || unforcedLogs.contains(slot.run.id())));
            }
            frames.add(events);
        });
        datasets.values().forEach(byDigest -> byDigest.values().forEach(d -> frames.add(List.of(new Event.Dataset(d)))));
        blobs.values().forEach(b -> frames.add(List.of(new Event.Blob(b))));
        models.values().forEach(m -> {
            List<Event> events = new ArrayList<>();
            events.add(new Event.Model(m));
            versions.get(m.name()).forEach(v -> events.add(new Event.Version(v)));
            aliasHistory.get(m.name()).forEach(a -> events.add(new Event.Alias(m.name(), a)));
            deletedVersions.getOrDefault(m.name(), java.util.Set.of())
                    .forEach(v -> events.add(new Event.VersionDeleted(m.name(), v)));
            if (deletedModels.contains(m.name())) {
                events.add(new Event.ModelDeleted(m.name()));
            }
            frames.add(events);
        });
        versionRequests.values().forEach(byId -> byId.values().forEach(v -> frames.add(List.of(v))));
        metricRequests.forEach((run, byId) -> byId.forEach((id, fp) -> frames.add(List.of(
                new Event.MetricRequest(run, id, fp)))));
        policies.values().forEach(history -> history.forEach(p -> frames.add(List.of(new Event.Policy(p)))));
        requests.values().forEach(r -> frames.add(List.of(new Event.Request(r))));
        audit.forEach(a -> frames.add(List.of(new Event.Audit(a))));
        return frames;
    }

    /** @return how many records a compacted journal of this state would hold */
    long liveRecords() {
        return 1L + experiments.size() + runs.size() + blobs.size() + models.size() + audit.size() + requests.size()
                + policies.values().stream().mapToLong(List::size).sum()
                + versionRequests.values().stream().mapToLong(Map::size).sum()
                + metricRequests.values().stream().mapToLong(Map::size).sum()
                + datasets.values().stream().mapToLong(Map::size).sum();
    }
}
