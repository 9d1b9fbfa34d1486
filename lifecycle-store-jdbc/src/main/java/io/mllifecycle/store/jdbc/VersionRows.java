package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes model versions: the {@code model_versions} row, tags and card fields, stage history
 * and gate evidence. A read fetches each part for all requested versions of a model with one query.
 */
final class VersionRows {
    static final String UPSERT_FIELD = "INSERT INTO version_fields (model_name, version, kind, key, value)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (model_name, version, kind, key) DO UPDATE SET value = EXCLUDED.value";

    private VersionRows() {}

    /**
     * Inserts a new version with its first stage change, and the request id it was registered with and the
     * fingerprint of that registration (both null without a request id).
     */
    static void insert(Connection c, ModelVersionRecord v, String requestId, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_versions (model_name, version, source_run_id,"
                + " artifact_digest, description, stage, profile_type, profile_digest, profile_size, created_s, created_ns,"
                + " request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, v.modelName());
            ps.setInt(2, v.version());
            ps.setString(3, v.sourceRunId());
            ps.setString(4, v.artifactDigest());
            ps.setString(5, v.description());
            ps.setString(6, v.stage().name());
            setProfile(ps, 7, v.profile());
            Times.set(ps, 10, v.createdAt());
            ps.setString(12, requestId);
            ps.setString(13, fingerprint);
            ps.executeUpdate();
        }
        Sql.upsertAll(c, UPSERT_FIELD, List.of(v.modelName(), v.version(), "t"), v.tags());
        Sql.upsertAll(c, UPSERT_FIELD, List.of(v.modelName(), v.version(), "c"), v.card());
        for (int i = 0; i < v.stageHistory().size(); i++) {
            insertStageChange(c, v.modelName(), v.version(), i, v.stageHistory().get(i));
        }
    }

    /** Binds media type, digest and size of {@code profile} (or three nulls) from {@code index} on. */
    static void setProfile(PreparedStatement ps, int index, ProfileRef profile) throws SQLException {
        if (profile == null) {
            ps.setNull(index, Types.VARCHAR);
            ps.setNull(index + 1, Types.VARCHAR);
            ps.setNull(index + 2, Types.BIGINT);
        } else {
            ps.setString(index, profile.mediaType());
            ps.setString(index + 1, profile.digest());
            ps.setLong(index + 2, profile.size());
        }
    }

    /** @return the profile reference in columns {@code profile_type, profile_digest, profile_size}, or null */
    static ProfileRef profile(ResultSet rs) throws SQLException {
        String type = rs.getString("profile_type");
        return type == null ? null : new ProfileRef(rs.getString("profile_digest"), type, rs.getLong("profile_size"));
    }

    static void insertStageChange(Connection c, String model, int version, int position, StageChange s)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_changes (model_name, version, position,"
                + " from_stage, to_stage, at_s, at_ns, actor, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setInt(3, position);
            ps.setString(4, s.from() == null ? null : s.from().name());
            ps.setString(5, s.to().name());
            Times.set(ps, 6, s.at());
            ps.setString(8, s.actor());
            ps.setString(9, s.reason());
            ps.executeUpdate();
        }
    }

    static void insertGateReport(Connection c, String model, int version, int position, GateReport r)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gate_reports (model_name, version, position,"
                + " target_stage, evaluated_s, evaluated_ns, actor, overridden) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setInt(3, position);
            ps.setString(4, r.targetStage().name());
            Times.set(ps, 5, r.evaluatedAt());
            ps.setString(7, r.actor());
            ps.setBoolean(8, r.overridden());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gate_results (model_name, version, report_position,"
                + " position, gate, passed, observed, expected, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < r.results().size(); i++) {
                GateResult g = r.results().get(i);
                Sql.bind(ps, model, version, position, i, g.gate(), g.passed(), g.observed(), g.expected(), g.message());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** @return the versions of a model by number: all of them, or only {@code only} when it is not null */
    static List<ModelVersionRecord> load(Connection c, String model, Integer only) throws SQLException {
        String where = " WHERE model_name = ?" + (only == null ? "" : " AND version = ?");
        Object[] args = only == null ? new Object[] {model} : new Object[] {model, only};
        Map<Integer, Map<String, String>> tags = new HashMap<>();
        Map<Integer, Map<String, String>> card = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, kind, key, value FROM version_fields" + where)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    (rs.getString(2).equals("t") ? tags : card).computeIfAbsent(rs.getInt(1), k -> new TreeMap<>())
                            .put(rs.getString(3), rs.getString(4));
                }
            }
        }
        Map<Integer, List<StageChange>> history = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, from_stage, to_stage, at_s, at_ns, actor, reason"
                + " FROM stage_changes" + where + " ORDER BY version, position")) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String from = rs.getString("from_stage");
                    history.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new StageChange(
                            from == null ? null : Stage.valueOf(from), Stage.valueOf(rs.getString("to_stage")),
                            Times.get(rs, "at"), rs.getString("actor"), rs.getString("reason")));
                }
            }
        }
        Map<Integer, List<GateReport>> reports = GateRows.load(c, where, args);
        List<ModelVersionRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, source_run_id, artifact_digest, description,"
                + " stage, profile_type, profile_digest, profile_size, created_s, created_ns FROM model_versions" + where
                + " AND NOT deleted ORDER BY version")) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int v = rs.getInt("version");
                    out.add(new ModelVersionRecord(model, v, rs.getString("source_run_id"),
                            rs.getString("artifact_digest"), rs.getString("description"),
                            Stage.valueOf(rs.getString("stage")), tags.getOrDefault(v, Map.of()),
                            card.getOrDefault(v, Map.of()),
                            profile(rs),
                            history.getOrDefault(v, List.of()), reports.getOrDefault(v, List.of()),
                            Times.get(rs, "created")));
                }
            }
        }
        return out;
    }
}
