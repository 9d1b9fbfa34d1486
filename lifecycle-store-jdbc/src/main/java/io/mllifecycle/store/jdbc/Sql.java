package io.mllifecycle.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JDBC helpers shared by the table classes. */
final class Sql {
    private Sql() {}

    /** Binds {@code args} to a statement's parameters in order (an Instant takes one value: use Times). */
    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    /** Runs an INSERT/UPDATE/DELETE. @return the number of rows changed */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** @return whether the query returns a row */
    static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** @return a {@code text[]} parameter */
    static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(new String[0]));
    }

    /** @return the key/value rows of a query selecting (owner, key, value), grouped by owner */
    static Map<String, Map<String, String>> keyValues(Connection c, String sql, Object... args) throws SQLException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        return out;
    }

    /** Upserts key/value rows {@code (owner..., key, value)} with one batch. */
    static void upsertAll(Connection c, String sql, List<Object> owner, Map<String, String> entries)
            throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                int i = 1;
                for (Object o : owner) {
                    ps.setObject(i++, o);
                }
                ps.setString(i++, e.getKey());
                ps.setString(i, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** @return {@code text[]} column values as a list */
    static List<String> textList(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        return List.of((String[]) a.getArray());
    }
}
