package io.mllifecycle.registry;

import io.mllifecycle.gate.GovernancePolicy;
import io.mllifecycle.internal.ChangeNotice;
import io.mllifecycle.internal.RegistryWriter;
import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.RegisteredModelRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A handle on a registered model: its versions and its aliases. Alias moves are compare-and-set and
 * audited; aliases route traffic (e.g. {@code champion}, {@code challenger}) independently of stages.
 */
public final class RegisteredModel {
    private final ModelRegistry registry;
    private final String name;

    RegisteredModel(ModelRegistry registry, RegisteredModelRecord record) {
        this.registry = registry;
        this.name = record.name();
    }

    /** @return the model's name */
    public String name() {
        return name;
    }

    /** @return the model as stored now */
    public RegisteredModelRecord record() {
        return registry.store().registry().getModel(name);
    }

    /** @return every version, by number */
    public List<ModelVersion> versions() {
        return registry.store().registry().listVersions(name).stream().map(v -> new ModelVersion(registry, v)).toList();
    }

    /** @return the version behind {@code alias}, if set */
    public Optional<ModelVersion> alias(String alias) {
        Integer v = record().aliases().get(Checks.key("alias", alias));
        return v == null ? Optional.empty() : Optional.of(registry.version(name, v));
    }

    /**
     * Points {@code alias} at {@code toVersion} if it still points at {@code expectedVersion} (null:
     * expected unset).
     *
     * @throws io.mllifecycle.store.ConflictException if another writer moved it
     */
    public RegisteredModel moveAlias(String alias, Integer expectedVersion, int toVersion) {
        return move(alias, expectedVersion, toVersion);
    }

    /** Points {@code alias} at {@code toVersion} from wherever it points now (compare-and-set on what was read). */
    public RegisteredModel setAlias(String alias, int toVersion) {
        Checks.key("alias", alias);
        return move(alias, record().aliases().get(alias), toVersion);
    }

    /** Removes {@code alias} if it still points at {@code expectedVersion}. */
    public RegisteredModel removeAlias(String alias, int expectedVersion) {
        return move(alias, expectedVersion, null);
    }

    /** @return every alias move, oldest first */
    public List<AliasChange> aliasHistory() {
        return registry.store().registry().aliasHistory(name);
    }

    private RegisteredModel move(String alias, Integer expected, Integer to) {
        Checks.key("alias", alias);
        if (ModelReference.parse(name + "@" + alias).aliasAsStage() != null) {
            throw new IllegalArgumentException("alias must not be a stage name, since 'name@" + alias
                    + "' resolves the newest version in that stage, but was '" + alias + "'");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("alias", alias);
        details.put("from", expected == null ? "-" : expected.toString());
        details.put("to", to == null ? "-" : to.toString());
        RegistryWriter w = registry.writer();
        w.write(name, () -> registry.store().registry().moveAlias(name, alias, expected, to, registry.context().now(),
                registry.context().actor(), List.of(w.entry("model.alias.move", name, details))),
                m -> new ChangeNotice(RegistryEvent.Type.ALIAS_MOVED.name(), name, to == null ? 0 : to, details));
        return this;
    }

    /**
     * Stores {@code policy} as this model's governance policy — a new revision, audited; every lifecycle on the
     * store enforces it from then on (it replaces the default policy for this model).
     *
     * @return the stored revision
     * @throws io.mllifecycle.store.ConflictException if another writer stored a revision meanwhile
     */
    public PolicyRecord setPolicy(GovernancePolicy policy) {
        return registry.putPolicy(name, policy);
    }

    /** @return the policy that governs this model: its own, else the default, else {@link GovernancePolicy#none()} */
    public GovernancePolicy policy() {
        return registry.storedPolicyOf(name);
    }

    /** @return every stored revision of this model's own policy, oldest first */
    public List<PolicyRecord> policyHistory() {
        return registry.store().registry().policyHistory(name);
    }

    /** @return every transition request on this model's versions, oldest first */
    public List<ApprovalRequest> requests() {
        return registry.store().registry().listRequests(name).stream().map(r -> new ApprovalRequest(registry, r))
                .toList();
    }

    /**
     * Removes tag {@code key}; one audited write ({@code model.tag.delete}), nothing written when the model
     * lacks the tag.
     *
     * @return this handle
     * @throws io.mllifecycle.store.NotFoundException if the model no longer exists
     */
    public RegisteredModel deleteTag(String key) {
        Checks.key("tag key", key);
        RegistryWriter w = registry.writer();
        w.write(name, () -> registry.store().registry().deleteModelTag(name, key,
                List.of(w.entry("model.tag.delete", name, Map.of("key", key)))), null);
        return this;
    }

    /**
     * Deletes this model and its versions: one audited write ({@code model.delete}). The model is gone from
     * every read and its name is not given again. Refused while the model has an alias or a version in
     * PRODUCTION (remove the aliases, retire the versions first).
     *
     * @throws io.mllifecycle.store.ConflictException naming the aliases or production versions; nothing changed
     * @throws io.mllifecycle.store.NotFoundException if the model no longer exists
     */
    public void delete() {
        RegistryWriter w = registry.writer();
        w.write(name, () -> {
            registry.store().registry().deleteModel(name, List.of(w.entry("model.delete", name, Map.of())));
            return name;
        }, m -> new ChangeNotice(RegistryEvent.Type.MODEL_DELETED.name(), name, 0, Map.of()));
    }

    @Override
    public String toString() {
        return "RegisteredModel[" + name + "]";
    }
}
