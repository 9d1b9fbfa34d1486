package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.spi.RegistryRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit chain. An append locks the single {@code audit_head} row ({@code SELECT … FOR UPDATE}), so
 * concurrent appenders on any number of connections and machines queue behind each other and each links
 * to the one before: the chain cannot fork, and a rolled-back append leaves no gap.
 */
final class AuditRows {
    private AuditRows() {}

    /**
     * Appends {@code entries} after the head, in order, in the caller's transaction. The head row is locked
     * only when there is something to append, and is the last lock a registry write takes (after the rows it
     * changes), so every writer takes locks in the same order and the chain lock is held as briefly as
     * possible.
     *
     * @return the events as chained; empty for no entries
     */
    static List<AuditEvent> append(Connection c, List<AuditEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return List.of();
        }
        long sequence;
        String previous;
        try (PreparedStatement ps = c.prepareStatement("SELECT sequence, hash FROM audit_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            sequence = rs.getLong(1);
            previous = rs.getString(2);
        }
        List<AuditEvent> events = RegistryRules.chain(entries, sequence, previous);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events (sequence, time_s, time_ns, actor, action,"
                + " subject, detail_keys, detail_values, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEvent e : events) {
                ps.setLong(1, e.sequence());
                Times.set(ps, 2, e.time());
                ps.setString(4, e.actor());
                ps.setString(5, e.action());
                ps.setString(6, e.subject());
                ps.setArray(7, Sql.texts(c, e.details().keySet()));
                ps.setArray(8, Sql.texts(c, e.details().values()));
                ps.setString(9, e.previousHash());
                ps.setString(10, e.hash());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        AuditEvent last = events.get(events.size() - 1);
        Sql.update(c, "UPDATE audit_head SET sequence = ?, hash = ? WHERE id = 1", last.sequence(), last.hash());
        return events;
    }

    /** @return the newest event, read through the head row, if any */
    static Optional<AuditEvent> head(Connection c) throws SQLException {
        long sequence;
        try (PreparedStatement ps = c.prepareStatement("SELECT sequence FROM audit_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            sequence = rs.getLong(1);
        }
        return sequence == 0 ? Optional.empty() : range(c, sequence, 1).stream().findFirst();
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
