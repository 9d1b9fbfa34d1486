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
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.spi.RegistryRules;
import io.mllifecycle.store.spi.RequestIds;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.TransitionRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@link RegistryStore} over the journal. Version numbers, compare-and-set moves and audit sequence
 * numbers are decided while holding the exclusive lock on the latest state, so they stay gapless and
 * unforked across threads and processes. Every mutator writes its change and the audit events that
 * record it as one journal record: a crash leaves both or neither, and a rejected call (checked before
 * anything is written) leaves neither.
 */
final class FileRegistryStore implements RegistryStore {
    private final StoreEngine engine;

    FileRegistryStore(StoreEngine engine) {
        this.engine = engine;
    }

    @Override
    public RegisteredModelRecord createModel(String name, String description, Map<String, String> tags,
                                             Instant createdAt, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.modelName("model name", name);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("createdAt", createdAt);
        return engine.write(s -> {
            if (s.deletedModels.contains(name)) {
                throw new ConflictException(RegistryRules.deletedName(name));
            }
            if (s.models.containsKey(name)) {
                throw new ConflictException("model '" + name + "' already exists");
            }
            RegisteredModelRecord m = new RegisteredModelRecord(name, description, tags, Map.of(), createdAt);
            commit(s, entries, new Event.Model(m));
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
        return engine.read(s -> s.deletedModels.contains(name) ? Optional.empty() : Optional.ofNullable(s.models.get(name)));
    }

    @Override
    public List<RegisteredModelRecord> listModels() {
        return engine.read(s -> s.models.values().stream().filter(m -> !s.deletedModels.contains(m.name())).toList());
    }

    @Override
    public RegisteredModelRecord updateModel(String name, String description, Map<String, String> tags,
                                             List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("name", name);
        return engine.write(s -> {
            RegisteredModelRecord m = model(s, name);
            Map<String, String> merged = new TreeMap<>(m.tags());
            merged.putAll(tags);
            RegisteredModelRecord updated = new RegisteredModelRecord(name, description, merged, m.aliases(),
                    m.createdAt());
            commit(s, entries, new Event.Model(updated));
            return updated;
        });
    }

    @Override
    public ModelVersionRecord createVersion(NewModelVersion spec, Function<ModelVersionRecord, List<AuditEntry>> audit) {
        Checks.notNull("version", spec);
        Checks.notNull("audit", audit);
        String fingerprint = spec.requestId() == null ? null : RequestIds.fingerprint(spec);
        return engine.write(s -> {
            model(s, spec.modelName());
            if (spec.requestId() != null) {
                Event.VersionRequest first = s.versionRequests.getOrDefault(spec.modelName(), Map.of())
                        .get(spec.requestId());
                if (first != null) {
                    RequestIds.checkRepeat(spec.requestId(), "a version of model '" + spec.modelName() + "'",
                            first.fingerprint(), fingerprint);
                    return s.versions.get(spec.modelName()).get(first.version() - 1);
                }
            }
            ModelVersionRecord v = RegistryRules.firstRecord(spec, s.versions.get(spec.modelName()).size() + 1);
            List<AuditEntry> entries = RegistryRules.auditEntries(audit.apply(v));
            if (spec.requestId() == null) {
                commit(s, entries, new Event.Version(v));
            } else {
                commit(s, entries, new Event.Version(v), new Event.VersionRequest(spec.modelName(), spec.requestId(),
                        fingerprint, v.version()));
            }
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
            return live(s, modelName);
        });
    }

    @Override
    public ModelVersionRecord updateVersion(String modelName, int version, String description,
                                            Map<String, String> tags, Map<String, String> card, ProfileRef profile,
                                            List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("name", modelName);
        return engine.write(s -> {
            ModelVersionRecord v = RegistryRules.updated(version(s, modelName, version), description, tags, card,
                    profile);
            commit(s, entries, new Event.Version(v));
            return v;
        });
    }

    @Override
    public ModelVersionRecord transitionStage(String modelName, int version, Stage expected, StageChange change,
                                              GateReport gateReport, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("expected", expected);
        Checks.notNull("change", change);
        Checks.notNull("name", modelName);
        return engine.write(s -> {
            ModelVersionRecord v = RegistryRules.transitioned(version(s, modelName, version), expected, change);
            if (gateReport != null) {
                v = RegistryRules.withReport(v, gateReport);
            }
            commit(s, entries, new Event.Version(v));
            return v;
        });
    }

    @Override
    public ModelVersionRecord addGateReport(String modelName, int version, GateReport report, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("report", report);
        Checks.notNull("name", modelName);
        return engine.write(s -> {
            ModelVersionRecord v = RegistryRules.withReport(version(s, modelName, version), report);
            commit(s, entries, new Event.Version(v));
            return v;
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
        return engine.write(s -> {
            RegisteredModelRecord m = model(s, modelName);
            if (toVersion != null) {
                version(s, modelName, toVersion);
            }
            RegistryRules.checkAliasExpectation(m, alias, expectedVersion);
            RegisteredModelRecord updated = RegistryRules.withAlias(m, alias, toVersion);
            AliasChange change = new AliasChange(alias, m.aliases().get(alias), toVersion, at, actor);
            commit(s, entries, new Event.Model(updated), new Event.Alias(modelName, change));
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
    public PolicyRecord putPolicy(PolicyRecord policy, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("policy", policy);
        return engine.write(s -> {
            if (!PolicyRecord.DEFAULT_SCOPE.equals(policy.scope())) {
                model(s, policy.scope());
            }
            RegistryRules.checkPolicyRevision(latest(s, policy.scope()), policy);
            commit(s, entries, new Event.Policy(policy));
            return policy;
        });
    }

    @Override
    public Optional<PolicyRecord> findPolicy(String scope) {
        PolicyRecord.checkScope(scope);
        return engine.read(s -> latest(s, scope));
    }

    @Override
    public List<PolicyRecord> policyHistory(String scope) {
        PolicyRecord.checkScope(scope);
        return engine.read(s -> List.copyOf(s.policies.getOrDefault(scope, List.of())));
    }

    @Override
    public TransitionRequest createRequest(TransitionRequest request, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("request", request);
        return engine.write(s -> {
            ModelVersionRecord v = version(s, request.modelName(), request.version());
            if (s.requests.containsKey(request.id())) {
                throw new ConflictException("request " + request.id() + " already exists");
            }
            RegistryRules.checkNewRequest(v, request);
            commit(s, entries, new Event.Request(request));
            return request;
        });
    }

    @Override
    public TransitionRequest decideRequest(TransitionRequest decided, StageChange apply, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("decided", decided);
        return engine.write(s -> {
            TransitionRequest stored = request(s, decided.id());
            RegistryRules.checkDecision(stored, decided, apply);
            if (apply == null) {
                commit(s, entries, new Event.Request(decided));
            } else {
                ModelVersionRecord moved = RegistryRules.transitioned(
                        version(s, stored.modelName(), stored.version()), apply.from(), apply);
                commit(s, entries, new Event.Version(moved), new Event.Request(decided));
            }
            return decided;
        });
    }

    @Override
    public TransitionRequest getRequest(String id) {
        Checks.notNull("id", id);
        return engine.read(s -> request(s, id));
    }

    @Override
    public List<TransitionRequest> listRequests(String modelName) {
        Checks.notNull("name", modelName);
        return engine.read(s -> {
            model(s, modelName);
            return s.requests.values().stream().filter(r -> r.modelName().equals(modelName)).toList();
        });
    }

    @Override
    public Set<String> referencedDigests() {
        return engine.read(s -> {
            Set<String> out = new TreeSet<>();
            for (String model : s.models.keySet()) {
                if (!s.deletedModels.contains(model)) {
                    live(s, model).forEach(v -> out.addAll(RegistryRules.digestsOf(v)));
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
        return engine.write(s -> {
            RegisteredModelRecord m = model(s, name);
            if (!m.tags().containsKey(key)) {
                return m;
            }
            Map<String, String> tags = new TreeMap<>(m.tags());
            tags.remove(key);
            RegisteredModelRecord updated = new RegisteredModelRecord(name, m.description(), tags, m.aliases(),
                    m.createdAt());
            commit(s, entries, new Event.Model(updated));
            return updated;
        });
    }

    @Override
    public ModelVersionRecord deleteVersionTag(String modelName, int version, String key, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("name", modelName);
        Checks.notNull("key", key);
        return engine.write(s -> {
            ModelVersionRecord v = version(s, modelName, version);
            if (!v.tags().containsKey(key)) {
                return v;
            }
            ModelVersionRecord updated = RegistryRules.withoutTag(v, key);
            commit(s, entries, new Event.Version(updated));
            return updated;
        });
    }

    @Override
    public void deleteVersion(String modelName, int version, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("name", modelName);
        engine.write(s -> {
            ModelVersionRecord v = version(s, modelName, version);
            RegistryRules.checkVersionDeletable(model(s, modelName), v);
            commit(s, entries, new Event.VersionDeleted(modelName, version));
            return null;
        });
    }

    @Override
    public void deleteModel(String name, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("name", name);
        engine.write(s -> {
            RegistryRules.checkModelDeletable(model(s, name), live(s, name));
            commit(s, entries, new Event.ModelDeleted(name));
            return null;
        });
    }

    /** @return the versions of a model that are not deleted, by number */
    private static List<ModelVersionRecord> live(StoreState s, String modelName) {
        model(s, modelName);
        java.util.Set<Integer> deleted = s.deletedVersions.getOrDefault(modelName, java.util.Set.of());
        return s.versions.get(modelName).stream().filter(v -> !deleted.contains(v.version())).toList();
    }

    @Override
    public List<AuditEvent> appendAudit(List<AuditEntry> entries) {
        List<AuditEntry> checked = RegistryRules.auditEntries(entries);
        return engine.write(s -> commit(s, checked));
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

    @Override
    public Optional<AuditEvent> auditHead() {
        return engine.read(s -> s.audit.isEmpty() ? Optional.empty() : Optional.of(s.audit.get(s.audit.size() - 1)));
    }

    /**
     * Commits {@code changes} and the audit events chained from {@code entries} after the current head as one
     * journal record: the single commit point of an audited write. @return the events as chained
     */
    private List<AuditEvent> commit(StoreState s, List<AuditEntry> entries, Event... changes) {
        AuditEvent head = s.audit.isEmpty() ? null : s.audit.get(s.audit.size() - 1);
        List<AuditEvent> chained = RegistryRules.chain(entries, head == null ? 0 : head.sequence(),
                head == null ? AuditChain.GENESIS : head.hash());
        List<Event> events = new ArrayList<>(changes.length + chained.size());
        events.addAll(List.of(changes));
        chained.forEach(e -> events.add(new Event.Audit(e)));
        if (!events.isEmpty()) {
            engine.commit(events);
        }
        return chained;
    }

    private static Optional<PolicyRecord> latest(StoreState s, String scope) {
        List<PolicyRecord> history = s.policies.get(scope);
        return history == null || history.isEmpty() ? Optional.empty()
                : Optional.of(history.get(history.size() - 1));
    }

    private static TransitionRequest request(StoreState s, String id) {
        TransitionRequest r = s.requests.get(id);
        if (r == null) {
            throw new NotFoundException("transition request " + Checks.quote(id) + " does not exist");
        }
        return r;
    }

    private static RegisteredModelRecord model(StoreState s, String name) {
        RegisteredModelRecord m = s.models.get(name);
        if (m == null || s.deletedModels.contains(name)) {
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
        if (s.deletedVersions.getOrDefault(modelName, java.util.Set.of()).contains(version)) {
            throw new NotFoundException("version " + modelName + "/" + version + " was deleted");
        }
        return list.get(version - 1);
    }
}
