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
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.spi.RegistryRules;
import io.mllifecycle.store.spi.RequestIds;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.TransitionRequest;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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
    private final Map<String, List<PolicyRecord>> policies = new HashMap<>();
    private final Map<String, TransitionRequest> requests = new LinkedHashMap<>();
    /** model → request id → (fingerprint, version number) of the registration first made with it */
    private final Map<String, Map<String, Map.Entry<String, Integer>>> versionRequests = new HashMap<>();
    /** deleted models keep their records here (their names are not given again) but are hidden from reads */
    private final Set<String> deletedModels = new TreeSet<>();
    /** model → numbers of its deleted versions, hidden from reads */
    private final Map<String, Set<Integer>> deletedVersions = new HashMap<>();

    @Override
    public synchronized RegisteredModelRecord createModel(String name, String description, Map<String, String> tags,
                                                          Instant createdAt, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.modelName("model name", name);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        Checks.notNull("createdAt", createdAt);
        if (deletedModels.contains(name)) {
            throw new ConflictException(RegistryRules.deletedName(name));
        }
        if (models.containsKey(name)) {
            throw new ConflictException("model '" + name + "' already exists");
        }
        RegisteredModelRecord m = new RegisteredModelRecord(name, description, tags, Map.of(), createdAt);
        models.put(name, m);
        versions.put(name, new ArrayList<>());
        aliasHistory.put(name, new ArrayList<>());
        append(entries);
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
        return deletedModels.contains(name) ? Optional.empty() : Optional.ofNullable(models.get(name));
    }

    @Override
    public synchronized List<RegisteredModelRecord> listModels() {
        return models.values().stream().filter(m -> !deletedModels.contains(m.name())).toList();
    }

    @Override
    public synchronized RegisteredModelRecord updateModel(String name, String description, Map<String, String> tags,
                                                          List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.description("description", description);
        Checks.tags("tags", tags);
        RegisteredModelRecord m = getModel(name);
        Map<String, String> merged = new TreeMap<>(m.tags());
        merged.putAll(tags);
        RegisteredModelRecord updated = new RegisteredModelRecord(name, description, merged, m.aliases(), m.createdAt());
        models.put(name, updated);
        append(entries);
        return updated;
    }

    @Override
    public synchronized ModelVersionRecord createVersion(NewModelVersion spec,
                                                         Function<ModelVersionRecord, List<AuditEntry>> audit) {
        Checks.notNull("version", spec);
        Checks.notNull("audit", audit);
        getModel(spec.modelName());
        List<ModelVersionRecord> list = versions.get(spec.modelName());
        String fingerprint = spec.requestId() == null ? null : RequestIds.fingerprint(spec);
        if (spec.requestId() != null) {
            Map.Entry<String, Integer> first = versionRequests.getOrDefault(spec.modelName(), Map.of())
                    .get(spec.requestId());
            if (first != null) {
                RequestIds.checkRepeat(spec.requestId(), "a version of model '" + spec.modelName() + "'",
                        first.getKey(), fingerprint);
                return list.get(first.getValue() - 1);
            }
        }
        ModelVersionRecord v = RegistryRules.firstRecord(spec, list.size() + 1);
        List<AuditEntry> entries = RegistryRules.auditEntries(audit.apply(v));
        list.add(v);
        append(entries);
        if (spec.requestId() != null) {
            versionRequests.computeIfAbsent(spec.modelName(), k -> new HashMap<>())
                    .put(spec.requestId(), Map.entry(fingerprint, v.version()));
        }
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
        if (deletedVersions.getOrDefault(modelName, Set.of()).contains(version)) {
            throw new NotFoundException("version " + modelName + "/" + version + " was deleted");
        }
        return list.get(version - 1);
    }

    @Override
    public synchronized List<ModelVersionRecord> listVersions(String modelName) {
        getModel(modelName);
        Set<Integer> deleted = deletedVersions.getOrDefault(modelName, Set.of());
        return versions.get(modelName).stream().filter(v -> !deleted.contains(v.version())).toList();
    }

    @Override
    public synchronized ModelVersionRecord updateVersion(String modelName, int version, String description,
                                                         Map<String, String> tags, Map<String, String> card,
                                                         ProfileRef profile, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        ModelVersionRecord v = getVersion(modelName, version);
        ModelVersionRecord updated = put(RegistryRules.updated(v, description, tags, card, profile));
        append(entries);
        return updated;
    }

    @Override
    public synchronized ModelVersionRecord transitionStage(String modelName, int version, Stage expected,
                                                           StageChange change, GateReport gateReport,
                                                           List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("expected", expected);
        Checks.notNull("change", change);
        ModelVersionRecord v = RegistryRules.transitioned(getVersion(modelName, version), expected, change);
        if (gateReport != null) {
            v = RegistryRules.withReport(v, gateReport);
        }
        put(v);
        append(entries);
        return v;
    }

    @Override
    public synchronized ModelVersionRecord addGateReport(String modelName, int version, GateReport report,
                                                         List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("report", report);
        ModelVersionRecord v = put(RegistryRules.withReport(getVersion(modelName, version), report));
        append(entries);
        return v;
    }

    @Override
    public synchronized RegisteredModelRecord moveAlias(String modelName, String alias, Integer expectedVersion,
                                                        Integer toVersion, Instant at, String actor,
                                                        List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
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
        append(entries);
        return updated;
    }

    @Override
    public synchronized List<AliasChange> aliasHistory(String modelName) {
        getModel(modelName);
        return List.copyOf(aliasHistory.get(modelName));
    }

    @Override
    public synchronized PolicyRecord putPolicy(PolicyRecord policy, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("policy", policy);
        if (!PolicyRecord.DEFAULT_SCOPE.equals(policy.scope())) {
            getModel(policy.scope());
        }
        List<PolicyRecord> history = policies.computeIfAbsent(policy.scope(), k -> new ArrayList<>());
        RegistryRules.checkPolicyRevision(history.isEmpty() ? Optional.empty()
                : Optional.of(history.get(history.size() - 1)), policy);
        history.add(policy);
        append(entries);
        return policy;
    }

    @Override
    public synchronized Optional<PolicyRecord> findPolicy(String scope) {
        List<PolicyRecord> history = policies.getOrDefault(PolicyRecord.checkScope(scope), List.of());
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    @Override
    public synchronized List<PolicyRecord> policyHistory(String scope) {
        return List.copyOf(policies.getOrDefault(PolicyRecord.checkScope(scope), List.of()));
    }

    @Override
    public synchronized TransitionRequest createRequest(TransitionRequest request, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("request", request);
        ModelVersionRecord v = getVersion(request.modelName(), request.version());
        if (requests.containsKey(request.id())) {
            throw new ConflictException("request " + request.id() + " already exists");
        }
        RegistryRules.checkNewRequest(v, request);
        requests.put(request.id(), request);
        append(entries);
        return request;
    }

    @Override
    public synchronized TransitionRequest decideRequest(TransitionRequest decided, StageChange apply,
                                                        List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("decided", decided);
        TransitionRequest stored = getRequest(decided.id());
        RegistryRules.checkDecision(stored, decided, apply);
        if (apply != null) {
            put(RegistryRules.transitioned(getVersion(stored.modelName(), stored.version()), apply.from(), apply));
        }
        requests.put(decided.id(), decided);
        append(entries);
        return decided;
    }

    @Override
    public synchronized TransitionRequest getRequest(String id) {
        Checks.notNull("id", id);
        TransitionRequest r = requests.get(id);
        if (r == null) {
            throw new NotFoundException("transition request " + Checks.quote(id) + " does not exist");
        }
        return r;
    }

    @Override
    public synchronized List<TransitionRequest> listRequests(String modelName) {
        getModel(modelName);
        return requests.values().stream().filter(r -> r.modelName().equals(modelName)).toList();
    }

    @Override
    public synchronized Set<String> referencedDigests() {
        Set<String> out = new TreeSet<>();
        for (String model : models.keySet()) {
            if (!deletedModels.contains(model)) {
                listVersions(model).forEach(v -> out.addAll(RegistryRules.digestsOf(v)));
            }
        }
        return out;
    }

    @Override
    public synchronized RegisteredModelRecord deleteModelTag(String name, String key, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("key", key);
        RegisteredModelRecord m = getModel(name);
        if (!m.tags().containsKey(key)) {
            return m;
        }
        Map<String, String> tags = new TreeMap<>(m.tags());
        tags.remove(key);
        RegisteredModelRecord updated = new RegisteredModelRecord(name, m.description(), tags, m.aliases(),
                m.createdAt());
        models.put(name, updated);
        append(entries);
        return updated;
    }

    @Override
    public synchronized ModelVersionRecord deleteVersionTag(String modelName, int version, String key,
                                                            List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        Checks.notNull("key", key);
        ModelVersionRecord v = getVersion(modelName, version);
        if (!v.tags().containsKey(key)) {
            return v;
        }
        ModelVersionRecord updated = put(RegistryRules.withoutTag(v, key));
        append(entries);
        return updated;
    }

    @Override
    public synchronized void deleteVersion(String modelName, int version, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        ModelVersionRecord v = getVersion(modelName, version);
        RegistryRules.checkVersionDeletable(getModel(modelName), v);
        deletedVersions.computeIfAbsent(modelName, k -> new TreeSet<>()).add(version);
        append(entries);
    }

    @Override
    public synchronized void deleteModel(String name, List<AuditEntry> audit) {
        List<AuditEntry> entries = RegistryRules.auditEntries(audit);
        RegistryRules.checkModelDeletable(getModel(name), listVersions(name));
        deletedModels.add(name);
        append(entries);
    }

    @Override
    public synchronized List<AuditEvent> appendAudit(List<AuditEntry> entries) {
        return append(RegistryRules.auditEntries(entries));
    }

    @Override
    public synchronized Optional<AuditEvent> auditHead() {
        return audit.isEmpty() ? Optional.empty() : Optional.of(audit.get(audit.size() - 1));
    }

    @Override
    public synchronized List<AuditEvent> auditEvents(long fromSequence, int limit) {
        RegistryRules.checkAuditRange(fromSequence, limit);
        int from = (int) Math.min(audit.size(), Math.max(0, fromSequence - 1));
        int to = (int) Math.min(audit.size(), (long) from + limit);
        return List.copyOf(audit.subList(from, to));
    }

    private List<AuditEvent> append(List<AuditEntry> entries) {
        AuditEvent head = audit.isEmpty() ? null : audit.get(audit.size() - 1);
        List<AuditEvent> chained = RegistryRules.chain(entries, head == null ? 0 : head.sequence(),
                head == null ? AuditChain.GENESIS : head.hash());
        audit.addAll(chained);
        return chained;
    }

    private ModelVersionRecord put(ModelVersionRecord v) {
        versions.get(v.modelName()).set(v.version() - 1, v);
        return v;
    }
}
