package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.MetricFilter;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link RunQuery} as one SQL statement: filters as semi-joins on the indexed param, tag and
 * latest-metric tables, the order as a left join on the order metric, and the page as a keyset condition
 * ({@code (value, id)} after the token's) with {@code LIMIT pageSize + 1}. Only the page's runs are read
 * in full. Order: metric value (missing last), then run id, as {@link io.mllifecycle.store.RunSearch}.
 */
final class RunSearchSql {
    private RunSearchSql() {}

    static RunPage page(Connection c, RunQuery q) throws SQLException {
        PageToken after = q.pageToken() == null ? null : PageToken.decode(q.pageToken(), q);
        boolean ordered = q.orderByMetric() != null;
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT r.id, ");
        sql.append(ordered ? "o.value" : "NULL::float8").append(" AS ord FROM runs r");
        if (ordered) {
            sql.append(" LEFT JOIN latest_metrics o ON o.run_id = r.id AND o.key = ?");
            args.add(q.orderByMetric());
        }
        sql.append(" WHERE r.experiment_id = ?");
        args.add(q.experimentId());
        for (Map.Entry<String, String> e : q.params().entrySet()) {
            sql.append(" AND r.id IN (SELECT run_id FROM run_params WHERE key = ? AND md5(value) = md5(?) AND value = ?)");
            args.add(e.getKey());
            args.add(e.getValue());
            args.add(e.getValue());
        }
        for (Map.Entry<String, String> e : q.tags().entrySet()) {
            sql.append(" AND r.id IN (SELECT run_id FROM run_tags WHERE key = ? AND md5(value) = md5(?) AND value = ?)");
            args.add(e.getKey());
            args.add(e.getValue());
            args.add(e.getValue());
        }
        for (MetricFilter m : q.metrics()) {
            sql.append(" AND r.id IN (SELECT run_id FROM latest_metrics WHERE key = ? AND value ")
                    .append(operator(m.op())).append(" ?)");
            args.add(m.key());
            args.add(m.value());
        }
        if (q.status() != null) {
            sql.append(" AND r.status = ?");
            args.add(q.status().name());
        }
        if (after != null) {
            keyset(sql, args, after, ordered, q.ascending());
        }
        String direction = q.ascending() ? "ASC" : "DESC";
        sql.append(ordered ? " ORDER BY o.value " + direction + " NULLS LAST, r.id" : " ORDER BY r.id");
        sql.append(" LIMIT ?");
        args.add(q.pageSize() + 1);

        List<String> ids = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Sql.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    double v = rs.getDouble(2);
                    values.add(rs.wasNull() ? null : v);
                }
            }
        }
        boolean more = ids.size() > q.pageSize();
        if (more) {
            ids = ids.subList(0, q.pageSize());
        }
        List<RunRecord> runs = RunRows.load(c, ids);
        String next = null;
        if (more) {
            int last = ids.size() - 1;
            next = new PageToken(ordered, values.get(last), ids.get(last)).encode(q);
        }
        return new RunPage(runs, next);
    }

    /** Appends "sorts strictly after the cursor" for the order (value ASC|DESC NULLS LAST, id). */
    private static void keyset(StringBuilder sql, List<Object> args, PageToken after, boolean ordered, boolean asc) {
        if (!ordered) {
            sql.append(" AND r.id > ?");
            args.add(after.runId());
        } else if (after.value() == null) {
            sql.append(" AND o.value IS NULL AND r.id > ?");
            args.add(after.runId());
        } else {
            String beyond = asc ? ">" : "<";
            sql.append(" AND (o.value ").append(beyond).append(" ? OR (o.value = ? AND r.id > ?) OR o.value IS NULL)");
            args.add(after.value());
            args.add(after.value());
            args.add(after.runId());
        }
    }

    private static String operator(MetricFilter.Comparison op) {
        return switch (op) {
            case LESS_THAN -> "<";
            case AT_MOST -> "<=";
            case EQUAL -> "=";
            case AT_LEAST -> ">=";
            case GREATER_THAN -> ">";
        };
    }
}
