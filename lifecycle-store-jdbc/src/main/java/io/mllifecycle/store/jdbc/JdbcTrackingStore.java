package io.mllifecycle.store.jdbc;

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
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.spi.RequestIds;
import io.mllifecycle.store.spi.TrackingRules;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.store.spi.RegistryRules;
import java.sql.Connection;
import java.util.function.Function;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link TrackingStore} on PostgreSQL. Each method is one transaction; arguments are checked first and in
 * the same order as the in-memory reference store, so both reject the same call with the same exception.
 */
final class JdbcTrackingStore implements TrackingStore {
    private final Transactions tx;

    JdbcTrackingStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public ExperimentRecord createExperiment(String name, String description, Map<String, String> tags,
                                             Instant createdAt) {
        Checks.name("experiment name", name);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("createdAt", createdAt);
        return tx.write("createExperiment", c -> {
            ExperimentRecord e = new ExperimentRecord(Ids.next(createdAt), name, description, tags, createdAt, false);
            if (!ExperimentRows.insert(c, e)) {
                throw new ConflictException("experiment '" + name + "' already exists");
            }
            return e;
        });
    }

    @Override
    public ExperimentRecord getExperiment(String experimentId) {
        Checks.notNull("experimentId", experimentId);
        return tx.read("getExperiment", c -> ExperimentRows.get(c, experimentId));
    }

    @Override
    public Optional<ExperimentRecord> findExperiment(String name) {
        Checks.notNull("name", name);
        return tx.read("findExperiment", c -> ExperimentRows.findByName(c, name));
    }

    @Override
    public List<ExperimentRecord> listExperiments(ViewType view) {
        Checks.notNull("view", view);
        return tx.read("listExperiments", c -> ExperimentRows.all(c).stream().filter(e -> view.shows(e.deleted()))
                .toList());
    }

    @Override
    public ExperimentRecord setExperimentTags(String experimentId, Map<String, String> tags) {
        Checks.tags("tags", tags);
        Checks.notNull("experimentId", experimentId);
        return tx.write("setExperimentTags", c -> {
            ExperimentRows.get(c, experimentId);
            Sql.upsertAll(c, ExperimentRows.UPSERT_TAG, List.of(experimentId), tags);
            return ExperimentRows.get(c, experimentId);
        });
    }

    @Override
    public ExperimentRecord setExperimentArchived(String experimentId, boolean archived) {
        Checks.notNull("experimentId", experimentId);
        return tx.write("setExperimentArchived", c -> {
            ExperimentRows.get(c, experimentId);
            Sql.update(c, "UPDATE experiments SET archived = ? WHERE id = ?", archived, experimentId);
            return ExperimentRows.get(c, experimentId);
        });
    }

    @Override
    public RunRecord createRun(NewRun spec) {
        Checks.notNull("run", spec);
        return tx.write("createRun", c -> {
            TrackingRules.requireExperimentActive(ExperimentRows.get(c, spec.experimentId()));
            RunRecord parent = spec.parentRunId() == null ? null : RunRows.get(c, spec.parentRunId());
            RunRecord run = TrackingRules.firstRecord(Ids.next(spec.startTime()), spec, parent)
                    .withHeartbeat(TrackingRules.heartbeat());
            RunRows.insert(c, run);
            return run;
        });
    }

    @Override
    public RunRecord getRun(String runId) {
        Checks.notNull("runId", runId);
        return tx.read("getRun", c -> RunRows.get(c, runId));
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        Checks.notNull("params", params);
        params.forEach((k, v) -> {
            Checks.key("param key", k);
            Checks.paramValue("param '" + k + "'", v);
        });
        Checks.notNull("runId", runId);
        tx.write("logParams", c -> {
            RunRows.lockRunning(c, runId, "params");
            Map<String, String> stored = new HashMap<>(Sql.keyValues(c,
                    "SELECT run_id, key, value FROM run_params WHERE run_id = ?", runId).getOrDefault(runId, Map.of()));
            TrackingRules.mergeWriteOnce(runId, "param", stored, params);
            Sql.upsertAll(c, "INSERT INTO run_params (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    List.of(runId), params);
            RunRows.beat(c, runId);
            return null;
        });
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        Checks.tags("tags", tags);
        Checks.notNull("runId", runId);
        tx.write("setTags", c -> {
            RunRows.requireExists(c, runId);
            Sql.upsertAll(c, RunRows.UPSERT_TAG, List.of(runId), tags);
            RunRows.beat(c, runId);
            return null;
        });
    }

    @Override
    public boolean deleteTag(String runId, String key) {
        Checks.key("tag key", key);
        Checks.notNull("runId", runId);
        return tx.write("deleteTag", c -> {
            RunRows.requireExists(c, runId);
            boolean removed = Sql.update(c, "DELETE FROM run_tags WHERE run_id = ? AND key = ?", runId, key) > 0;
            if (removed) {
                RunRows.beat(c, runId);
            }
            return removed;
        });
    }

    @Override
    public void logMetrics(String runId, List<MetricPoint> points) {
        Checks.notNull("points", points);
        for (int i = 0; i < points.size(); i++) {
            Checks.element("points", i, points.get(i));
        }
        Checks.notNull("runId", runId);
        List<MetricPoint> batch = List.copyOf(points);
        tx.write("logMetrics", c -> {
            if (batch.isEmpty()) {
                RunRows.lockRunning(c, runId, "metrics");
            } else {
                MetricRows.append(c, runId, batch);
            }
            return null;
        });
    }

    /**
     * The request id is claimed first, with {@code INSERT … ON CONFLICT DO NOTHING} on the (run, id) key: a
     * concurrent repeat waits for the first and then finds its row, so a batch is appended once however many
     * times it is sent. The claim is rolled back with the batch if the append fails.
     */
    @Override
    public void logMetrics(String runId, List<MetricPoint> points, String requestId) {
        Checks.notNull("points", points);
        for (int i = 0; i < points.size(); i++) {
            Checks.element("points", i, points.get(i));
        }
        Checks.name("requestId", requestId);
        Checks.notNull("runId", runId);
        List<MetricPoint> batch = List.copyOf(points);
        String fingerprint = RequestIds.fingerprint(batch);
        tx.write("logMetrics", c -> {
            if (Sql.update(c, "INSERT INTO metric_requests (run_id, request_id, fingerprint) SELECT id, ?, ?"
                    + " FROM runs WHERE id = ? ON CONFLICT (run_id, request_id) DO NOTHING",
                    requestId, fingerprint, runId) == 0) {
                Map<String, Map<String, String>> stored = Sql.keyValues(c, "SELECT run_id, request_id, fingerprint"
                        + " FROM metric_requests WHERE run_id = ? AND request_id = ?", runId, requestId);
                if (stored.isEmpty()) {
                    RunRows.requireExists(c, runId);
                    throw new IllegalStateException("run " + runId + " exists but its metric request could not be"
                            + " claimed");
                }
                RequestIds.checkRepeat(requestId, "metrics of run " + runId, stored.get(runId).get(requestId),
                        batch, fingerprint);
                return null;
            }
            if (batch.isEmpty()) {
                RunRows.lockRunning(c, runId, "metrics");
            } else {
                MetricRows.append(c, runId, batch);
            }
            return null;
        });
    }

    @Override
    public List<MetricPoint> metricHistory(String runId, String key, long fromStep, long toStep) {
        Checks.key("metric key", key);
        TrackingRules.checkStepRange(fromStep, toStep);
        Checks.notNull("runId", runId);
        return tx.read("metricHistory", c -> {
            RunRows.requireExists(c, runId);
            return MetricRows.history(c, runId, key, fromStep, toStep);
        });
    }

    @Override
    public Map<String, MetricPoint> latestMetrics(String runId) {
        return getRun(runId).latestMetrics();
    }

    @Override
    public void putDataset(DatasetVersion dataset) {
        Checks.notNull("dataset", dataset);
        tx.write("putDataset", c -> {
            if (!DatasetRows.insert(c, dataset) && !dataset.equals(DatasetRows.find(c, dataset.name(), dataset.digest()))) {
                throw new ConflictException("dataset '" + dataset.name() + "' version " + dataset.digest()
                        + " is already stored with other metadata");
            }
            return null;
        });
    }

    @Override
    public DatasetVersion getDataset(String name, String digest) {
        Checks.notNull("name", name);
        Checks.notNull("digest", digest);
        return tx.read("getDataset", c -> requireDataset(c, name, digest));
    }

    private static DatasetVersion requireDataset(Connection c, String name, String digest) throws SQLException {
        DatasetVersion d = DatasetRows.find(c, name, digest);
        if (d == null) {
            throw new NotFoundException("dataset '" + name + "' has no version " + digest);
        }
        return d;
    }

    @Override
    public List<DatasetVersion> listDatasetVersions(String name) {
        Checks.notNull("name", name);
        return tx.read("listDatasetVersions", c -> DatasetRows.versions(c, name));
    }

    @Override
    public void logInputs(String runId, List<RunInput> inputs) {
        Checks.notNull("inputs", inputs);
        for (int i = 0; i < inputs.size(); i++) {
            Checks.notNull("inputs[" + i + "]", inputs.get(i));
        }
        Checks.notNull("runId", runId);
        List<RunInput> batch = List.copyOf(inputs);
        tx.write("logInputs", c -> {
            for (RunInput in : batch) {
                requireDataset(c, in.datasetName(), in.datasetDigest());
            }
            RunRows.lockRunning(c, runId, "inputs");
            DatasetRows.recordInputs(c, runId, batch);
            RunRows.beat(c, runId);
            return null;
        });
    }

    @Override
    public void recordArtifact(String runId, String path, String digest) {
        Checks.artifactPath("path", path);
        Checks.digest("digest", digest);
        Checks.notNull("runId", runId);
        tx.write("recordArtifact", c -> {
            RunRows.lockRunning(c, runId, "artifacts");
            Map<String, String> stored = new HashMap<>(Sql.keyValues(c, "SELECT run_id, path, digest FROM run_artifacts"
                    + " WHERE run_id = ? AND path = ?", runId, path).getOrDefault(runId, Map.of()));
            TrackingRules.mergeWriteOnce(runId, "artifact path", stored, Map.of(path, digest));
            Sql.update(c, "INSERT INTO run_artifacts (run_id, path, digest) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    runId, path, digest);
            RunRows.beat(c, runId);
            return null;
        });
    }

    @Override
    public RunRecord endRun(String runId, RunStatus status, Instant endTime, String failure) {
        TrackingRules.checkEnd(status, endTime, failure);
        Checks.notNull("runId", runId);
        return tx.write("endRun", c -> {
            RunRows.lockRunning(c, runId, "its end");
            end(c, runId, status, endTime, failure);
            return RunRows.get(c, runId);
        });
    }

    @Override
    public RunPage searchRuns(RunQuery query) {
        Checks.notNull("query", query);
        return tx.read("searchRuns", c -> {
            for (String id : query.experimentIds()) {
                ExperimentRows.get(c, id);
            }
            return RunSearchSql.page(c, query);
        });
    }

    @Override
    public List<RunRecord> childRuns(String parentRunId) {
        Checks.notNull("parentRunId", parentRunId);
        return tx.read("childRuns", c -> {
            RunRows.requireExists(c, parentRunId);
            return RunRows.load(c, RunRows.ids(c, "SELECT id FROM runs WHERE parent_run_id = ? ORDER BY id",
                    parentRunId));
        });
    }

    @Override
    public Set<String> referencedDigests() {
        return tx.read("referencedDigests", c -> {
            Set<String> out = new TreeSet<>();
            try (var ps = c.prepareStatement("SELECT digest FROM run_artifacts UNION SELECT digest FROM datasets"
                    + " UNION SELECT profile_digest FROM datasets WHERE profile_digest IS NOT NULL");
                 var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    private static void end(Connection c, String runId, RunStatus status, Instant endTime, String failure)
            throws SQLException {
        try (var ps = c.prepareStatement("UPDATE runs SET status = ?, end_s = ?, end_ns = ?, failure = ?,"
                + " heartbeat_s = ?, heartbeat_ns = ? WHERE id = ?")) {
            ps.setString(1, status.name());
            Times.set(ps, 2, endTime);
            ps.setString(4, failure);
            Times.set(ps, 5, TrackingRules.heartbeat());
            ps.setString(7, runId);
            ps.executeUpdate();
        }
    }

    /** Locks the run's row until the transaction ends. @throws NotFoundException if there is none */
    private static RunRecord lock(Connection c, String runId) throws SQLException {
        if (!Sql.exists(c, "SELECT 1 FROM runs WHERE id = ? FOR NO KEY UPDATE", runId)) {
            throw RunRows.notFound(runId);
        }
        return RunRows.get(c, runId);
    }

    /** Locks the experiment's row until the transaction ends. @throws NotFoundException if there is none */
    private static ExperimentRecord lockExperiment(Connection c, String experimentId) throws SQLException {
        Sql.exists(c, "SELECT 1 FROM experiments WHERE id = ? FOR UPDATE", experimentId);
        return ExperimentRows.get(c, experimentId);
    }

    private static void setDeleted(Connection c, String table, String id, Instant at) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE " + table + " SET deleted_s = ?, deleted_ns = ? WHERE id = ?")) {
            Times.set(ps, 1, at);
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    @Override
    public ExperimentRecord deleteExperiment(String experimentId, Instant at, List<AuditEntry> audit) {
        Checks.notNull("at", at);
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("experimentId", experimentId);
        return tx.write("deleteExperiment", c -> {
            TrackingRules.checkDeleteExperiment(lockExperiment(c, experimentId));
            setDeleted(c, "experiments", experimentId, at);
            AuditRows.append(c, entries);
            return ExperimentRows.get(c, experimentId);
        });
    }

    @Override
    public ExperimentRecord restoreExperiment(String experimentId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("experimentId", experimentId);
        return tx.write("restoreExperiment", c -> {
            TrackingRules.checkRestoreExperiment(lockExperiment(c, experimentId));
            setDeleted(c, "experiments", experimentId, null);
            AuditRows.append(c, entries);
            return ExperimentRows.get(c, experimentId);
        });
    }

    @Override
    public RunRecord deleteRun(String runId, Instant at, List<AuditEntry> audit) {
        Checks.notNull("at", at);
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("runId", runId);
        return tx.write("deleteRun", c -> {
            TrackingRules.checkDeleteRun(lock(c, runId));
            setDeleted(c, "runs", runId, at);
            RunRows.beat(c, runId);
            AuditRows.append(c, entries);
            return RunRows.get(c, runId);
        });
    }

    @Override
    public RunRecord restoreRun(String runId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("runId", runId);
        return tx.write("restoreRun", c -> {
            RunRecord r = lock(c, runId);
            TrackingRules.checkRestoreRun(r, ExperimentRows.get(c, r.experimentId()));
            setDeleted(c, "runs", runId, null);
            RunRows.beat(c, runId);
            AuditRows.append(c, entries);
            return RunRows.get(c, runId);
        });
    }

    @Override
    public void purgeRun(String runId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("runId", runId);
        tx.write("purgeRun", c -> {
            RunRecord r = lock(c, runId);
            int children = RunRows.ids(c, "SELECT id FROM runs WHERE parent_run_id = ?", runId).size();
            TrackingRules.checkPurgeRun(r, ExperimentRows.get(c, r.experimentId()), children);
            for (String table : List.of("metric_points", "latest_metrics", "run_params", "run_tags", "run_inputs",
                    "run_artifacts", "metric_requests")) {
                Sql.update(c, "DELETE FROM " + table + " WHERE run_id = ?", runId);
            }
            Sql.update(c, "DELETE FROM runs WHERE id = ?", runId);
            AuditRows.append(c, entries);
            return null;
        });
    }

    @Override
    public void purgeExperiment(String experimentId, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("experimentId", experimentId);
        tx.write("purgeExperiment", c -> {
            ExperimentRecord e = lockExperiment(c, experimentId);
            int runs = RunRows.ids(c, "SELECT id FROM runs WHERE experiment_id = ?", experimentId).size();
            TrackingRules.checkPurgeExperiment(e, runs);
            Sql.update(c, "DELETE FROM experiment_tags WHERE experiment_id = ?", experimentId);
            Sql.update(c, "DELETE FROM experiments WHERE id = ?", experimentId);
            AuditRows.append(c, entries);
            return null;
        });
    }

    /**
     * {@code FOR UPDATE} locks the stale runs; a run written to meanwhile is re-checked by PostgreSQL after its
     * writer commits (its new heartbeat then fails the condition), so a live run is never ended.
     */
    @Override
    public List<RunRecord> killStaleRuns(Instant heartbeatBefore, Instant endTime, String failure,
                                         Function<List<RunRecord>, List<AuditEntry>> audit) {
        TrackingRules.checkKillStale(heartbeatBefore, endTime, failure);
        Checks.notNull("audit", audit);
        return tx.write("killStaleRuns", c -> {
            List<String> ids = RunRows.ids(c, "SELECT id FROM runs WHERE status = 'RUNNING' AND deleted_s IS NULL"
                    + " AND (heartbeat_s < ? OR (heartbeat_s = ? AND heartbeat_ns < ?)) ORDER BY id FOR UPDATE",
                    heartbeatBefore.getEpochSecond(), heartbeatBefore.getEpochSecond(), heartbeatBefore.getNano());
            for (String id : ids) {
                end(c, id, RunStatus.KILLED, endTime, failure);
            }
            List<RunRecord> ended = RunRows.load(c, ids);
            AuditRows.append(c, TrackingRules.auditOf(audit, ended));
            return ended;
        });
    }
}
