package io.mllifecycle.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registered models, their versions, stages, aliases, gate evidence and the audit trail.
 *
 * <p>Contract (checked by the TCK): version numbers per model are 1, 2, 3 … unique and gapless under
 * concurrent writers; stage transitions and alias moves are compare-and-set and fail with
 * {@link ConflictException} when the expected prior state no longer holds; audit events form one
 * gapless hash chain. The store does not judge whether a stage transition is allowed — the core does.
 */
public interface RegistryStore {

    /** Creates a model. @throws ConflictException if the name is taken */
    RegisteredModelRecord createModel(String name, String description, Map<String, String> tags, Instant createdAt);

    /** @return the model @throws NotFoundException if there is none */
    RegisteredModelRecord getModel(String name);

    /** @return the model, if any */
    Optional<RegisteredModelRecord> findModel(String name);

    /** @return every model ordered by name */
    List<RegisteredModelRecord> listModels();

    /** Replaces description and sets (adds or replaces) tags. @return the updated model */
    RegisteredModelRecord updateModel(String name, String description, Map<String, String> tags);

    /** Registers a version with the next number, in {@link Stage#DEVELOPMENT}. */
    ModelVersionRecord createVersion(NewModelVersion version);

    /** @return the version @throws NotFoundException if there is none */
    ModelVersionRecord getVersion(String modelName, int version);

    /** @return every version of a model, by number */
    List<ModelVersionRecord> listVersions(String modelName);

    /**
     * Sets (adds or replaces) tags and model-card fields of a version and, if not null, its description
     * and reference profile.
     */
    ModelVersionRecord updateVersion(String modelName, int version, String description, Map<String, String> tags,
                                     Map<String, String> card, ProfileData profile);

    /**
     * Moves a version's stage if it is still {@code expected}, and appends {@code change} to its history.
     *
     * @throws ConflictException if the current stage is not {@code expected}
     */
    ModelVersionRecord transitionStage(String modelName, int version, Stage expected, StageChange change);

    /** Appends gate evidence to a version. */
    ModelVersionRecord addGateReport(String modelName, int version, GateReport report);

    /**
     * Points {@code alias} at {@code toVersion} (or removes it when {@code toVersion} is null) if it still
     * points at {@code expectedVersion} (null: expected unset).
     *
     * @throws ConflictException if the alias points elsewhere
     * @throws NotFoundException if {@code toVersion} does not exist
     */
    RegisteredModelRecord moveAlias(String modelName, String alias, Integer expectedVersion, Integer toVersion,
                                    Instant at, String actor);

    /** @return every alias move of a model, oldest first */
    List<AliasChange> aliasHistory(String modelName);

    /** Appends an event to the audit chain; the store assigns sequence and hashes atomically. */
    AuditEvent appendAudit(AuditEntry entry);

    /** @return up to {@code limit} events with sequence ≥ {@code fromSequence}, in order */
    List<AuditEvent> auditEvents(long fromSequence, int limit);
}
