package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit chain. An append locks the single {@code audit_head} row ({@code SELECT … FOR UPDATE}), so
 * concurrent appenders on any number of connections and machines queue behind each other and each links
 * to the one before: the chain cannot fork, and a rolled-back append leaves no gap.
 */
final class AuditRows {
    private AuditRows() {}

    static AuditEvent append(Connection c, AuditEntry entry) throws SQLException {
        long sequence;
        String previous;
        try (PreparedStatement ps = c.prepareStatement("SELECT sequence, hash FROM audit_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            sequence = rs.getLong(1) + 1;
            previous = rs.getString(2);
        }
        AuditEvent e = AuditEvent.chain(sequence, entry, previous);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events (sequence, time_s, time_ns, actor, action,"
                + " subject, detail_keys, detail_values, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, e.sequence());
            Times.set(ps, 2, e.time());
            ps.setString(4, e.actor());
            ps.setString(5, e.action());
            ps.setString(6, e.subject());
            ps.setArray(7, Sql.texts(c, e.details().keySet()));
            ps.setArray(8, Sql.texts(c, e.details().values()));
            ps.setString(9, e.previousHash());
            ps.setString(10, e.hash());
            ps.executeUpdate();
        }
        Sql.update(c, "UPDATE audit_head SET sequence = ?, hash = ? WHERE id = 1", e.sequence(), e.hash());
        return e;
    }

    static List<AuditEvent> range(Connection c, long fromSequence, int limit) throws SQLException {
        List<AuditEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM audit_events WHERE sequence >= ?"
                + " ORDER BY sequence LIMIT ?")) {
            ps.setLong(1, fromSequence);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> keys = Sql.textList(rs, "detail_keys");
                    List<String> values = Sql.textList(rs, "detail_values");
                    Map<String, String> details = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        details.put(keys.get(i), values.get(i));
                    }
                    out.add(new AuditEvent(rs.getLong("sequence"), Times.get(rs, "time"), rs.getString("actor"),
                            rs.getString("action"), rs.getString("subject"), details, rs.getString("previous_hash"),
                            rs.getString("hash")));
                }
            }
        }
        return out;
    }
}
