package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.ColumnType;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.RunInput;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes dataset versions; the column schema is kept as two parallel arrays, in column order. */
final class DatasetRows {
    private static final String COLUMNS = "SELECT name, digest, columns, column_types, row_count, source_uri,"
            + " profile_type, profile_digest, profile_size FROM datasets";

    private DatasetRows() {}

    /** @return whether it was inserted; false if a version with this name and digest is stored */
    static boolean insert(Connection c, DatasetVersion d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO datasets (name, digest, columns, column_types,"
                + " row_count, source_uri, profile_type, profile_digest, profile_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (name, digest) DO NOTHING")) {
            ps.setString(1, d.name());
            ps.setString(2, d.digest());
            ps.setArray(3, Sql.texts(c, d.schema().keySet()));
            ps.setArray(4, Sql.texts(c, d.schema().values().stream().map(Enum::name).toList()));
            ps.setLong(5, d.rowCount());
            ps.setString(6, d.sourceUri());
            VersionRows.setProfile(ps, 7, d.profile());
            return ps.executeUpdate() == 1;
        }
    }

    /** @return the stored version, or null */
    static DatasetVersion find(Connection c, String name, String digest) throws SQLException {
        List<DatasetVersion> found = query(c, COLUMNS + " WHERE name = ? AND digest = ?", name, digest);
        return found.isEmpty() ? null : found.get(0);
    }

    /** @return every version of a dataset, oldest first */
    static List<DatasetVersion> versions(Connection c, String name) throws SQLException {
        return query(c, COLUMNS + " WHERE name = ? ORDER BY seq", name);
    }

    /** Appends inputs not yet recorded, in order; the caller holds the run's row lock. */
    static void recordInputs(Connection c, String runId, List<RunInput> inputs) throws SQLException {
        for (RunInput in : inputs) {
            Sql.update(c, "INSERT INTO run_inputs (run_id, position, dataset_name, dataset_digest, role)"
                    + " SELECT ?, coalesce(max(position), 0) + 1, ?, ?, ? FROM run_inputs WHERE run_id = ?"
                    + " ON CONFLICT (run_id, dataset_name, dataset_digest, role) DO NOTHING",
                    runId, in.datasetName(), in.datasetDigest(), in.role().name(), runId);
        }
    }

    private static List<DatasetVersion> query(Connection c, String sql, Object... args) throws SQLException {
        List<DatasetVersion> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> names = Sql.textList(rs, "columns");
                    List<String> types = Sql.textList(rs, "column_types");
                    Map<String, ColumnType> schema = new LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        schema.put(names.get(i), ColumnType.valueOf(types.get(i)));
                    }
                    out.add(new DatasetVersion(rs.getString("name"), rs.getString("digest"), schema,
                            rs.getLong("row_count"), rs.getString("source_uri"), VersionRows.profile(rs)));
                }
            }
        }
        return out;
    }
}
