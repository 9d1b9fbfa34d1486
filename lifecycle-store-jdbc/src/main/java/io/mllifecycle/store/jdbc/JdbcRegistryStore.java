package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.spi.RegistryRules;
import io.mllifecycle.store.spi.RequestIds;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.TransitionRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@link RegistryStore} on PostgreSQL. Version numbers come from the model row's counter, advanced with
 * {@code UPDATE … SET next_version = next_version + 1 RETURNING} in the registering transaction: the row
 * lock orders concurrent registrations and a rollback returns the number, so numbers are gapless. Stage
 * transitions lock the version row and alias moves the model row, then compare and set in the same
 * transaction. Every mutator appends its audit entries in the same transaction as its change, after its
 * other locks (see {@link AuditRows}), so both commit or neither does. Policy revisions are made unique by
 * their key; a request decision locks the request's row and, when it applies a stage move, the version's.
 * Arguments are checked as the in-memory reference store checks them.
 */
final class JdbcRegistryStore implements RegistryStore {
    private final Transactions tx;

    JdbcRegistryStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public RegisteredModelRecord createModel(String name, String description, Map<String, String> tags,
                                             Instant createdAt, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.modelName("model name", name);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("createdAt", createdAt);
        RegisteredModelRecord m = new RegisteredModelRecord(name, description, tags, Map.of(), createdAt);
        return tx.write("createModel", c -> {
            if (!ModelRows.insert(c, m)) {
                if (Sql.exists(c, "SELECT 1 FROM models WHERE name = ? AND deleted", name)) {
                    throw new ConflictException(RegistryRules.deletedName(name));
                }
                throw new ConflictException("model '" + name + "' already exists");
            }
            AuditRows.append(c, entries);
            return m;
        });
    }

    @Override
    public RegisteredModelRecord getModel(String name) {
        Checks.notNull("name", name);
        return tx.read("getModel", c -> ModelRows.get(c, name));
    }

    @Override
    public Optional<RegisteredModelRecord> findModel(String name) {
        Checks.notNull("name", name);
        return tx.read("findModel", c -> ModelRows.find(c, name));
    }

    @Override
    public List<RegisteredModelRecord> listModels() {
        return tx.read("listModels", ModelRows::all);
    }

    @Override
    public RegisteredModelRecord updateModel(String name, String description, Map<String, String> tags,
                                             List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("name", name);
        return tx.write("updateModel", c -> {
            ModelRows.lock(c, name);
            Sql.update(c, "UPDATE models SET description = ? WHERE name = ?", description, name);
            Sql.upsertAll(c, ModelRows.UPSERT_TAG, List.of(name), tags);
            RegisteredModelRecord updated = ModelRows.get(c, name);
            AuditRows.append(c, entries);
            return updated;
        });
    }

    @Override
    public ModelVersionRecord createVersion(NewModelVersion spec,
                                            Function<ModelVersionRecord, List<AuditEntry>> audit) {
        Checks.notNull("version", spec);
        Checks.notNull("audit", audit);
        String fingerprint = spec.requestId() == null ? null : RequestIds.fingerprint(spec);
        return tx.write("createVersion", c -> {
            if (spec.requestId() != null) {
                ModelVersionRecord first = registeredBefore(c, spec, fingerprint);
                if (first != null) {
                    return first;
                }
            }
            int number;
            try (PreparedStatement ps = c.prepareStatement("UPDATE models SET next_version = next_version + 1"
                    + " WHERE name = ? AND NOT deleted RETURNING next_version - 1")) {
                ps.setString(1, spec.modelName());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ModelRows.notFound(spec.modelName());
                    }
                    number = rs.getInt(1);
                }
            }
            ModelVersionRecord v = RegistryRules.firstRecord(spec, number);
            List<AuditEntry> entries = RegistryRules.auditEntries(audit.apply(v));
            VersionRows.insert(c, v, spec.requestId(), fingerprint);
            AuditRows.append(c, entries);
            return v;
        });
    }

    /**
     * Locks the model's row, which orders registrations, then looks for a version registered with the
     * spec's request id (a statement after the lock, so it sees what a concurrent registration committed).
     *
     * @return that version as stored now, or null if the id is new
     * @throws ConflictException if the id registered something else
     */
    private static ModelVersionRecord registeredBefore(Connection c, NewModelVersion spec, String fingerprint)
            throws SQLException {
        ModelRows.lock(c, spec.modelName());
        try (PreparedStatement ps = c.prepareStatement("SELECT version, request_fingerprint FROM model_versions"
                + " WHERE model_name = ? AND request_id = ?")) {
            ps.setString(1, spec.modelName());
            ps.setString(2, spec.requestId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                RequestIds.checkRepeat(spec.requestId(), "a version of model '" + spec.modelName() + "'",
                        rs.getString(2), fingerprint);
                return version(c, spec.modelName(), rs.getInt(1), false);
            }
        }
    }

    @Override
    public ModelVersionRecord getVersion(String modelName, int version) {
        Checks.notNull("name", modelName);
        return tx.read("getVersion", c -> version(c, modelName, version, false));
    }

    /** @return the version, its row locked when {@code lock} @throws NotFoundException for model or version */
    private static ModelVersionRecord version(Connection c, String model, int version, boolean lock)
            throws SQLException {
        ModelRows.get(c, model);
        if (lock) {
            Sql.exists(c, "SELECT 1 FROM model_versions WHERE model_name = ? AND version = ? FOR NO KEY UPDATE", model, version);
        }
        List<ModelVersionRecord> found = VersionRows.load(c, model, version);
        if (found.isEmpty() && Sql.exists(c, "SELECT 1 FROM model_versions WHERE model_name = ? AND version = ?"
                + " AND deleted", model, version)) {
            throw new NotFoundException("version " + model + "/" + version + " was deleted");
        }
        if (found.isEmpty()) {
            long count;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM model_versions WHERE model_name = ?")) {
                ps.setString(1, model);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
            throw new NotFoundException("model '" + model + "' has no version " + version + " (it has " + count + ")");
        }
        return found.get(0);
    }

    @Override
    public List<ModelVersionRecord> listVersions(String modelName) {
        Checks.notNull("name", modelName);
        return tx.read("listVersions", c -> {
            ModelRows.get(c, modelName);
            return VersionRows.load(c, modelName, null);
        });
    }

    @Override
    public ModelVersionRecord updateVersion(String modelName, int version, String description,
                                            Map<String, String> tags, Map<String, String> card, ProfileRef profile,
                                            List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("name", modelName);
        return tx.write("updateVersion", c -> {
            ModelVersionRecord updated = RegistryRules.updated(version(c, modelName, version, true), description, tags,
                    card, profile);
            try (PreparedStatement ps = c.prepareStatement("UPDATE model_versions SET description = ?, profile_type = ?,"
                    + " profile_digest = ?, profile_size = ? WHERE model_name = ? AND version = ?")) {
                ps.setString(1, updated.description());
                VersionRows.setProfile(ps, 2, updated.profile());
                ps.setString(5, modelName);
                ps.setInt(6, version);
                ps.executeUpdate();
            }
            Sql.upsertAll(c, VersionRows.UPSERT_FIELD, List.of(modelName, version, "t"), tags);
            Sql.upsertAll(c, VersionRows.UPSERT_FIELD, List.of(modelName, version, "c"), card);
            AuditRows.append(c, entries);
            return updated;
        });
    }

    @Override
    public ModelVersionRecord transitionStage(String modelName, int version, Stage expected, StageChange change,
                                              GateReport gateReport, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("expected", expected);
        Checks.notNull("change", change);
        Checks.notNull("name", modelName);
        return tx.write("transitionStage", c -> {
            ModelVersionRecord v = version(c, modelName, version, true);
            ModelVersionRecord moved = move(c, v, expected, change);
            if (gateReport != null) {
                VersionRows.insertGateReport(c, modelName, version, v.gateReports().size(), gateReport);
                moved = RegistryRules.withReport(moved, gateReport);
            }
            AuditRows.append(c, entries);
            return moved;
        });
    }

    @Override
    public ModelVersionRecord addGateReport(String modelName, int version, GateReport report,
                                            List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("report", report);
        Checks.notNull("name", modelName);
        return tx.write("addGateReport", c -> {
            ModelVersionRecord v = version(c, modelName, version, true);
            VersionRows.insertGateReport(c, modelName, version, v.gateReports().size(), report);
            AuditRows.append(c, entries);
            return RegistryRules.withReport(v, report);
        });
    }

    @Override
    public RegisteredModelRecord moveAlias(String modelName, String alias, Integer expectedVersion, Integer toVersion,
                                           Instant at, String actor, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.key("alias", alias);
        Checks.notNull("at", at);
        Checks.name("actor", actor);
        Checks.notNull("name", modelName);
        return tx.write("moveAlias", c -> {
            ModelRows.lock(c, modelName);
            RegisteredModelRecord m = ModelRows.get(c, modelName);
            if (toVersion != null) {
                version(c, modelName, toVersion, false);
            }
            RegistryRules.checkAliasExpectation(m, alias, expectedVersion);
            if (toVersion == null) {
                Sql.update(c, "DELETE FROM model_aliases WHERE model_name = ? AND alias = ?", modelName, alias);
            } else {
                Sql.update(c, "INSERT INTO model_aliases (model_name, alias, version) VALUES (?, ?, ?)"
                        + " ON CONFLICT (model_name, alias) DO UPDATE SET version = EXCLUDED.version",
                        modelName, alias, toVersion);
            }
            AliasChange change = new AliasChange(alias, m.aliases().get(alias), toVersion, at, actor);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alias_changes (model_name, alias, from_version,"
                    + " to_version, at_s, at_ns, actor) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, modelName);
                ps.setString(2, alias);
                ps.setObject(3, change.fromVersion(), java.sql.Types.INTEGER);
                ps.setObject(4, change.toVersion(), java.sql.Types.INTEGER);
                Times.set(ps, 5, at);
                ps.setString(7, actor);
                ps.executeUpdate();
            }
            RegisteredModelRecord updated = ModelRows.get(c, modelName);
            AuditRows.append(c, entries);
            return updated;
        });
    }

    @Override
    public List<AliasChange> aliasHistory(String modelName) {
        Checks.notNull("name", modelName);
        return tx.read("aliasHistory", c -> {
            ModelRows.get(c, modelName);
            return ModelRows.aliasHistory(c, modelName);
        });
    }

    @Override
    public PolicyRecord putPolicy(PolicyRecord policy, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("policy", policy);
        return tx.write("putPolicy", c -> {
            if (!PolicyRecord.DEFAULT_SCOPE.equals(policy.scope())) {
                ModelRows.get(c, policy.scope());
            }
            RegistryRules.checkPolicyRevision(GovernanceRows.latestPolicy(c, policy.scope()), policy);
            if (!GovernanceRows.insertPolicy(c, policy)) {
                // a concurrent writer stored this revision first (we waited for it): report it as the rules do
                RegistryRules.checkPolicyRevision(GovernanceRows.latestPolicy(c, policy.scope()), policy);
                throw new ConflictException("policy revision " + policy.revision() + " of scope '" + policy.scope()
                        + "' was stored by another writer meanwhile; re-read and retry");
            }
            AuditRows.append(c, entries);
            return policy;
        });
    }

    @Override
    public Optional<PolicyRecord> findPolicy(String scope) {
        PolicyRecord.checkScope(scope);
        return tx.read("findPolicy", c -> GovernanceRows.latestPolicy(c, scope));
    }

    @Override
    public List<PolicyRecord> policyHistory(String scope) {
        PolicyRecord.checkScope(scope);
        return tx.read("policyHistory", c -> GovernanceRows.policyHistory(c, scope));
    }

    @Override
    public TransitionRequest createRequest(TransitionRequest request, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("request", request);
        return tx.write("createRequest", c -> {
            ModelVersionRecord v = version(c, request.modelName(), request.version(), true);
            if (GovernanceRows.requestExists(c, request.id())) {
                throw requestExists(request.id());
            }
            RegistryRules.checkNewRequest(v, request);
            if (!GovernanceRows.insertRequest(c, request)) {
                throw requestExists(request.id());
            }
            AuditRows.append(c, entries);
            return request;
        });
    }

    private static ConflictException requestExists(String id) {
        return new ConflictException("request " + id + " already exists");
    }

    @Override
    public TransitionRequest decideRequest(TransitionRequest decided, StageChange apply, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("decided", decided);
        return tx.write("decideRequest", c -> {
            TransitionRequest stored = GovernanceRows.request(c, decided.id(), true);
            RegistryRules.checkDecision(stored, decided, apply);
            if (apply != null) {
                move(c, version(c, stored.modelName(), stored.version(), true), apply.from(), apply);
            }
            GovernanceRows.decide(c, decided);
            AuditRows.append(c, entries);
            return decided;
        });
    }

    @Override
    public TransitionRequest getRequest(String id) {
        Checks.notNull("id", id);
        return tx.read("getRequest", c -> GovernanceRows.request(c, id, false));
    }

    @Override
    public List<TransitionRequest> listRequests(String modelName) {
        Checks.notNull("name", modelName);
        return tx.read("listRequests", c -> {
            ModelRows.get(c, modelName);
            return GovernanceRows.requestsOf(c, modelName);
        });
    }

    @Override
    public Set<String> referencedDigests() {
        return tx.read("referencedDigests", c -> {
            Set<String> out = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v.artifact_digest FROM model_versions v"
                    + " JOIN models m ON m.name = v.model_name WHERE NOT v.deleted AND NOT m.deleted"
                    + " UNION SELECT v.profile_digest FROM model_versions v JOIN models m ON m.name = v.model_name"
                    + " WHERE v.profile_digest IS NOT NULL AND NOT v.deleted AND NOT m.deleted");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public RegisteredModelRecord deleteModelTag(String name, String key, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("name", name);
        Checks.notNull("key", key);
        return tx.write("deleteModelTag", c -> {
            ModelRows.lock(c, name);
            if (Sql.update(c, "DELETE FROM model_tags WHERE model_name = ? AND key = ?", name, key) > 0) {
                AuditRows.append(c, entries);
            }
            return ModelRows.get(c, name);
        });
    }

    @Override
    public ModelVersionRecord deleteVersionTag(String modelName, int version, String key, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("name", modelName);
        Checks.notNull("key", key);
        return tx.write("deleteVersionTag", c -> {
            ModelVersionRecord v = version(c, modelName, version, true);
            if (!v.tags().containsKey(key)) {
                return v;
            }
            Sql.update(c, "DELETE FROM version_fields WHERE model_name = ? AND version = ? AND kind = 't' AND key = ?",
                    modelName, version, key);
            AuditRows.append(c, entries);
            return RegistryRules.withoutTag(v, key);
        });
    }

    @Override
    public void deleteVersion(String modelName, int version, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("name", modelName);
        tx.write("deleteVersion", c -> {
            ModelRows.lock(c, modelName); // aliases move under the model's lock: none can appear meanwhile
            ModelVersionRecord v = version(c, modelName, version, true);
            RegistryRules.checkVersionDeletable(ModelRows.get(c, modelName), v);
            Sql.update(c, "UPDATE model_versions SET deleted = true WHERE model_name = ? AND version = ?",
                    modelName, version);
            AuditRows.append(c, entries);
            return null;
        });
    }

    @Override
    public void deleteModel(String name, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("name", name);
        tx.write("deleteModel", c -> {
            ModelRows.lock(c, name);
            // lock the versions too, so that no stage move to PRODUCTION commits between check and delete
            Sql.exists(c, "SELECT 1 FROM model_versions WHERE model_name = ? FOR NO KEY UPDATE", name);
            RegistryRules.checkModelDeletable(ModelRows.get(c, name), VersionRows.load(c, name, null));
            Sql.update(c, "UPDATE models SET deleted = true WHERE name = ?", name);
            AuditRows.append(c, entries);
            return null;
        });
    }

    @Override
    public List<AuditEvent> appendAudit(List<AuditEntry> entries) {
        List<AuditEntry> checked = RegistryRules.auditEntries(entries);
        return tx.write("appendAudit", c -> AuditRows.append(c, checked));
    }

    @Override
    public List<AuditEvent> auditEvents(long fromSequence, int limit) {
        RegistryRules.checkAuditRange(fromSequence, limit);
        return tx.read("auditEvents", c -> AuditRows.range(c, fromSequence, limit));
    }

    @Override
    public Optional<AuditEvent> auditHead() {
        return tx.read("auditHead", AuditRows::head);
    }

    /** Moves a locked version's stage if it is in {@code expected} and records the change in its history. */
    private static ModelVersionRecord move(Connection c, ModelVersionRecord v, Stage expected, StageChange change)
            throws SQLException {
        ModelVersionRecord moved = RegistryRules.transitioned(v, expected, change);
        Sql.update(c, "UPDATE model_versions SET stage = ? WHERE model_name = ? AND version = ?",
                moved.stage().name(), v.modelName(), v.version());
        VersionRows.insertStageChange(c, v.modelName(), v.version(), v.stageHistory().size(), change);
        return moved;
    }
}
