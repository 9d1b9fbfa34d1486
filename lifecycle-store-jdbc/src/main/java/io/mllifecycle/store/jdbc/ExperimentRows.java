package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.NotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the {@code experiments} and {@code experiment_tags} tables. */
final class ExperimentRows {
    private static final String COLUMNS = "SELECT id, name, description, created_s, created_ns, archived, deleted_s, deleted_ns"
            + " FROM experiments";
    static final String UPSERT_TAG = "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (experiment_id, key) DO UPDATE SET value = EXCLUDED.value";

    private ExperimentRows() {}

    /** @return whether the experiment was inserted; false if the name is taken */
    static boolean insert(Connection c, ExperimentRecord e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiments (id, name, description, created_s,"
                + " created_ns, archived) VALUES (?, ?, ?, ?, ?, false) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, e.id());
            ps.setString(2, e.name());
            ps.setString(3, e.description());
            Times.set(ps, 4, e.createdAt());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        Sql.upsertAll(c, UPSERT_TAG, List.of(e.id()), e.tags());
        return true;
    }

    /** @throws NotFoundException if there is no experiment with this id */
    static ExperimentRecord get(Connection c, String id) throws SQLException {
        List<ExperimentRecord> found = query(c, COLUMNS + " WHERE id = ?", id);
        if (found.isEmpty()) {
            throw new NotFoundException("experiment with id " + Checks.quote(id) + " does not exist");
        }
        return found.get(0);
    }

    static Optional<ExperimentRecord> findByName(Connection c, String name) throws SQLException {
        return query(c, COLUMNS + " WHERE name = ?", name).stream().findFirst();
    }

    /** @return every experiment ordered by name as Java orders strings */
    static List<ExperimentRecord> all(Connection c) throws SQLException {
        List<ExperimentRecord> list = new ArrayList<>(query(c, COLUMNS));
        list.sort(Comparator.comparing(ExperimentRecord::name));
        return list;
    }

    private static List<ExperimentRecord> query(Connection c, String sql, Object... args) throws SQLException {
        List<ExperimentRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ExperimentRecord(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                            Map.of(), Times.get(rs, "created"), rs.getBoolean("archived"), Times.get(rs, "deleted")));
                }
            }
        }
        if (out.isEmpty()) {
            return out;
        }
        Map<String, Map<String, String>> tags = out.size() == 1
                ? Sql.keyValues(c, "SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id = ?",
                        out.get(0).id())
                : Sql.keyValues(c, "SELECT experiment_id, key, value FROM experiment_tags");
        List<ExperimentRecord> withTags = new ArrayList<>(out.size());
        for (ExperimentRecord e : out) {
            withTags.add(new ExperimentRecord(e.id(), e.name(), e.description(), tags.getOrDefault(e.id(), Map.of()),
                    e.createdAt(), e.archived(), e.deletedAt()));
        }
        return withTags;
    }
}
