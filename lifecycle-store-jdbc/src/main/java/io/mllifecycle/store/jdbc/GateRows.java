package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.Stage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads gate evidence: reports and their results, in the order they were added. */
final class GateRows {
    private GateRows() {}

    /** @return version → reports, for the versions selected by {@code where} over (model_name, version) */
    static Map<Integer, List<GateReport>> load(Connection c, String where, Object[] args) throws SQLException {
        Map<String, List<GateResult>> results = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, report_position, gate, passed, observed,"
                + " expected, message FROM gate_results" + where + " ORDER BY version, report_position, position")) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    results.computeIfAbsent(rs.getInt(1) + "/" + rs.getInt(2), k -> new ArrayList<>()).add(
                            new GateResult(rs.getString("gate"), rs.getBoolean("passed"), rs.getString("observed"),
                                    rs.getString("expected"), rs.getString("message")));
                }
            }
        }
        Map<Integer, List<GateReport>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, position, target_stage, evaluated_s,"
                + " evaluated_ns, actor, overridden FROM gate_reports" + where + " ORDER BY version, position")) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int v = rs.getInt(1);
                    Instant at = Times.get(rs, "evaluated");
                    out.computeIfAbsent(v, k -> new ArrayList<>()).add(new GateReport(
                            Stage.valueOf(rs.getString("target_stage")),
                            results.getOrDefault(v + "/" + rs.getInt(2), List.of()), at, rs.getString("actor"),
                            rs.getBoolean("overridden")));
                }
            }
        }
        return out;
    }
}
