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
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.spi.RegistryRules;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RegistryStore} on PostgreSQL. Version numbers come from the model row's counter, advanced with
 * {@code UPDATE … SET next_version = next_version + 1 RETURNING} in the registering transaction: the row
 * lock orders concurrent registrations and a rollback returns the number, so numbers are gapless. Stage
 * transitions lock the version row and alias moves the model row, then compare and set in the same
 * transaction. Arguments are checked as the in-memory reference store checks them.
 */
final class JdbcRegistryStore implements RegistryStore {
    private final Transactions tx;

    JdbcRegistryStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public RegisteredModelRecord createModel(String name, String description, Map<String, String> tags,
                                             Instant createdAt) {
        Checks.modelName("model name", name);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("createdAt", createdAt);
        RegisteredModelRecord m = new RegisteredModelRecord(name, description, tags, Map.of(), createdAt);
        return tx.write("createModel", c -> {
            if (!ModelRows.insert(c, m)) {
                throw new ConflictException("model '" + name + "' already exists");
            }
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
    public RegisteredModelRecord updateModel(String name, String description, Map<String, String> tags) {
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("name", name);
        return tx.write("updateModel", c -> {
            ModelRows.lock(c, name);
            Sql.update(c, "UPDATE models SET description = ? WHERE name = ?", description, name);
            Sql.upsertAll(c, ModelRows.UPSERT_TAG, List.of(name), tags);
            return ModelRows.get(c, name);
        });
    }

    @Override
    public ModelVersionRecord createVersion(NewModelVersion spec) {
        Checks.notNull("version", spec);
        return tx.write("createVersion", c -> {
            int number;
            try (PreparedStatement ps = c.prepareStatement("UPDATE models SET next_version = next_version + 1"
                    + " WHERE name = ? RETURNING next_version - 1")) {
                ps.setString(1, spec.modelName());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ModelRows.notFound(spec.modelName());
                    }
                    number = rs.getInt(1);
                }
            }
            ModelVersionRecord v = RegistryRules.firstRecord(spec, number);
            VersionRows.insert(c, v);
            return v;
        });
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
                                            Map<String, String> tags, Map<String, String> card, ProfileData profile) {
        Checks.notNull("name", modelName);
        return tx.write("updateVersion", c -> {
            ModelVersionRecord updated = RegistryRules.updated(version(c, modelName, version, true), description, tags,
                    card, profile);
            try (PreparedStatement ps = c.prepareStatement("UPDATE model_versions SET description = ?, profile_type = ?,"
                    + " profile = ? WHERE model_name = ? AND version = ?")) {
                ps.setString(1, updated.description());
                VersionRows.setProfile(ps, 2, updated.profile());
                ps.setString(4, modelName);
                ps.setInt(5, version);
                ps.executeUpdate();
            }
            Sql.upsertAll(c, VersionRows.UPSERT_FIELD, List.of(modelName, version, "t"), tags);
            Sql.upsertAll(c, VersionRows.UPSERT_FIELD, List.of(modelName, version, "c"), card);
            return updated;
        });
    }

    @Override
    public ModelVersionRecord transitionStage(String modelName, int version, Stage expected, StageChange change) {
        Checks.notNull("expected", expected);
        Checks.notNull("change", change);
        Checks.notNull("name", modelName);
        return tx.write("transitionStage", c -> {
            ModelVersionRecord v = version(c, modelName, version, true);
            ModelVersionRecord moved = RegistryRules.transitioned(v, expected, change);
            Sql.update(c, "UPDATE model_versions SET stage = ? WHERE model_name = ? AND version = ?",
                    moved.stage().name(), modelName, version);
            VersionRows.insertStageChange(c, modelName, version, v.stageHistory().size(), change);
            return moved;
        });
    }

    @Override
    public ModelVersionRecord addGateReport(String modelName, int version, GateReport report) {
        Checks.notNull("report", report);
        Checks.notNull("name", modelName);
        return tx.write("addGateReport", c -> {
            ModelVersionRecord v = version(c, modelName, version, true);
            VersionRows.insertGateReport(c, modelName, version, v.gateReports().size(), report);
            return RegistryRules.withReport(v, report);
        });
    }

    @Override
    public RegisteredModelRecord moveAlias(String modelName, String alias, Integer expectedVersion, Integer toVersion,
                                           Instant at, String actor) {
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
            return ModelRows.get(c, modelName);
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
    public AuditEvent appendAudit(AuditEntry entry) {
        Checks.notNull("entry", entry);
        return tx.write("appendAudit", c -> AuditRows.append(c, entry));
    }

    @Override
    public List<AuditEvent> auditEvents(long fromSequence, int limit) {
        RegistryRules.checkAuditRange(fromSequence, limit);
        return tx.read("auditEvents", c -> AuditRows.range(c, fromSequence, limit));
    }
}
