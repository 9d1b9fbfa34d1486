package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.spi.TrackingRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends metric points and keeps {@code latest_metrics} in the same transaction, in three round trips
 * however many points a batch has: an {@code UPDATE} that checks the run is RUNNING, locks its row and
 * reserves the batch's places in the run's append order ({@code metric_count}); one statement that inserts
 * every point with a multi-row {@code INSERT … SELECT FROM unnest(arrays)} and, in the same statement,
 * upserts the latest value per key; and the commit.
 */
final class MetricRows {
    private static final String RESERVE = "UPDATE runs SET metric_count = metric_count + ?, heartbeat_s = ?,"
            + " heartbeat_ns = ? WHERE id = ? AND status = 'RUNNING' AND deleted_s IS NULL"
            + " RETURNING metric_count, experiment_id";
    private static final String APPEND = "WITH appended AS ("
            + "INSERT INTO metric_points (run_id, seq, key, step, value, ts_s, ts_ns)"
            + " SELECT ?, ? + t.ord, t.key, t.step, t.value, t.ts_s, t.ts_ns"
            + " FROM unnest(?::text[], ?::bigint[], ?::float8[], ?::bigint[], ?::integer[])"
            + " WITH ORDINALITY AS t (key, step, value, ts_s, ts_ns, ord))"
            + " INSERT INTO latest_metrics (run_id, experiment_id, key, step, value, ts_s, ts_ns)"
            + " SELECT ?, ?, t.key, t.step, t.value, t.ts_s, t.ts_ns"
            + " FROM unnest(?::text[], ?::bigint[], ?::float8[], ?::bigint[], ?::integer[]) AS t (key, step, value, ts_s, ts_ns)"
            + " ON CONFLICT (run_id, key) DO UPDATE SET step = EXCLUDED.step, value = EXCLUDED.value,"
            + " ts_s = EXCLUDED.ts_s, ts_ns = EXCLUDED.ts_ns WHERE EXCLUDED.step >= latest_metrics.step";

    private MetricRows() {}

    /**
     * Appends a non-empty batch in order.
     *
     * @throws io.mllifecycle.store.NotFoundException if the run does not exist
     * @throws io.mllifecycle.store.ConflictException if it has ended
     */
    static void append(Connection c, String runId, List<MetricPoint> points) throws SQLException {
        long before;
        String experimentId;
        try (PreparedStatement ps = c.prepareStatement(RESERVE)) {
            ps.setLong(1, points.size());
            Times.set(ps, 2, TrackingRules.heartbeat());
            ps.setString(4, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    RunRows.lockRunning(c, runId, "metrics"); // throws the exception the reference store throws
                    throw new IllegalStateException("run " + runId + " is RUNNING but could not be updated");
                }
                before = rs.getLong(1) - points.size();
                experimentId = rs.getString(2);
            }
        }
        Map<String, MetricPoint> latest = new LinkedHashMap<>();
        for (MetricPoint p : points) {
            latest.merge(p.key(), p, TrackingRules::later);
        }
        try (PreparedStatement ps = c.prepareStatement(APPEND)) {
            ps.setString(1, runId);
            ps.setLong(2, before);
            bindArrays(ps, 3, points);
            ps.setString(8, runId);
            ps.setString(9, experimentId);
            bindArrays(ps, 10, new ArrayList<>(latest.values()));
            ps.executeUpdate();
        }
    }

    /** @return the points of one metric with fromStep ≤ step ≤ toStep, in append order */
    static List<MetricPoint> history(Connection c, String runId, String key, long fromStep, long toStep)
            throws SQLException {
        List<MetricPoint> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT step, value, ts_s, ts_ns FROM metric_points"
                + " WHERE run_id = ? AND key = ? AND step BETWEEN ? AND ? ORDER BY seq")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            ps.setLong(3, fromStep);
            ps.setLong(4, toStep);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MetricPoint(key, rs.getDouble("value"), rs.getLong("step"), Times.get(rs, "ts")));
                }
            }
        }
        return out;
    }

    /** Binds five arrays; primitive arrays go to the driver in binary, without boxing or text formatting. */
    private static void bindArrays(PreparedStatement ps, int first, List<MetricPoint> points) throws SQLException {
        int n = points.size();
        String[] keys = new String[n];
        long[] steps = new long[n];
        double[] values = new double[n];
        long[] seconds = new long[n];
        int[] nanos = new int[n];
        for (int i = 0; i < n; i++) {
            MetricPoint p = points.get(i);
            keys[i] = p.key();
            steps[i] = p.step();
            values[i] = p.value();
            seconds[i] = p.timestamp().getEpochSecond();
            nanos[i] = p.timestamp().getNano();
        }
        ps.setObject(first, keys);
        ps.setObject(first + 1, steps);
        ps.setObject(first + 2, values);
        ps.setObject(first + 3, seconds);
        ps.setObject(first + 4, nanos);
    }
}
