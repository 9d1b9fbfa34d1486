package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.TransitionRequest;
import io.mllifecycle.store.spi.Checks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stored governance: policy revisions per scope and stage-transition requests. A new policy revision is
 * inserted with {@code ON CONFLICT DO NOTHING} on its (scope, revision) key: of two writers storing the same
 * next revision the second waits for the first and inserts nothing, which the caller reports as a conflict.
 */
final class GovernanceRows {
    private static final String POLICY_COLUMNS = "SELECT scope, revision, media_type, body, created_s, created_ns,"
            + " actor FROM policies WHERE scope = ?";
    private static final String REQUEST_COLUMNS = "SELECT id, model_name, version, from_stage, to_stage, reason,"
            + " requested_by, requested_s, requested_ns, status, decided_by, decided_s, decided_ns, decision_reason"
            + " FROM transition_requests";

    private GovernanceRows() {}

    static Optional<PolicyRecord> latestPolicy(Connection c, String scope) throws SQLException {
        return policies(c, POLICY_COLUMNS + " ORDER BY revision DESC LIMIT 1", scope).stream().findFirst();
    }

    static List<PolicyRecord> policyHistory(Connection c, String scope) throws SQLException {
        return policies(c, POLICY_COLUMNS + " ORDER BY revision", scope);
    }

    /** @return whether the revision was inserted; false if a concurrent writer stored that revision first */
    static boolean insertPolicy(Connection c, PolicyRecord p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO policies (scope, revision, media_type, body,"
                + " created_s, created_ns, actor) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, revision) DO NOTHING")) {
            ps.setString(1, p.scope());
            ps.setInt(2, p.revision());
            ps.setString(3, p.mediaType());
            ps.setString(4, p.body());
            Times.set(ps, 5, p.createdAt());
            ps.setString(7, p.actor());
            return ps.executeUpdate() == 1;
        }
    }

    /** @return whether a request with this id is stored */
    static boolean requestExists(Connection c, String id) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM transition_requests WHERE id = ?", id);
    }

    /** @return whether the request was inserted; false if its id is taken */
    static boolean insertRequest(Connection c, TransitionRequest r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO transition_requests (id, model_name, version,"
                + " from_stage, to_stage, reason, requested_by, requested_s, requested_ns, status, decided_by, decided_s,"
                + " decided_ns, decision_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, r.id());
            ps.setString(2, r.modelName());
            ps.setInt(3, r.version());
            ps.setString(4, r.from().name());
            ps.setString(5, r.to().name());
            ps.setString(6, r.reason());
            ps.setString(7, r.requestedBy());
            Times.set(ps, 8, r.requestedAt());
            ps.setString(10, r.status().name());
            ps.setString(11, r.decidedBy());
            Times.set(ps, 12, r.decidedAt());
            ps.setString(14, r.decisionReason());
            return ps.executeUpdate() == 1;
        }
    }

    /** Records the decision on a request whose row the caller has locked. */
    static void decide(Connection c, TransitionRequest decided) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE transition_requests SET status = ?, decided_by = ?,"
                + " decided_s = ?, decided_ns = ?, decision_reason = ? WHERE id = ?")) {
            ps.setString(1, decided.status().name());
            ps.setString(2, decided.decidedBy());
            Times.set(ps, 3, decided.decidedAt());
            ps.setString(5, decided.decisionReason());
            ps.setString(6, decided.id());
            ps.executeUpdate();
        }
    }

    /**
     * @param lock whether to lock the request's row until the transaction ends
     * @throws NotFoundException if there is no request with this id
     */
    static TransitionRequest request(Connection c, String id, boolean lock) throws SQLException {
        List<TransitionRequest> found = requests(c, REQUEST_COLUMNS + " WHERE id = ?" + (lock ? " FOR UPDATE" : ""), id);
        if (found.isEmpty()) {
            throw new NotFoundException("transition request " + Checks.quote(id) + " does not exist");
        }
        return found.get(0);
    }

    /** @return the requests on versions of a model, oldest first */
    static List<TransitionRequest> requestsOf(Connection c, String model) throws SQLException {
        return requests(c, REQUEST_COLUMNS + " WHERE model_name = ? ORDER BY seq", model);
    }

    private static List<PolicyRecord> policies(Connection c, String sql, String scope) throws SQLException {
        List<PolicyRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PolicyRecord(rs.getString("scope"), rs.getInt("revision"), rs.getString("media_type"),
                            rs.getString("body"), Times.get(rs, "created"), rs.getString("actor")));
                }
            }
        }
        return out;
    }

    private static List<TransitionRequest> requests(Connection c, String sql, String arg) throws SQLException {
        List<TransitionRequest> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TransitionRequest(rs.getString("id"), rs.getString("model_name"), rs.getInt("version"),
                            Stage.valueOf(rs.getString("from_stage")), Stage.valueOf(rs.getString("to_stage")),
                            rs.getString("reason"), rs.getString("requested_by"), Times.get(rs, "requested"),
                            RequestStatus.valueOf(rs.getString("status")), rs.getString("decided_by"),
                            Times.get(rs, "decided"), rs.getString("decision_reason")));
                }
            }
        }
        return out;
    }
}
