package io.mllifecycle.store.spi;

import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.TransitionRequest;
import java.util.Optional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rules of the registry contract that every store applies the same way, so errors match across stores. */
public final class RegistryRules {
    private RegistryRules() {}

    /** @return the record of a newly registered version with number {@code number}, in DEVELOPMENT */
    public static ModelVersionRecord firstRecord(NewModelVersion spec, int number) {
        StageChange initial = new StageChange(null, Stage.DEVELOPMENT, spec.createdAt(), spec.actor(), "registered");
        return new ModelVersionRecord(spec.modelName(), number, spec.sourceRunId(), spec.artifactDigest(),
                spec.description(), Stage.DEVELOPMENT, spec.tags(), spec.card(), spec.profile(), List.of(initial),
                List.of(), spec.createdAt());
    }

    /**
     * @return the blob digests {@code v} refers to, for {@code referencedDigests()}: its artifact and, if it has
     *         one, its profile
     */
    public static List<String> digestsOf(ModelVersionRecord v) {
        return v.profile() == null ? List.of(v.artifactDigest()) : List.of(v.artifactDigest(), v.profile().digest());
    }

    /** @return {@code v} with tags and card merged and description/profile replaced when not null */
    public static ModelVersionRecord updated(ModelVersionRecord v, String description, Map<String, String> tags,
                                             Map<String, String> card, ProfileRef profile) {
        if (description != null) {
            Checks.description("description", description);
        }
        Checks.tags("tags", tags);
        Checks.notNull("card", card);
        card.forEach((k, val) -> {
            Checks.key("card key", k);
            Checks.description("card['" + k + "']", val);
        });
        Map<String, String> t = new TreeMap<>(v.tags());
        t.putAll(tags);
        Map<String, String> c = new TreeMap<>(v.card());
        c.putAll(card);
        return new ModelVersionRecord(v.modelName(), v.version(), v.sourceRunId(), v.artifactDigest(),
                description == null ? v.description() : description, v.stage(), t, c,
                profile == null ? v.profile() : profile, v.stageHistory(), v.gateReports(), v.createdAt());
    }

    /**
     * @return {@code v} moved to {@code change.to()} with the change appended to its history
     * @throws ConflictException if {@code v} is not in {@code expected}
     * @throws IllegalArgumentException if {@code change.from()} is not {@code expected}
     */
    public static ModelVersionRecord transitioned(ModelVersionRecord v, Stage expected, StageChange change) {
        if (change.from() != expected) {
            throw new IllegalArgumentException("change.from must equal expected (" + expected + "), but was "
                    + change.from());
        }
        if (v.stage() != expected) {
            throw new ConflictException(v.reference() + " is in " + v.stage() + ", not " + expected
                    + " as expected: another writer changed it; re-read and retry");
        }
        List<StageChange> history = new ArrayList<>(v.stageHistory());
        history.add(change);
        return new ModelVersionRecord(v.modelName(), v.version(), v.sourceRunId(), v.artifactDigest(), v.description(),
                change.to(), v.tags(), v.card(), v.profile(), history, v.gateReports(), v.createdAt());
    }

    /** @return {@code v} with {@code report} appended to its gate evidence */
    public static ModelVersionRecord withReport(ModelVersionRecord v, GateReport report) {
        List<GateReport> reports = new ArrayList<>(v.gateReports());
        reports.add(report);
        return new ModelVersionRecord(v.modelName(), v.version(), v.sourceRunId(), v.artifactDigest(), v.description(),
                v.stage(), v.tags(), v.card(), v.profile(), v.stageHistory(), reports, v.createdAt());
    }

    /** @throws ConflictException if {@code alias} of {@code model} does not point at {@code expected} */
    public static void checkAliasExpectation(RegisteredModelRecord model, String alias, Integer expected) {
        Integer current = model.aliases().get(alias);
        if (current == null ? expected != null : !current.equals(expected)) {
            throw new ConflictException("alias '" + alias + "' of model '" + model.name() + "' points to "
                    + (current == null ? "no version" : "version " + current) + ", not "
                    + (expected == null ? "no version" : "version " + expected)
                    + " as expected: another writer moved it; re-read and retry");
        }
    }

    /** @return {@code model} with {@code alias} pointing at {@code toVersion}, or removed when it is null */
    public static RegisteredModelRecord withAlias(RegisteredModelRecord model, String alias, Integer toVersion) {
        Map<String, Integer> aliases = new TreeMap<>(model.aliases());
        if (toVersion == null) {
            aliases.remove(alias);
        } else {
            aliases.put(alias, toVersion);
        }
        return new RegisteredModelRecord(model.name(), model.description(), model.tags(), aliases, model.createdAt());
    }

    /** @throws IllegalArgumentException for a sequence below 1 or a limit below 1 */
    public static void checkAuditRange(long fromSequence, int limit) {
        if (fromSequence < 1) {
            throw new IllegalArgumentException("fromSequence must be ≥ 1, but was " + fromSequence);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be ≥ 1, but was " + limit);
        }
    }

    /**
     * @return a copy of the audit entries given to a mutator, each checked not null
     * @throws IllegalArgumentException naming the first null entry
     */
    public static List<AuditEntry> auditEntries(List<AuditEntry> audit) {
        Checks.notNull("audit", audit);
        for (int i = 0; i < audit.size(); i++) {
            Checks.notNull("audit[" + i + "]", audit.get(i));
        }
        return List.copyOf(audit);
    }

    /** @return {@code entries} chained after the event at {@code headSequence} (0: none) with {@code headHash} */
    public static List<AuditEvent> chain(List<AuditEntry> entries, long headSequence, String headHash) {
        List<AuditEvent> out = new ArrayList<>(entries.size());
        String previous = headHash;
        long sequence = headSequence;
        for (AuditEntry entry : entries) {
            AuditEvent e = AuditEvent.chain(++sequence, entry, previous);
            out.add(e);
            previous = e.hash();
        }
        return out;
    }

    /** @throws ConflictException unless {@code next} is the revision after {@code latest} */
    public static void checkPolicyRevision(Optional<PolicyRecord> latest, PolicyRecord next) {
        int current = latest.map(PolicyRecord::revision).orElse(0);
        if (next.revision() != current + 1) {
            throw new ConflictException("policy of " + scopeName(next.scope()) + " is at revision " + current
                    + ", so the next must be " + (current + 1) + ", but was " + next.revision()
                    + ": another writer changed it; re-read and retry");
        }
    }

    /**
     * @throws ConflictException if the version is not in the stage the request starts from
     * @throws IllegalArgumentException if a new request is not pending
     */
    public static void checkNewRequest(ModelVersionRecord v, TransitionRequest request) {
        if (request.status() != RequestStatus.PENDING) {
            throw new IllegalArgumentException("a new request must be PENDING, but was " + request.status());
        }
        if (v.stage() != request.from()) {
            throw new ConflictException(v.reference() + " is in " + v.stage() + ", not " + request.from()
                    + " as the request expects: another writer changed it; re-read and retry");
        }
    }

    /**
     * @throws ConflictException if {@code stored} is no longer pending
     * @throws IllegalArgumentException if {@code decided} is not {@code stored} decided, or {@code apply} does
     *                                  not match it
     */
    public static void checkDecision(TransitionRequest stored, TransitionRequest decided, StageChange apply) {
        if (stored.status() != RequestStatus.PENDING) {
            throw new ConflictException("request " + stored.id() + " on " + stored.reference() + " was already "
                    + stored.status() + " by " + stored.decidedBy() + "; only a PENDING request can be decided");
        }
        if (decided.status() == RequestStatus.PENDING || !stored.equals(new TransitionRequest(decided.id(),
                decided.modelName(), decided.version(), decided.from(), decided.to(), decided.reason(),
                decided.requestedBy(), decided.requestedAt(), RequestStatus.PENDING, null, null, ""))) {
            throw new IllegalArgumentException("decided must be request " + stored.id() + " as stored, decided,"
                    + " but was " + decided);
        }
        if (apply != null && (decided.status() != RequestStatus.APPROVED || apply.to() != stored.to())) {
            throw new IllegalArgumentException("apply must be null unless the request is APPROVED, and then move to "
                    + stored.to() + ", but was " + apply + " for a request " + decided.status());
        }
    }

    private static String scopeName(String scope) {
        return PolicyRecord.DEFAULT_SCOPE.equals(scope) ? "all models ('*')" : "model '" + scope + "'";
    }

    /**
     * Checks that a version may be deleted: not in {@link io.mllifecycle.store.Stage#PRODUCTION} and behind
     * no alias of its model.
     *
     * @throws ConflictException naming the stage or the aliases
     */
    public static void checkVersionDeletable(RegisteredModelRecord model, ModelVersionRecord v) {
        if (v.stage() == Stage.PRODUCTION) {
            throw new ConflictException("version " + v.reference() + " is in PRODUCTION and cannot be deleted;"
                    + " move it on to DEPRECATED or RETIRED first");
        }
        List<String> aliases = model.aliases().entrySet().stream()
                .filter(e -> e.getValue() == v.version()).map(Map.Entry::getKey).sorted().toList();
        if (!aliases.isEmpty()) {
            throw new ConflictException("version " + v.reference() + " is behind alias(es) " + aliases
                    + " and cannot be deleted; remove or move the alias(es) first");
        }
    }

    /**
     * Checks that a model may be deleted: no alias and no version in PRODUCTION among {@code live}.
     *
     * @throws ConflictException naming the aliases or the production versions
     */
    public static void checkModelDeletable(RegisteredModelRecord model, List<ModelVersionRecord> live) {
        if (!model.aliases().isEmpty()) {
            throw new ConflictException("model '" + model.name() + "' has alias(es) "
                    + new java.util.TreeSet<>(model.aliases().keySet()) + " and cannot be deleted;"
                    + " remove the aliases first");
        }
        List<Integer> production = live.stream()
                .filter(v -> v.stage() == Stage.PRODUCTION).map(ModelVersionRecord::version)
                .toList();
        if (!production.isEmpty()) {
            throw new ConflictException("model '" + model.name() + "' has version(s) " + production
                    + " in PRODUCTION and cannot be deleted; move them on to DEPRECATED or RETIRED first");
        }
    }

    /** @return the message of the {@link ConflictException} for creating a model under a deleted model's name */
    public static String deletedName(String name) {
        return "model '" + name + "' was deleted; its name is not given again, so that audit events and"
                + " lineage that name it stay unambiguous";
    }

    /** @return {@code v} without tag {@code key} */
    public static ModelVersionRecord withoutTag(ModelVersionRecord v, String key) {
        Map<String, String> tags = new TreeMap<>(v.tags());
        tags.remove(key);
        return new ModelVersionRecord(v.modelName(), v.version(), v.sourceRunId(), v.artifactDigest(), v.description(),
                v.stage(), tags, v.card(), v.profile(), v.stageHistory(), v.gateReports(), v.createdAt());
    }
}
