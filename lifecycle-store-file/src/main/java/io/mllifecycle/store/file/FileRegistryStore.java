package io.mllifecycle.store.file;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.spi.AuditChain;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link RegistryStore} over the journal. Version numbers, compare-and-set moves and audit sequence
 * numbers are decided while holding the exclusive lock on the latest state, so they stay gapless and
 * unforked across threads and processes.
 */
final class FileRegistryStore implements RegistryStore {
    private final StoreEngine engine;

    FileRegistryStore(StoreEngine engine) {
        this.engine = engine;
    }

    @Override
    public RegisteredModelRecord createModel(String name, String description, Map<String, String> tags,
                                             Instant createdAt) {
        Checks.modelName("model name", name);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("createdAt", createdAt);
        return engine.write(s -> {
            if (s.models.containsKey(name)) {
                throw new ConflictException("model '" + name + "' already exists");
            }
            RegisteredModelRecord m = new RegisteredModelRecord(name, description, tags, Map.of(), createdAt);
            engine.commit(List.of(new Event.Model(m)));
            return m;
        });
    }

    @Override
    public RegisteredModelRecord getModel(String name) {
        Checks.notNull("name", name);
        return engine.read(s -> model(s, name));
    }

    @Override
    public Optional<RegisteredModelRecord> findModel(String name) {
        Checks.notNull("name", name);
        return engine.read(s -> Optional.ofNullable(s.models.get(name)));
    }

    @Override
    public List<RegisteredModelRecord> listModels() {
        return engine.read(s -> List.copyOf(s.models.values()));
    }

    @Override
    public RegisteredModelRecord updateModel(String name, String description, Map<String, String> tags) {
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("name", name);
        return engine.write(s -> {
            RegisteredModelRecord m = model(s, name);
            Map<String, String> merged = new TreeMap<>(m.tags());
            merged.putAll(tags);
            RegisteredModelRecord updated = new RegisteredModelRecord(name, description, merged, m.aliases(),
                    m.createdAt());
            engine.commit(List.of(new Event.Model(updated)));
            return updated;
        });
    }

    @Override
    public ModelVersionRecord createVersion(NewModelVersion spec) {
        Checks.notNull("version", spec);
        return engine.write(s -> {
            model(s, spec.modelName());
            ModelVersionRecord v = RegistryRules.firstRecord(spec, s.versions.get(spec.modelName()).size() + 1);
            engine.commit(List.of(new Event.Version(v)));
            return v;
        });
    }

    @Override
    public ModelVersionRecord getVersion(String modelName, int version) {
        Checks.notNull("name", modelName);
        return engine.read(s -> version(s, modelName, version));
    }

    @Override
    public List<ModelVersionRecord> listVersions(String modelName) {
        Checks.notNull("name", modelName);
        return engine.read(s -> {
            model(s, modelName);
            return List.copyOf(s.versions.get(modelName));
        });
    }

    @Override
    public ModelVersionRecord updateVersion(String modelName, int version, String description,
                                            Map<String, String> tags, Map<String, String> card, ProfileData profile) {
        Checks.notNull("name", modelName);
        return engine.write(s -> put(RegistryRules.updated(version(s, modelName, version), description, tags, card,
                profile)));
    }

    @Override
    public ModelVersionRecord transitionStage(String modelName, int version, Stage expected, StageChange change) {
        Checks.notNull("expected", expected);
        Checks.notNull("change", change);
        Checks.notNull("name", modelName);
        return engine.write(s -> put(RegistryRules.transitioned(version(s, modelName, version), expected, change)));
    }

    @Override
    public ModelVersionRecord addGateReport(String modelName, int version, GateReport report) {
        Checks.notNull("report", report);
        Checks.notNull("name", modelName);
        return engine.write(s -> put(RegistryRules.withReport(version(s, modelName, version), report)));
    }

    @Override
    public RegisteredModelRecord moveAlias(String modelName, String alias, Integer expectedVersion, Integer toVersion,
                                           Instant at, String actor) {
        Checks.key("alias", alias);
        Checks.notNull("at", at);
        Checks.name("actor", actor);
        Checks.notNull("name", modelName);
        return engine.write(s -> {
            RegisteredModelRecord m = model(s, modelName);
            if (toVersion != null) {
                version(s, modelName, toVersion);
            }
            RegistryRules.checkAliasExpectation(m, alias, expectedVersion);
            RegisteredModelRecord updated = RegistryRules.withAlias(m, alias, toVersion);
            AliasChange change = new AliasChange(alias, m.aliases().get(alias), toVersion, at, actor);
            engine.commit(List.of(new Event.Model(updated), new Event.Alias(modelName, change)));
            return updated;
        });
    }

    @Override
    public List<AliasChange> aliasHistory(String modelName) {
        Checks.notNull("name", modelName);
        return engine.read(s -> {
            model(s, modelName);
            return List.copyOf(s.aliasHistory.get(modelName));
        });
    }

    @Override
    public AuditEvent appendAudit(AuditEntry entry) {
        Checks.notNull("entry", entry);
        return engine.write(s -> {
            String previous = s.audit.isEmpty() ? AuditChain.GENESIS : s.audit.get(s.audit.size() - 1).hash();
            AuditEvent e = AuditEvent.chain(s.audit.size() + 1L, entry, previous);
            engine.commit(List.of(new Event.Audit(e)));
            return e;
        });
    }

    @Override
    public List<AuditEvent> auditEvents(long fromSequence, int limit) {
        RegistryRules.checkAuditRange(fromSequence, limit);
        return engine.read(s -> {
            int from = (int) Math.min(s.audit.size(), Math.max(0, fromSequence - 1));
            int to = (int) Math.min(s.audit.size(), (long) from + limit);
            return List.copyOf(s.audit.subList(from, to));
        });
    }

    private ModelVersionRecord put(ModelVersionRecord v) {
        engine.commit(List.of(new Event.Version(v)));
        return v;
    }

    private static RegisteredModelRecord model(StoreState s, String name) {
        RegisteredModelRecord m = s.models.get(name);
        if (m == null) {
            throw new NotFoundException("model " + Checks.quote(name) + " does not exist");
        }
        return m;
    }

    private static ModelVersionRecord version(StoreState s, String modelName, int version) {
        model(s, modelName);
        List<ModelVersionRecord> list = s.versions.get(modelName);
        if (version < 1 || version > list.size()) {
            throw new NotFoundException("model '" + modelName + "' has no version " + version
                    + " (it has " + list.size() + ")");
        }
        return list.get(version - 1);
    }
}
