package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.Comparison;
import io.mllifecycle.store.OrderBy;
import io.mllifecycle.store.RunAttribute;
import io.mllifecycle.store.RunField;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.spi.RunMatcher;
import io.mllifecycle.store.spi.RunSearch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RunQuery} compiled to one SQL statement: the count of all matches (when the query asks for
 * it) and one keyset page, with every value bound as a parameter. Only the page's runs are then read in full.
 *
 * <pre>
 * SELECT c.total, p.* FROM (SELECT count(*) AS total FROM runs r WHERE scope AND filter) c
 * LEFT JOIN LATERAL (SELECT r.id, key0, key1 … FROM runs r LEFT JOIN (order-key tables) …
 *                    WHERE scope AND filter AND after(cursor) ORDER BY key0 … NULLS LAST, r.id LIMIT n) p ON true
 * </pre>
 *
 * When the first order key is a metric, the page is the union of two limited parts, runs that have the
 * metric (joined from {@code latest_metrics}, so its {@code (experiment_id, key, value, run_id)} index
 * can deliver them in order and the scan stops at the page's end) and runs that lack it, ordered again;
 * the second part is left out when a clause of the filter requires the metric.
 *
 * Clauses on metrics, params and tags are semi-joins on the indexed {@code latest_metrics},
 * {@code run_params} and {@code run_tags} tables (param and tag equality through their
 * {@code md5(value)} indexes); attribute clauses are conditions on {@code runs}. SQL's NULL logic gives
 * the reference semantics for missing attributes (a comparison with NULL is not true). Text orders
 * use {@code COLLATE "C"}, the code-point order of {@link RunSearch#compareCodePoints}; ILIKE folds
 * ASCII letters only, as {@link RunMatcher#foldAscii}.
 */
final class RunSearchSql {
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String ESCAPE = " ESCAPE E'\\\\'";

    private RunSearchSql() {}

    static RunPage page(Connection c, RunQuery q) throws SQLException {
        RunSearch.Cursor after = RunSearch.cursor(q);
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT c.total, p.* FROM (");
        if (q.countMatches()) {
            sql.append("SELECT count(*) AS total FROM runs r WHERE ");
            where(sql, args, q, null);
        } else {
            // no count asked: counting visits every match, most of a first page's time on large stores
            sql.append("SELECT CAST(").append(RunPage.NOT_COUNTED).append(" AS bigint) AS total");
        }
        sql.append(") c LEFT JOIN LATERAL (");
        List<String> keys = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        List<Object> restArgs = new ArrayList<>();
        for (int i = 0; i < q.orderBy().size(); i++) {
            keys.add(orderKey(q.orderBy().get(i).field(), i, i == 0 ? new StringBuilder() : rest,
                    i == 0 ? new ArrayList<>() : restArgs));
        }
        String order = order(q, "k", true);
        boolean metricFirst = !keys.isEmpty() && q.orderBy().get(0).field().kind() == RunField.Kind.METRIC;
        if (!metricFirst) {
            StringBuilder joins = new StringBuilder();
            List<Object> joinArgs = new ArrayList<>();
            if (!keys.isEmpty()) {
                orderKey(q.orderBy().get(0).field(), 0, joins, joinArgs);
            }
            joins.append(rest);
            joinArgs.addAll(restArgs);
            part(sql, args, q, after, keys, " FROM runs r" + joins, joinArgs, "", order, null);
        } else {
            // Runs that have the first order key, in the order of the latest_metrics_in_order index, then
            // those that lack it: each part stops at the page's end, as an ordered scan can.
            String metric = q.orderBy().get(0).field().key();
            List<Object> withArgs = new ArrayList<>();
            withArgs.add(metric);
            StringBuilder with = new StringBuilder(" FROM runs r JOIN latest_metrics o0 ON o0.run_id = r.id AND o0.key = ?");
            if (!q.allExperiments()) {
                with.append(" AND o0.experiment_id IN (").append(marks(q.experimentIds().size())).append(')');
                withArgs.addAll(q.experimentIds());
            }
            with.append(rest);
            withArgs.addAll(restArgs);
            List<Object> withoutArgs = new ArrayList<>();
            withoutArgs.add(metric);
            withoutArgs.addAll(restArgs);
            sql.append("SELECT * FROM ((");
            // a comparison on the order metric becomes a condition on o0, the row the ordered index scan
            // delivers, instead of a second lookup per run: the planner can then walk the index from the
            // page's end and stop after a page of matches
            part(sql, args, q, after, keys, with.toString(), withArgs, "", order(q, "k", false), metric);
            RunField first = q.orderBy().get(0).field();
            boolean required = q.filter().clauses().stream().anyMatch(cl -> cl.field().equals(first)
                    && !(cl instanceof Comparison.Presence pr && !pr.present()));
            if (!required) {
                sql.append(") UNION ALL (");
                part(sql, args, q, after, keys, " FROM runs r LEFT JOIN latest_metrics o0 ON o0.run_id = r.id"
                        + " AND o0.key = ?" + rest, withoutArgs, " AND o0.run_id IS NULL", order, null);
            }
            sql.append(")) u ORDER BY ").append(order).append("id LIMIT ?");
            args.add(q.pageSize() + 1);
        }
        sql.append(") p ON true ORDER BY ").append(order(q, "p.k", true)).append("p.id");

        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            // plan with the bound values: a generic plan (chosen after five runs of a prepared statement)
            // guesses one row per param bucket and nests loops over 10^5 runs where an ordered scan stops early
            s.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        }
        long total = q.countMatches() ? 0 : RunPage.NOT_COUNTED;
        List<String> ids = new ArrayList<>();
        List<List<Object>> sortKeys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Sql.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total = rs.getLong(1);
                    String id = rs.getString(2);
                    if (id == null) {
                        continue;
                    }
                    ids.add(id);
                    List<Object> key = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        Object v = rs.getObject(3 + i);
                        key.add(v == null ? null : q.orderBy().get(i).field().isNumeric()
                                ? (Object) ((Number) v).doubleValue() : (Object) v.toString());
                    }
                    sortKeys.add(key);
                }
            }
        }
        boolean more = ids.size() > q.pageSize();
        List<String> pageIds = more ? ids.subList(0, q.pageSize()) : ids;
        List<RunRecord> runs = RunRows.load(c, pageIds);
        String next = more ? RunSearch.token(q, sortKeys.get(q.pageSize() - 1), pageIds.get(q.pageSize() - 1)) : null;
        return new RunPage(runs, next, total);
    }

    /** Appends one ordered, limited SELECT of the page's candidates: id and order keys k0, k1, … */
    private static void part(StringBuilder sql, List<Object> args, RunQuery q, RunSearch.Cursor after, List<String> keys,
                             String from, List<Object> fromArgs, String extra, String order, String joinedMetric) {
        sql.append("SELECT r.id");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(", ").append(keys.get(i)).append(" AS k").append(i);
        }
        sql.append(from).append(" WHERE ");
        args.addAll(fromArgs);
        where(sql, args, q, joinedMetric);
        sql.append(extra);
        if (after != null) {
            sql.append(" AND ");
            after(sql, args, q, keys, after, 0);
        }
        sql.append(" ORDER BY ").append(order).append("r.id LIMIT ?");
        args.add(q.pageSize() + 1);
    }

    /**
     * @return "k0 DESC NULLS LAST, k1 ASC NULLS LAST, " for the query's keys; with {@code nullsLast} false
     *     the default NULLS placement, which an index scan gives (for a part where the key is never NULL)
     */
    private static String order(RunQuery q, String prefix, boolean nullsLast) {
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < q.orderBy().size(); i++) {
            order.append(prefix).append(i).append(q.orderBy().get(i).ascending() ? " ASC" : " DESC")
                    .append(nullsLast || i > 0 ? " NULLS LAST, " : ", ");
        }
        return order.toString();
    }

    /**
     * Appends the experiment scope and every clause, joined by AND (TRUE when there is nothing).
     *
     * @param joinedMetric a metric inner-joined as {@code o0} (its latest row), whose numeric comparisons are
     *                     conditions on {@code o0.value}; or null
     */
    private static void where(StringBuilder sql, List<Object> args, RunQuery q, String joinedMetric) {
        sql.append("TRUE");
        if (!q.allExperiments()) {
            sql.append(" AND r.experiment_id IN (").append(marks(q.experimentIds().size())).append(')');
            args.addAll(q.experimentIds());
        }
        // deletion: a run is deleted itself or by its experiment; the subquery over the small experiments
        // table is hashed once per statement
        switch (q.viewType()) {
            case ACTIVE_ONLY -> sql.append(" AND r.deleted_s IS NULL AND r.experiment_id NOT IN"
                    + " (SELECT x.id FROM experiments x WHERE x.deleted_s IS NOT NULL)");
            case DELETED_ONLY -> sql.append(" AND (r.deleted_s IS NOT NULL OR r.experiment_id IN"
                    + " (SELECT x.id FROM experiments x WHERE x.deleted_s IS NOT NULL))");
            case ALL -> { }
        }
        for (Comparison clause : q.filter().clauses()) {
            sql.append(" AND ");
            if (joinedMetric != null && clause instanceof Comparison.Numeric
                    && clause.field().kind() == RunField.Kind.METRIC && clause.field().key().equals(joinedMetric)) {
                condition(sql, args, clause, "o0.value");
            } else {
                clause(sql, args, clause);
            }
        }
    }

    private static void clause(StringBuilder sql, List<Object> args, Comparison clause) {
        RunField f = clause.field();
        String table = switch (f.kind()) {
            case METRIC -> "latest_metrics";
            case PARAM -> "run_params";
            case TAG -> "run_tags";
            case ATTRIBUTE -> f.attribute() == RunAttribute.USER ? "run_tags" : null;
        };
        if (table == null) {
            condition(sql, args, clause, attribute(f.attribute()));
            return;
        }
        String key = f.attribute() == RunAttribute.USER ? RunAttribute.USER_TAG : f.key();
        if (clause instanceof Comparison.Presence p) {
            sql.append(p.present() ? "" : "NOT ").append("EXISTS (SELECT 1 FROM ").append(table)
                    .append(" m WHERE m.run_id = r.id AND m.key = ?)");
            args.add(key);
            return;
        }
        sql.append("EXISTS (SELECT 1 FROM ").append(table).append(" m WHERE m.run_id = r.id AND m.key = ? AND ");
        args.add(key);
        if (clause instanceof Comparison.Text t && t.op() == Comparison.TextOp.EQUAL && f.kind() != RunField.Kind.METRIC) {
            sql.append("md5(m.value) = md5(?) AND ");
            args.add(t.value());
        }
        condition(sql, args, clause, "m.value");
        sql.append(')');
    }

    /** Appends {@code clause} as a condition on the (possibly NULL) SQL expression {@code e}. */
    private static void condition(StringBuilder sql, List<Object> args, Comparison clause, String e) {
        if (clause instanceof Comparison.Presence p) {
            sql.append(e).append(p.present() ? " IS NOT NULL" : " IS NULL");
        } else if (clause instanceof Comparison.Numeric n) {
            sql.append(e).append(switch (n.op()) {
                case EQUAL -> " = ?";
                case NOT_EQUAL -> " <> ?";
                case LESS_THAN -> " < ?";
                case AT_MOST -> " <= ?";
                case GREATER_THAN -> " > ?";
                case AT_LEAST -> " >= ?";
            });
            args.add(n.value());
        } else if (clause instanceof Comparison.Text t) {
            switch (t.op()) {
                case EQUAL -> sql.append(e).append(" = ?");
                case NOT_EQUAL -> sql.append(e).append(" <> ?");
                case LIKE -> sql.append(e).append(" LIKE ?").append(ESCAPE);
                case ILIKE -> sql.append("translate(").append(e).append(", '").append(UPPER).append("', '")
                        .append(LOWER).append("') LIKE ?").append(ESCAPE);
            }
            args.add(t.op() == Comparison.TextOp.ILIKE ? RunMatcher.foldAscii(t.value()) : t.value());
        } else {
            Comparison.In in = (Comparison.In) clause;
            sql.append(e).append(in.negated() ? " NOT IN (" : " IN (").append(marks(in.values().size())).append(')');
            args.addAll(in.values());
        }
    }

    /** @return the SQL expression of a run attribute on {@code runs r}, NULL where the run lacks it */
    private static String attribute(RunAttribute a) {
        return switch (a) {
            case RUN_ID -> "r.id";
            case RUN_NAME -> "r.name";
            case STATUS -> "r.status";
            case START_TIME -> "((r.start_s * 1000 + r.start_ns / 1000000)::float8)";
            case END_TIME -> "((r.end_s * 1000 + r.end_ns / 1000000)::float8)";
            case PARENT_RUN_ID -> "r.parent_run_id";
            case EXPERIMENT_ID -> "r.experiment_id";
            case USER -> throw new IllegalStateException("user is a tag");
        };
    }

    /** @return the expression of order key {@code i}, appending the outer join it needs to {@code joins} */
    private static String orderKey(RunField f, int i, StringBuilder joins, List<Object> joinArgs) {
        String table = switch (f.kind()) {
            case METRIC -> "latest_metrics";
            case PARAM -> "run_params";
            case TAG -> "run_tags";
            case ATTRIBUTE -> f.attribute() == RunAttribute.USER ? "run_tags" : null;
        };
        if (table == null) {
            return f.isNumeric() ? attribute(f.attribute()) : attribute(f.attribute()) + " COLLATE \"C\"";
        }
        String alias = "o" + i;
        joins.append(" LEFT JOIN ").append(table).append(' ').append(alias).append(" ON ").append(alias)
                .append(".run_id = r.id AND ").append(alias).append(".key = ?");
        joinArgs.add(f.attribute() == RunAttribute.USER ? RunAttribute.USER_TAG : f.key());
        return f.kind() == RunField.Kind.METRIC ? alias + ".value" : alias + ".value COLLATE \"C\"";
    }

    /** Appends "the run sorts after the cursor" from order key {@code i} on, NULLs (missing keys) last. */
    private static void after(StringBuilder sql, List<Object> args, RunQuery q, List<String> keys,
                              RunSearch.Cursor cursor, int i) {
        if (i == keys.size()) {
            sql.append("r.id > ?");
            args.add(cursor.runId());
            return;
        }
        String e = keys.get(i);
        Object v = cursor.values().get(i);
        if (v == null) {
            sql.append('(').append(e).append(" IS NULL AND ");
            after(sql, args, q, keys, cursor, i + 1);
            sql.append(')');
            return;
        }
        OrderBy o = q.orderBy().get(i);
        sql.append('(').append(e).append(o.ascending() ? " > ?" : " < ?").append(" OR ").append(e)
                .append(" IS NULL OR (").append(e).append(" = ? AND ");
        args.add(v);
        args.add(v);
        after(sql, args, q, keys, cursor, i + 1);
        sql.append("))");
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
