package io.mllifecycle.store.memory;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.spi.AuditChain;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** In-memory {@link RegistryStore}; every method is synchronized, so numbering and CAS are atomic. */
public final class InMemoryRegistryStore implements RegistryStore {
    private final Map<String, RegisteredModelRecord> models = new TreeMap<>();
    private final Map<String, List<ModelVersionRecord>> versions = new HashMap<>();
    private final Map<String, List<AliasChange>> aliasHistory = new HashMap<>();
    private final List<AuditEvent> audit = new ArrayList<>();

    @Override
    public synchronized RegisteredModelRecord createModel(String name, String description, Map<String, String> tags,
                                                          Instant createdAt) {
        Checks.modelName("model name", name);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("createdAt", createdAt);
        if (models.containsKey(name)) {
            throw new ConflictException("model '" + name + "' already exists");
        }
        RegisteredModelRecord m = new RegisteredModelRecord(name, description, tags, Map.of(), createdAt);
        models.put(name, m);
        versions.put(name, new ArrayList<>());
        aliasHistory.put(name, new ArrayList<>());
        return m;
    }

    @Override
    public synchronized RegisteredModelRecord getModel(String name) {
        return findModel(name).orElseThrow(() -> new NotFoundException("model " + Checks.quote(name)
                + " does not exist"));
    }

    @Override
    public synchronized Optional<RegisteredModelRecord> findModel(String name) {
        Checks.notNull("name", name);
        return Optional.ofNullable(models.get(name));
    }

    @Override
    public synchronized List<RegisteredModelRecord> listModels() {
        return List.copyOf(models.values());
    }

    @Override
    public synchronized RegisteredModelRecord updateModel(String name, String description, Map<String, String> tags) {
        Checks.description("description", description);
        Checks.tags("tags", tags);
        RegisteredModelRecord m = getModel(name);
        Map<String, String> merged = new TreeMap<>(m.tags());
        merged.putAll(tags);
        RegisteredModelRecord updated = new RegisteredModelRecord(name, description, merged, m.aliases(), m.createdAt());
        models.put(name, updated);
        return updated;
    }

    @Override
    public synchronized ModelVersionRecord createVersion(NewModelVersion spec) {
        Checks.notNull("version", spec);
        getModel(spec.modelName());
        List<ModelVersionRecord> list = versions.get(spec.modelName());
        ModelVersionRecord v = RegistryRules.firstRecord(spec, list.size() + 1);
        list.add(v);
        return v;
    }

    @Override
    public synchronized ModelVersionRecord getVersion(String modelName, int version) {
        getModel(modelName);
        List<ModelVersionRecord> list = versions.get(modelName);
        if (version < 1 || version > list.size()) {
            throw new NotFoundException("model '" + modelName + "' has no version " + version
                    + " (it has " + list.size() + ")");
        }
        return list.get(version - 1);
    }

    @Override
    public synchronized List<ModelVersionRecord> listVersions(String modelName) {
        getModel(modelName);
        return List.copyOf(versions.get(modelName));
    }

    @Override
    public synchronized ModelVersionRecord updateVersion(String modelName, int version, String description,
                                                         Map<String, String> tags, Map<String, String> card,
                                                         ProfileData profile) {
        ModelVersionRecord v = getVersion(modelName, version);
        return put(RegistryRules.updated(v, description, tags, card, profile));
    }

    @Override
    public synchronized ModelVersionRecord transitionStage(String modelName, int version, Stage expected,
                                                           StageChange change) {
        Checks.notNull("expected", expected);
        Checks.notNull("change", change);
        ModelVersionRecord v = getVersion(modelName, version);
        return put(RegistryRules.transitioned(v, expected, change));
    }

    @Override
    public synchronized ModelVersionRecord addGateReport(String modelName, int version, GateReport report) {
        Checks.notNull("report", report);
        ModelVersionRecord v = getVersion(modelName, version);
        return put(RegistryRules.withReport(v, report));
    }

    @Override
    public synchronized RegisteredModelRecord moveAlias(String modelName, String alias, Integer expectedVersion,
                                                        Integer toVersion, Instant at, String actor) {
        Checks.key("alias", alias);
        Checks.notNull("at", at);
        Checks.name("actor", actor);
        RegisteredModelRecord m = getModel(modelName);
        if (toVersion != null) {
            getVersion(modelName, toVersion);
        }
        RegistryRules.checkAliasExpectation(m, alias, expectedVersion);
        RegisteredModelRecord updated = RegistryRules.withAlias(m, alias, toVersion);
        models.put(modelName, updated);
        aliasHistory.get(modelName).add(new AliasChange(alias, m.aliases().get(alias), toVersion, at, actor));
        return updated;
    }

    @Override
    public synchronized List<AliasChange> aliasHistory(String modelName) {
        getModel(modelName);
        return List.copyOf(aliasHistory.get(modelName));
    }

    @Override
    public synchronized AuditEvent appendAudit(AuditEntry entry) {
        Checks.notNull("entry", entry);
        String previous = audit.isEmpty() ? AuditChain.GENESIS : audit.get(audit.size() - 1).hash();
        AuditEvent e = AuditEvent.chain(audit.size() + 1L, entry, previous);
        audit.add(e);
        return e;
    }

    @Override
    public synchronized List<AuditEvent> auditEvents(long fromSequence, int limit) {
        RegistryRules.checkAuditRange(fromSequence, limit);
        int from = (int) Math.min(audit.size(), Math.max(0, fromSequence - 1));
        int to = (int) Math.min(audit.size(), (long) from + limit);
        return List.copyOf(audit.subList(from, to));
    }

    private ModelVersionRecord put(ModelVersionRecord v) {
        versions.get(v.modelName()).set(v.version() - 1, v);
        return v;
    }
}
