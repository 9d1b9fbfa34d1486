package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.spi.TrackingRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads runs: the {@code runs} row plus params, tags, latest metrics, inputs and artifacts, each fetched
 * for a whole list of runs with one query, so a page of 100 runs costs six queries, not six hundred.
 */
final class RunRows {
    private static final String COLUMNS = "SELECT id, experiment_id, parent_run_id, name, status, start_s, start_ns,"
            + " end_s, end_ns, failure, code_version, host, jvm, deleted_s, deleted_ns, heartbeat_s, heartbeat_ns"
            + " FROM runs";

    static final String UPSERT_TAG = "INSERT INTO run_tags (run_id, key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (run_id, key) DO UPDATE SET value = EXCLUDED.value";

    private RunRows() {}

    /** Inserts a new run with its tags. */
    static void insert(Connection c, RunRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (id, experiment_id, parent_run_id, name, status, start_s,"
                + " start_ns, code_version, host, jvm, heartbeat_s, heartbeat_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.experimentId());
            ps.setString(3, r.parentRunId());
            ps.setString(4, r.name());
            ps.setString(5, r.status().name());
            Times.set(ps, 6, r.startTime());
            ps.setString(8, r.source().codeVersion());
            ps.setString(9, r.source().host());
            ps.setString(10, r.source().jvm());
            Times.set(ps, 11, r.lastHeartbeat());
            ps.executeUpdate();
        }
        Sql.upsertAll(c, UPSERT_TAG, List.of(r.id()), r.tags());
    }

    /** @return the run @throws NotFoundException if there is none */
    static RunRecord get(Connection c, String runId) throws SQLException {
        List<RunRecord> runs = load(c, List.of(runId));
        if (runs.isEmpty()) {
            throw notFound(runId);
        }
        return runs.get(0);
    }

    /** Checks that the run exists. @throws NotFoundException if not */
    static void requireExists(Connection c, String runId) throws SQLException {
        if (!Sql.exists(c, "SELECT 1 FROM runs WHERE id = ?", runId)) {
            throw notFound(runId);
        }
    }

    /**
     * Locks the run's row until the transaction ends (so writes to one run are serialised and cannot race
     * {@code endRun}) and requires it to be RUNNING.
     *
     * @throws NotFoundException if there is no such run
     * @return the run without params, tags, metrics, inputs and artifacts
     * @throws io.mllifecycle.store.ConflictException if it has ended
     */
    static RunRecord lockRunning(Connection c, String runId, String what) throws SQLException {
        List<RunRecord> rows = scalars(c, COLUMNS + " WHERE id = ? FOR NO KEY UPDATE", runId);
        if (rows.isEmpty()) {
            throw notFound(runId);
        }
        TrackingRules.requireRunning(rows.get(0), what);
        return rows.get(0);
    }

    /** @return the runs with these ids, complete, in the order of {@code ids}; missing ids are left out */
    static List<RunRecord> load(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Object array = Sql.texts(c, ids);
        Map<String, RunRecord> byId = new HashMap<>();
        for (RunRecord r : scalars(c, COLUMNS + " WHERE id = ANY (?)", array)) {
            byId.put(r.id(), r);
        }
        Map<String, Map<String, String>> params = Sql.keyValues(c,
                "SELECT run_id, key, value FROM run_params WHERE run_id = ANY (?)", array);
        Map<String, Map<String, String>> tags = Sql.keyValues(c,
                "SELECT run_id, key, value FROM run_tags WHERE run_id = ANY (?)", array);
        Map<String, Map<String, String>> artifacts = Sql.keyValues(c,
                "SELECT run_id, path, digest FROM run_artifacts WHERE run_id = ANY (?)", array);
        Map<String, Map<String, MetricPoint>> latest = latest(c, array);
        Map<String, List<RunInput>> inputs = inputs(c, array);
        List<RunRecord> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            RunRecord r = byId.get(id);
            if (r != null) {
                out.add(new RunRecord(r.id(), r.experimentId(), r.parentRunId(), r.name(), r.status(), r.startTime(),
                        r.endTime(), r.failure(), params.getOrDefault(id, Map.of()), tags.getOrDefault(id, Map.of()),
                        latest.getOrDefault(id, Map.of()), inputs.getOrDefault(id, List.of()),
                        artifacts.getOrDefault(id, Map.of()), r.source(), r.deletedAt(), r.lastHeartbeat()));
            }
        }
        return out;
    }

    /** Sets the run's heartbeat to the store's clock: every write to a run does, in its transaction. */
    static void beat(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET heartbeat_s = ?, heartbeat_ns = ? WHERE id = ?")) {
            Times.set(ps, 1, TrackingRules.heartbeat());
            ps.setString(3, runId);
            ps.executeUpdate();
        }
    }

    /** @return the ids a query selecting one column of run ids returns, in order */
    static List<String> ids(Connection c, String sql, Object... args) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    static NotFoundException notFound(String runId) {
        return new NotFoundException("run " + Checks.quote(runId) + " does not exist");
    }

    private static List<RunRecord> scalars(Connection c, String sql, Object arg) throws SQLException {
        List<RunRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunRecord(rs.getString("id"), rs.getString("experiment_id"),
                            rs.getString("parent_run_id"), rs.getString("name"), RunStatus.valueOf(rs.getString("status")),
                            Times.get(rs, "start"), Times.get(rs, "end"), rs.getString("failure"), Map.of(), Map.of(),
                            Map.of(), List.of(), Map.of(),
                            new RunSource(rs.getString("code_version"), rs.getString("host"), rs.getString("jvm")),
                            Times.get(rs, "deleted"), Times.get(rs, "heartbeat")));
                }
            }
        }
        return out;
    }

    private static Map<String, Map<String, MetricPoint>> latest(Connection c, Object ids) throws SQLException {
        Map<String, Map<String, MetricPoint>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, key, step, value, ts_s, ts_ns FROM latest_metrics"
                + " WHERE run_id = ANY (?)")) {
            ps.setObject(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    MetricPoint p = new MetricPoint(rs.getString("key"), rs.getDouble("value"), rs.getLong("step"),
                            Times.get(rs, "ts"));
                    out.computeIfAbsent(rs.getString("run_id"), k -> new HashMap<>()).put(p.key(), p);
                }
            }
        }
        return out;
    }

    private static Map<String, List<RunInput>> inputs(Connection c, Object ids) throws SQLException {
        Map<String, List<RunInput>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, dataset_name, dataset_digest, role FROM run_inputs"
                + " WHERE run_id = ANY (?) ORDER BY run_id, position")) {
            ps.setObject(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new RunInput(rs.getString(2),
                            rs.getString(3), DatasetRole.valueOf(rs.getString(4))));
                }
            }
        }
        return out;
    }
}
