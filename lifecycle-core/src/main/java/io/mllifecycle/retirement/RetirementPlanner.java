package io.mllifecycle.retirement;

import io.mllifecycle.monitoring.MonitoringRuns;
import io.mllifecycle.internal.Factories;
import io.mllifecycle.internal.LifecycleContext;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns a policy and a model's versions into a dry-run {@link RetirementPlan}. */
final class RetirementPlanner {
    static {
        Factories.register(RetirementPlan.class, (context, request) -> {
            Map.Entry<?, ?> r = (Map.Entry<?, ?>) request;
            return plan(context, (String) r.getKey(), (RetirementPolicy) r.getValue(), context.now());
        });
    }

    private RetirementPlanner() {}

    /** Plans the retirement of {@code model}'s versions under {@code policy} as of {@code now}. */
    static RetirementPlan plan(LifecycleContext context, String model, RetirementPolicy policy, Instant now) {
        LifecycleStore store = context.store();
        List<ModelVersionRecord> versions = store.registry().listVersions(model);
        Map<String, Integer> aliases = store.registry().getModel(model).aliases();
        List<ModelVersionRecord> live = versions.stream().filter(v -> v.stage() != Stage.RETIRED).toList();
        List<RetirementDecision> decisions = new ArrayList<>();
        for (ModelVersionRecord v : versions) {
            decisions.add(decide(store, v, versions, live, aliases, policy, now));
        }
        return new RetirementPlan(context, model, policy, now, decisions);
    }

    private static RetirementDecision decide(LifecycleStore store, ModelVersionRecord v, List<ModelVersionRecord> all,
                                             List<ModelVersionRecord> live, Map<String, Integer> aliases,
                                             RetirementPolicy policy, Instant now) {
        Map<String, String> evidence = new LinkedHashMap<>();
        if (v.stage() == Stage.RETIRED) {
            return retired(store, v, all, policy, now, evidence);
        }
        List<String> retire = new ArrayList<>();
        List<String> deprecate = new ArrayList<>();
        Duration age = Duration.between(v.createdAt(), now);
        evidence.put("age", age.toString());
        if (policy.keepLatest() != null) {
            long newer = live.stream().filter(o -> o.version() > v.version()).count();
            if (newer >= policy.keepLatest()) {
                retire.add("older than the " + policy.keepLatest() + " latest live versions (" + newer + " newer)");
                evidence.put("newerLiveVersions", Long.toString(newer));
            }
        }
        if (policy.maxAge() != null && age.compareTo(policy.maxAge()) > 0) {
            retire.add("registered " + age + " ago, more than the maximum age " + policy.maxAge());
        }
        if (policy.neverPromotedAfter() != null && v.stage() == Stage.DEVELOPMENT && neverPromoted(v)
                && age.compareTo(policy.neverPromotedAfter()) > 0) {
            retire.add("never promoted out of DEVELOPMENT in " + age + " (limit " + policy.neverPromotedAfter() + ")");
        }
        for (RetirementPolicy.MetricRule rule : policy.metricRules()) {
            List<Double> history = MonitoringRuns.history(store, v.modelName(), v.version(), rule.metric());
            if (history.size() >= rule.windows()) {
                List<Double> last = history.subList(history.size() - rule.windows(), history.size());
                if (last.stream().allMatch(rule::outOfBounds)) {
                    retire.add("monitored " + rule.metric() + " out of [" + rule.min() + ", " + rule.max() + "] for the last "
                            + rule.windows() + " windows");
                    evidence.put("monitor." + rule.metric(), last.toString());
                }
            }
        }
        if (policy.supersededFor() != null && v.stage() == Stage.PRODUCTION) {
            supersededBy(v, all, policy.supersededFor(), now).ifPresent(newer -> {
                deprecate.add("superseded: " + newer.reference() + " has served in PRODUCTION for at least "
                        + policy.supersededFor());
                evidence.put("supersededBy", newer.reference());
            });
        }
        if (retire.isEmpty() && deprecate.isEmpty()) {
            return new RetirementDecision(v.modelName(), v.version(), v.stage(), RetirementAction.KEEP,
                    List.of("no rule applies"), evidence);
        }
        List<String> protections = new ArrayList<>();
        String behind = aliases.entrySet().stream().filter(e -> e.getValue() == v.version()).map(Map.Entry::getKey)
                .sorted().collect(Collectors.joining(", "));
        if (!behind.isEmpty() && !policy.includeAliased()) {
            protections.add("behind alias " + behind + " (protected; the policy does not include aliased versions)");
        }
        if (v.stage() == Stage.PRODUCTION && !policy.includeProduction()) {
            protections.add("in PRODUCTION (protected; the policy does not include production versions)");
        }
        List<String> reasons = new ArrayList<>(retire.isEmpty() ? deprecate : retire);
        if (!protections.isEmpty()) {
            reasons.addAll(0, protections);
            return new RetirementDecision(v.modelName(), v.version(), v.stage(), RetirementAction.KEEP, reasons, evidence);
        }
        return new RetirementDecision(v.modelName(), v.version(), v.stage(),
                retire.isEmpty() ? RetirementAction.DEPRECATE : RetirementAction.RETIRE, reasons, evidence);
    }

    private static RetirementDecision retired(LifecycleStore store, ModelVersionRecord v, List<ModelVersionRecord> all,
                                              RetirementPolicy policy, Instant now, Map<String, String> evidence) {
        Instant retiredAt = lastEntry(v, Stage.RETIRED).orElse(v.createdAt());
        Duration retiredFor = Duration.between(retiredAt, now);
        evidence.put("retiredFor", retiredFor.toString());
        if (policy.purge().isEmpty()) {
            return keep(v, "already RETIRED", evidence);
        }
        if (retiredFor.compareTo(policy.purge().get()) < 0) {
            return keep(v, "RETIRED for " + retiredFor + ", less than the retention period " + policy.purge().get(), evidence);
        }
        if (!store.artifacts().exists(v.artifactDigest())) {
            return keep(v, "RETIRED and its artifact bytes are already purged", evidence);
        }
        List<String> sharing = all.stream().filter(o -> o.stage() != Stage.RETIRED
                && o.artifactDigest().equals(v.artifactDigest())).map(ModelVersionRecord::reference).toList();
        if (!sharing.isEmpty()) {
            return keep(v, "RETIRED, but its artifact bytes are shared with live " + sharing, evidence);
        }
        return new RetirementDecision(v.modelName(), v.version(), v.stage(), RetirementAction.PURGE_ARTIFACT,
                List.of("RETIRED for " + retiredFor + ", past the retention period " + policy.purge().get()
                        + ": artifact bytes are purged, metadata and audit trail kept"), evidence);
    }

    private static RetirementDecision keep(ModelVersionRecord v, String reason, Map<String, String> evidence) {
        return new RetirementDecision(v.modelName(), v.version(), v.stage(), RetirementAction.KEEP, List.of(reason), evidence);
    }

    private static boolean neverPromoted(ModelVersionRecord v) {
        return v.stageHistory().stream().noneMatch(c -> c.to() == Stage.STAGING || c.to() == Stage.PRODUCTION);
    }

    private static Optional<ModelVersionRecord> supersededBy(ModelVersionRecord v, List<ModelVersionRecord> all,
                                                             Duration d, Instant now) {
        return all.stream().filter(o -> o.version() > v.version() && o.stage() == Stage.PRODUCTION)
                .filter(o -> lastEntry(o, Stage.PRODUCTION).map(t -> Duration.between(t, now).compareTo(d) >= 0)
                        .orElse(false))
                .findFirst();
    }

    private static Optional<Instant> lastEntry(ModelVersionRecord v, Stage stage) {
        List<StageChange> h = v.stageHistory();
        for (int i = h.size() - 1; i >= 0; i--) {
            if (h.get(i).to() == stage) {
                return Optional.of(h.get(i).at());
            }
        }
        return Optional.empty();
    }
}
