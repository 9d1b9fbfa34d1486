package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RegisteredModelRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes registered models with their tags, aliases and alias history. */
final class ModelRows {
    static final String UPSERT_TAG = "INSERT INTO model_tags (model_name, key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (model_name, key) DO UPDATE SET value = EXCLUDED.value";
    private static final String COLUMNS = "SELECT name, description, created_s, created_ns FROM models";

    private ModelRows() {}

    /** @return whether the model was inserted; false if the name is taken */
    static boolean insert(Connection c, RegisteredModelRecord m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO models (name, description, created_s, created_ns)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, m.name());
            ps.setString(2, m.description());
            Times.set(ps, 3, m.createdAt());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        Sql.upsertAll(c, UPSERT_TAG, List.of(m.name()), m.tags());
        return true;
    }

    static Optional<RegisteredModelRecord> find(Connection c, String name) throws SQLException {
        return query(c, COLUMNS + " WHERE name = ? AND NOT deleted", name).stream().findFirst();
    }

    /** @throws NotFoundException if there is no such model */
    static RegisteredModelRecord get(Connection c, String name) throws SQLException {
        return find(c, name).orElseThrow(() -> notFound(name));
    }

    /**
     * Locks the model's row until the transaction ends; alias moves and version numbering of one model
     * are serialised by this lock.
     *
     * @throws NotFoundException if there is no such model
     */
    static void lock(Connection c, String name) throws SQLException {
        if (!Sql.exists(c, "SELECT 1 FROM models WHERE name = ? AND NOT deleted FOR NO KEY UPDATE", name)) {
            throw notFound(name);
        }
    }

    static List<RegisteredModelRecord> all(Connection c) throws SQLException {
        List<RegisteredModelRecord> list = new ArrayList<>(query(c, COLUMNS + " WHERE NOT deleted"));
        list.sort(Comparator.comparing(RegisteredModelRecord::name));
        return list;
    }

    static NotFoundException notFound(String name) {
        return new NotFoundException("model " + Checks.quote(name) + " does not exist");
    }

    /** @return the alias moves of a model, oldest first */
    static List<AliasChange> aliasHistory(Connection c, String name) throws SQLException {
        List<AliasChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT alias, from_version, to_version, at_s, at_ns, actor"
                + " FROM alias_changes WHERE model_name = ? ORDER BY seq")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AliasChange(rs.getString("alias"), (Integer) rs.getObject("from_version"),
                            (Integer) rs.getObject("to_version"), Times.get(rs, "at"), rs.getString("actor")));
                }
            }
        }
        return out;
    }

    private static List<RegisteredModelRecord> query(Connection c, String sql, Object... args) throws SQLException {
        List<RegisteredModelRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RegisteredModelRecord(rs.getString("name"), rs.getString("description"), Map.of(),
                            Map.of(), Times.get(rs, "created")));
                }
            }
        }
        if (out.isEmpty()) {
            return out;
        }
        boolean one = out.size() == 1;
        String where = one ? " WHERE model_name = ?" : "";
        Object[] arg = one ? new Object[] {out.get(0).name()} : new Object[0];
        Map<String, Map<String, String>> tags = Sql.keyValues(c, "SELECT model_name, key, value FROM model_tags" + where, arg);
        Map<String, Map<String, Integer>> aliases = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT model_name, alias, version FROM model_aliases" + where)) {
            Sql.bind(ps, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    aliases.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getInt(3));
                }
            }
        }
        List<RegisteredModelRecord> complete = new ArrayList<>(out.size());
        for (RegisteredModelRecord m : out) {
            complete.add(new RegisteredModelRecord(m.name(), m.description(), tags.getOrDefault(m.name(), Map.of()),
                    aliases.getOrDefault(m.name(), Map.of()), m.createdAt()));
        }
        return complete;
    }
}
