package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.MetricFilter;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link RunQuery} in SQL with keyset paging; only the page's runs are then read in full. The order
 * is the metric's value (runs without it last), then run id, as {@link io.mllifecycle.store.spi.RunSearch}.
 *
 * <p>With an order metric the page is read in up to two parts: runs that have the metric, one ordered
 * scan of the {@code (experiment_id, key, value, run_id)} index that stops at the page's end; then, if the
 * page is not full yet, runs without it in id order (skipped when a filter requires the metric). Filters
 * are semi-joins on the indexed param, tag and latest-metric tables. Parallel workers are turned off for
 * the search: their start-up costs more than such a limited scan.
 */
final class RunSearchSql {
    private RunSearchSql() {}

    private record Hit(String id, Double value) {}

    static RunPage page(Connection c, RunQuery q) throws SQLException {
        PageToken after = q.pageToken() == null ? null : PageToken.decode(q.pageToken(), q);
        int wanted = q.pageSize() + 1;
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
        }
        List<Hit> hits = new ArrayList<>();
        String key = q.orderByMetric();
        if (key == null) {
            hits.addAll(missingPart(c, q, null, after == null ? null : after.runId(), wanted));
        } else {
            if (after == null || after.value() != null) {
                hits.addAll(orderedPart(c, q, after, wanted));
            }
            boolean metricRequired = q.metrics().stream().anyMatch(m -> m.key().equals(key));
            if (hits.size() < wanted && !metricRequired) {
                String afterId = after != null && after.value() == null ? after.runId() : null;
                hits.addAll(missingPart(c, q, key, afterId, wanted - hits.size()));
            }
        }
        boolean more = hits.size() > q.pageSize();
        List<Hit> page = more ? hits.subList(0, q.pageSize()) : hits;
        List<RunRecord> runs = RunRows.load(c, page.stream().map(Hit::id).toList());
        String next = null;
        if (more) {
            Hit last = page.get(page.size() - 1);
            next = new PageToken(key != null, last.value(), last.id()).encode(q);
        }
        return new RunPage(runs, next);
    }

    /** Runs that have the order metric, after the cursor, in metric order. */
    private static List<Hit> orderedPart(Connection c, RunQuery q, PageToken after, int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT o.run_id, o.value FROM latest_metrics o"
                + " WHERE o.experiment_id = ? AND o.key = ?");
        args.add(q.experimentId());
        args.add(q.orderByMetric());
        for (MetricFilter m : q.metrics()) {
            if (m.key().equals(q.orderByMetric())) {
                sql.append(" AND o.value ").append(operator(m.op())).append(" ?");
                args.add(m.value());
            }
        }
        filters(sql, args, "o.run_id", q, q.orderByMetric());
        if (after != null) {
            sql.append(" AND (o.value ").append(q.ascending() ? ">" : "<").append(" ? OR (o.value = ? AND o.run_id > ?))");
            args.add(after.value());
            args.add(after.value());
            args.add(after.runId());
        }
        String direction = q.ascending() ? " ASC" : " DESC";
        sql.append(" ORDER BY o.value").append(direction).append(", o.run_id LIMIT ?");
        args.add(limit);
        return hits(c, sql.toString(), args, true);
    }

    /** Runs in id order after {@code afterId}; without {@code missingMetric} when it is not null. */
    private static List<Hit> missingPart(Connection c, RunQuery q, String missingMetric, String afterId, int limit)
            throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT r.id FROM runs r WHERE r.experiment_id = ?");
        args.add(q.experimentId());
        if (missingMetric != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_id = r.id AND m.key = ?)");
            args.add(missingMetric);
        }
        filters(sql, args, "r.id", q, null);
        if (afterId != null) {
            sql.append(" AND r.id > ?");
            args.add(afterId);
        }
        sql.append(" ORDER BY r.id LIMIT ?");
        args.add(limit);
        return hits(c, sql.toString(), args, false);
    }

    /** Appends the param, tag, metric and status filters as semi-joins on {@code id}. */
    private static void filters(StringBuilder sql, List<Object> args, String id, RunQuery q, String skipMetric) {
        for (Map.Entry<String, String> e : q.params().entrySet()) {
            sql.append(" AND ").append(id).append(" IN (SELECT run_id FROM run_params WHERE key = ?"
                    + " AND md5(value) = md5(?) AND value = ?)");
            args.add(e.getKey());
            args.add(e.getValue());
            args.add(e.getValue());
        }
        for (Map.Entry<String, String> e : q.tags().entrySet()) {
            sql.append(" AND ").append(id).append(" IN (SELECT run_id FROM run_tags WHERE key = ?"
                    + " AND md5(value) = md5(?) AND value = ?)");
            args.add(e.getKey());
            args.add(e.getValue());
            args.add(e.getValue());
        }
        for (MetricFilter m : q.metrics()) {
            if (!m.key().equals(skipMetric)) {
                sql.append(" AND ").append(id).append(" IN (SELECT run_id FROM latest_metrics WHERE key = ? AND value ")
                        .append(operator(m.op())).append(" ?)");
                args.add(m.key());
                args.add(m.value());
            }
        }
        if (q.status() != null) {
            sql.append(" AND ").append(id).append(" IN (SELECT id FROM runs WHERE status = ?)");
            args.add(q.status().name());
        }
    }

    private static List<Hit> hits(Connection c, String sql, List<Object> args, boolean withValue) throws SQLException {
        List<Hit> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Hit(rs.getString(1), withValue ? rs.getDouble(2) : null));
                }
            }
        }
        return out;
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
