package io.mllifecycle.store.tck;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.TransitionRequest;
import io.mllifecycle.store.spi.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Checks that a registry's changes and its audit trail match one to one: every change the store holds has
 * the audit event that records it, and every audit event that records a change names one the store holds.
 * Crash harnesses call it after each kill to prove that a change and its events were committed together.
 *
 * <p>Changes are named by <em>change keys</em> derived from the stored records:
 * <ul>
 *   <li>{@code model <name>} — a model was created;</li>
 *   <li>{@code version <model>/<n>} — a version was registered;</li>
 *   <li>{@code stage <model>/<n> <from>-><to> <at>} — a stage change after registration;</li>
 *   <li>{@code gate <model>/<n> <targetStage> <evaluatedAt>} — gate evidence was stored;</li>
 *   <li>{@code alias <model> <alias> <from>-><to> <at>} — an alias moved ({@code -} for unset);</li>
 *   <li>{@code policy <scope> <revision>} — a policy revision was stored;</li>
 *   <li>{@code request <id>} and {@code decision <id>} — a request was created, and decided.</li>
 * </ul>
 * Changes that replace a whole value (model or version descriptions, tags, card fields) leave no trace to
 * count and are not checked. How an audit event names its changes is the writer's convention, given as a
 * function; {@link #CHANGES_DETAIL} is a ready one.
 */
public final class AuditCoverage {
    /**
     * The audit detail under which {@link #fromDetail(AuditEvent)} finds the change keys an event records,
     * separated by {@code ;}.
     */
    public static final String CHANGES_DETAIL = "changes";

    private AuditCoverage() {}

    /** @return the change keys the event lists under {@link #CHANGES_DETAIL}; none if it has no such detail */
    public static List<String> fromDetail(AuditEvent event) {
        String keys = Checks.notNull("event", event).details().get(CHANGES_DETAIL);
        return keys == null || keys.isEmpty() ? List.of() : Arrays.asList(keys.split(";"));
    }

    /** @return the key of a stage change of {@code model/version} */
    public static String stageKey(String model, int version, StageChange change) {
        return "stage " + model + "/" + version + " " + change.from() + "->" + change.to() + " " + change.at();
    }

    /** @return the key of gate evidence stored with {@code model/version} */
    public static String gateKey(String model, int version, GateReport report) {
        return "gate " + model + "/" + version + " " + report.targetStage() + " " + report.evaluatedAt();
    }

    /** @return the key of an alias move of {@code model} */
    public static String aliasKey(String model, AliasChange change) {
        return "alias " + model + " " + change.alias() + " " + orDash(change.fromVersion()) + "->" + orDash(change.toVersion())
                + " " + change.at();
    }

    /** @return how many times each change key occurs in what {@code store} holds */
    public static Map<String, Integer> storedChanges(RegistryStore store) {
        Checks.notNull("store", store);
        Map<String, Integer> out = new TreeMap<>();
        List<String> scopes = new ArrayList<>();
        scopes.add(PolicyRecord.DEFAULT_SCOPE);
        for (RegisteredModelRecord m : store.listModels()) {
            scopes.add(m.name());
            add(out, "model " + m.name());
            for (ModelVersionRecord v : store.listVersions(m.name())) {
                add(out, "version " + v.reference());
                List<StageChange> history = v.stageHistory();
                for (int i = 1; i < history.size(); i++) {
                    add(out, stageKey(m.name(), v.version(), history.get(i)));
                }
                v.gateReports().forEach(r -> add(out, gateKey(m.name(), v.version(), r)));
            }
            store.aliasHistory(m.name()).forEach(a -> add(out, aliasKey(m.name(), a)));
            for (TransitionRequest r : store.listRequests(m.name())) {
                add(out, "request " + r.id());
                if (r.status() != RequestStatus.PENDING) {
                    add(out, "decision " + r.id());
                }
            }
        }
        for (String scope : scopes) {
            store.policyHistory(scope).forEach(p -> add(out, "policy " + p.scope() + " " + p.revision()));
        }
        return out;
    }

    /** @return how many times each change key is named by the audit events of {@code store} */
    public static Map<String, Integer> auditedChanges(RegistryStore store,
                                                      Function<AuditEvent, List<String>> changesOf) {
        Checks.notNull("store", store);
        Checks.notNull("changesOf", changesOf);
        Map<String, Integer> out = new TreeMap<>();
        for (long from = 1; ; ) {
            List<AuditEvent> page = store.auditEvents(from, 1000);
            page.forEach(e -> changesOf.apply(e).forEach(k -> add(out, k)));
            if (page.size() < 1000) {
                return out;
            }
            from += page.size();
        }
    }

    /**
     * @return a description of every mismatch between stored and audited changes (a change without its event,
     *         an event without its change, counts that differ); empty when they match one to one
     */
    public static List<String> mismatches(RegistryStore store, Function<AuditEvent, List<String>> changesOf) {
        Map<String, Integer> stored = storedChanges(store);
        Map<String, Integer> audited = auditedChanges(store, changesOf);
        Map<String, Integer> all = new HashMap<>(stored);
        audited.keySet().forEach(k -> all.putIfAbsent(k, 0));
        List<String> out = new ArrayList<>();
        new TreeMap<>(all).keySet().forEach(k -> {
            int s = stored.getOrDefault(k, 0);
            int a = audited.getOrDefault(k, 0);
            if (s != a) {
                out.add(s > a ? "change '" + k + "' is stored " + s + "× but audited " + a + "×"
                        : "audit events name change '" + k + "' " + a + "× but the store holds it " + s + "×");
            }
        });
        return out;
    }

    /**
     * @throws AssertionError listing the mismatches, unless every stored change has its audit event and every
     *                        audited change is stored
     */
    public static void assertCovered(RegistryStore store, Function<AuditEvent, List<String>> changesOf) {
        List<String> problems = mismatches(store, changesOf);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " registry changes and audit events do not match: "
                    + problems.subList(0, Math.min(20, problems.size())));
        }
    }

    private static void add(Map<String, Integer> counts, String key) {
        counts.merge(Objects.requireNonNull(key), 1, Integer::sum);
    }

    private static String orDash(Integer version) {
        return version == null ? "-" : version.toString();
    }
}
