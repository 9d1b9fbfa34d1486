package io.mllifecycle.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Registered models, their versions, stages, aliases, gate evidence, governance policies, approval requests
 * and the audit trail.
 *
 * <p>Contract (checked by the TCK): version numbers per model are 1, 2, 3 … unique and gapless under
 * concurrent writers; stage transitions, alias moves, policy changes and request decisions are
 * compare-and-set and fail with {@link ConflictException} when the expected prior state no longer holds;
 * audit events form one gapless hash chain.
 *
 * <p><b>Audited writes.</b> Every mutating method takes the audit entries that record the change, and the
 * store commits the change and its events atomically — both or neither, also across a crash (file store:
 * one journal record; JDBC: one transaction; in-memory: one critical section). A call that is rejected
 * (conflict, not found, bad argument) appends nothing. The entries are appended in the given order after
 * the current head of the chain. The store does not judge whether a stage transition is allowed — the core
 * does.
 *
 * <p><b>Reference profiles.</b> Versions carry a {@link ProfileRef} (digest, media type, size), never the
 * bytes: the caller stores the bytes in the {@link ArtifactStore} first and a reader opens them there on
 * demand, so no write of this interface copies a profile, and equal profiles share one blob. Every
 * version's profile digest is in {@link #referencedDigests()}.
 */
public interface RegistryStore {

    /** Creates a model with its audit events. @throws ConflictException if the name is taken */
    RegisteredModelRecord createModel(String name, String description, Map<String, String> tags, Instant createdAt,
                                      List<AuditEntry> audit);

    /** @return the model @throws NotFoundException if there is none */
    RegisteredModelRecord getModel(String name);

    /** @return the model, if any */
    Optional<RegisteredModelRecord> findModel(String name);

    /** @return every model ordered by name */
    List<RegisteredModelRecord> listModels();

    /** Replaces description and sets (adds or replaces) tags, with its audit events. @return the updated model */
    RegisteredModelRecord updateModel(String name, String description, Map<String, String> tags,
                                      List<AuditEntry> audit);

    /**
     * Registers a version with the next number, in {@link Stage#DEVELOPMENT}, with the audit events
     * {@code audit} makes of the new record (called once, inside the write, when the number is known; it must
     * not touch the store).
     */
    ModelVersionRecord createVersion(NewModelVersion version, Function<ModelVersionRecord, List<AuditEntry>> audit);

    /** @return the version @throws NotFoundException if there is none */
    ModelVersionRecord getVersion(String modelName, int version);

    /** @return every version of a model, by number */
    List<ModelVersionRecord> listVersions(String modelName);

    /**
     * Sets (adds or replaces) tags and model-card fields of a version and, if not null, its description
     * and reference profile (a {@link ProfileRef}: the caller stored the bytes in the artifact store), with its
     * audit events.
     */
    ModelVersionRecord updateVersion(String modelName, int version, String description, Map<String, String> tags,
                                     Map<String, String> card, ProfileRef profile, List<AuditEntry> audit);

    /**
     * Moves a version's stage if it is still {@code expected}, appends {@code change} to its history and, if
     * {@code gateReport} is not null, the gate evidence that allowed it — one write with its audit events.
     *
     * @throws ConflictException if the current stage is not {@code expected}
     */
    ModelVersionRecord transitionStage(String modelName, int version, Stage expected, StageChange change,
                                       GateReport gateReport, List<AuditEntry> audit);

    /** Appends gate evidence (typically of a refused promotion) to a version, with its audit events. */
    ModelVersionRecord addGateReport(String modelName, int version, GateReport report, List<AuditEntry> audit);

    /**
     * Points {@code alias} at {@code toVersion} (or removes it when {@code toVersion} is null) if it still
     * points at {@code expectedVersion} (null: expected unset), with its audit events.
     *
     * @throws ConflictException if the alias points elsewhere
     * @throws NotFoundException if {@code toVersion} does not exist
     */
    RegisteredModelRecord moveAlias(String modelName, String alias, Integer expectedVersion, Integer toVersion,
                                    Instant at, String actor, List<AuditEntry> audit);

    /** @return every alias move of a model, oldest first */
    List<AliasChange> aliasHistory(String modelName);

    /**
     * Stores revision {@code policy.revision()} of the policy of {@code policy.scope()} if the latest stored
     * revision is {@code policy.revision() − 1} (0: none yet), with its audit events.
     *
     * @throws ConflictException if another revision was stored meanwhile
     * @throws NotFoundException if the scope names a model that does not exist
     */
    PolicyRecord putPolicy(PolicyRecord policy, List<AuditEntry> audit);

    /** @return the latest revision of the policy of {@code scope} (a model name or {@code "*"}), if any */
    Optional<PolicyRecord> findPolicy(String scope);

    /** @return every revision of the policy of {@code scope}, oldest first */
    List<PolicyRecord> policyHistory(String scope);

    /**
     * Stores a new {@link RequestStatus#PENDING} request, with its audit events.
     *
     * @throws ConflictException if a request with this id exists, or the version is no longer in
     *                           {@code request.from()}
     * @throws NotFoundException if the version does not exist
     */
    TransitionRequest createRequest(TransitionRequest request, List<AuditEntry> audit);

    /**
     * Records the decision on a pending request and, if {@code apply} is not null, moves the version's stage
     * from {@code apply.from()} to {@code apply.to()} with {@code apply} appended to its history — one write
     * with its audit events.
     *
     * @param decided the request as decided ({@link TransitionRequest#decided}); same id, not pending
     * @throws ConflictException if the stored request is no longer pending, or the version is no longer in
     *                           {@code apply.from()}
     * @throws NotFoundException if there is no request with that id
     */
    TransitionRequest decideRequest(TransitionRequest decided, StageChange apply, List<AuditEntry> audit);

    /** @return the request @throws NotFoundException if there is none */
    TransitionRequest getRequest(String id);

    /** @return every request on versions of {@code modelName}, oldest first */
    List<TransitionRequest> listRequests(String modelName);

    /**
     * @return the digest of every blob a registry record refers to: each version's artifact and
     *         {@link ProfileRef profile} (retired versions included) and, where a store keeps them as blobs,
     *         reports
     */
    Set<String> referencedDigests();

    /**
     * Removes tag {@code key} of a model, with its audit events; a tag the model lacks changes nothing and
     * writes no audit event.
     *
     * @return the model as it is now
     * @throws NotFoundException if the model does not exist
     */
    RegisteredModelRecord deleteModelTag(String name, String key, List<AuditEntry> audit);

    /**
     * Removes tag {@code key} of a version, with its audit events; a tag the version lacks changes nothing and
     * writes no audit event.
     *
     * @return the version as it is now
     * @throws NotFoundException if the version does not exist
     */
    ModelVersionRecord deleteVersionTag(String modelName, int version, String key, List<AuditEntry> audit);

    /**
     * Deletes a version, with its audit events: it is gone from every read ({@link #getVersion} throws
     * {@link NotFoundException}, {@link #listVersions} and {@link #referencedDigests} leave it out), and its
     * number is never given again. Refused while the version is in {@link Stage#PRODUCTION} or behind an
     * alias, checked in the same write.
     *
     * @throws ConflictException naming the stage or the aliases that hold the version
     * @throws NotFoundException if the version does not exist
     */
    void deleteVersion(String modelName, int version, List<AuditEntry> audit);

    /**
     * Deletes a model and all its versions, with its audit events: it is gone from every read, and its
     * name is not taken again ({@link #createModel} refuses it), so audit events and lineage that name it
     * stay unambiguous. Refused while the model has an alias or a version in {@link Stage#PRODUCTION},
     * checked in the same write.
     *
     * @throws ConflictException naming the aliases or the production versions
     * @throws NotFoundException if the model does not exist
     */
    void deleteModel(String name, List<AuditEntry> audit);

    /**
     * Appends events that record no registry change (e.g. a run deleted, a verification that failed), in
     * order, atomically. @return the events as chained
     */
    List<AuditEvent> appendAudit(List<AuditEntry> entries);

    /** @return up to {@code limit} events with sequence ≥ {@code fromSequence}, in order */
    List<AuditEvent> auditEvents(long fromSequence, int limit);

    /** @return the newest event of the chain, if any (for checkpoints; the store reads only the head) */
    Optional<AuditEvent> auditHead();
}
