package io.mllifecycle.store.spi;

import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.StageChange;

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

    /** @return {@code v} with tags and card merged and description/profile replaced when not null */
    public static ModelVersionRecord updated(ModelVersionRecord v, String description, Map<String, String> tags,
                                             Map<String, String> card, ProfileData profile) {
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
}
