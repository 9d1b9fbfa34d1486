package io.mllifecycle.retirement;

import io.mllifecycle.registry.ModelRegistry;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dry-run plan: one {@link RetirementDecision} per version, with reasons and evidence. Nothing changes
 * until {@link #apply()}, which performs the transitions through the registry's compare-and-set and
 * audit path and purges artifact bytes under the retention rule. Applying twice changes nothing the
 * second time.
 */
public final class RetirementPlan {
    private static final Logger LOG = LoggerFactory.getLogger(RetirementPlan.class);
    private final ModelRegistry registry;
    private final LifecycleStore store;
    private final String model;
    private final RetirementPolicy policy;
    private final Instant plannedAt;
    private final List<RetirementDecision> decisions;

    RetirementPlan(ModelRegistry registry, LifecycleStore store, String model, RetirementPolicy policy, Instant plannedAt,
                   List<RetirementDecision> decisions) {
        this.registry = registry;
        this.store = store;
        this.model = model;
        this.policy = policy;
        this.plannedAt = plannedAt;
        this.decisions = List.copyOf(decisions);
    }

    /** @return one decision per version, by version number */
    public List<RetirementDecision> decisions() {
        return decisions;
    }

    /** @return the decisions that change something */
    public List<RetirementDecision> changes() {
        return decisions.stream().filter(d -> d.action() != RetirementAction.KEEP).toList();
    }

    /** @return when the plan was made */
    public Instant plannedAt() {
        return plannedAt;
    }

    /** @return the policy it applies */
    public RetirementPolicy policy() {
        return policy;
    }

    /**
     * Carries out the plan. A version whose state moved since planning (another writer, an alias moved
     * onto it) is skipped and reported, never forced.
     *
     * @return what happened to each changing decision
     */
    public List<Outcome> apply() {
        List<Outcome> outcomes = new ArrayList<>();
        for (RetirementDecision d : changes()) {
            outcomes.add(applyOne(d));
        }
        if (!outcomes.isEmpty()) {
            LOG.info("retirement plan for {} applied: {}", model, outcomes.stream()
                    .collect(Collectors.groupingBy(Outcome::status, Collectors.counting())));
        }
        return outcomes;
    }

    private Outcome applyOne(RetirementDecision d) {
        ModelVersionRecord now = store.registry().getVersion(d.model(), d.version());
        String reason = String.join("; ", d.reasons());
        if (d.action() == RetirementAction.PURGE_ARTIFACT) {
            if (!store.artifacts().exists(now.artifactDigest())) {
                return new Outcome(d, Status.ALREADY_DONE, "artifact bytes already purged");
            }
            store.artifacts().delete(now.artifactDigest());
            registry.audit().record("artifact.purge", d.reference(), Map.of("digest", now.artifactDigest(),
                    "reason", reason));
            return new Outcome(d, Status.APPLIED, "artifact " + now.artifactDigest() + " purged");
        }
        Stage target = d.action() == RetirementAction.RETIRE ? Stage.RETIRED : Stage.DEPRECATED;
        if (now.stage() == target || now.stage() == Stage.RETIRED) {
            return new Outcome(d, Status.ALREADY_DONE, d.reference() + " is already " + now.stage());
        }
        if (now.stage() != d.stage()) {
            return new Outcome(d, Status.SKIPPED, d.reference() + " moved from " + d.stage() + " to " + now.stage()
                    + " since the plan was made");
        }
        boolean aliased = store.registry().getModel(d.model()).aliases().containsValue(d.version());
        if (aliased && !policy.includeAliased()) {
            return new Outcome(d, Status.SKIPPED, d.reference() + " is behind an alias now; protected");
        }
        try {
            registry.version(d.model(), d.version()).retireByPolicy(d.stage(), target, reason);
            return new Outcome(d, Status.APPLIED, d.reference() + " " + d.stage() + " → " + target);
        } catch (ConflictException e) {
            return new Outcome(d, Status.SKIPPED, e.getMessage());
        }
    }

    /** What {@link #apply()} did with one decision. */
    public enum Status { APPLIED, ALREADY_DONE, SKIPPED }

    /**
     * @param decision the decision
     * @param status   what happened
     * @param detail   a sentence saying what and why
     */
    public record Outcome(RetirementDecision decision, Status status, String detail) {}

    /** @return the plan as lines a person reads */
    @Override
    public String toString() {
        return "Retirement plan for " + model + " at " + plannedAt + ":\n" + decisions.stream()
                .map(d -> "  " + d).collect(Collectors.joining("\n"));
    }
}
