package io.mllifecycle.retirement;

import io.mllifecycle.internal.ChangeNotice;
import io.mllifecycle.internal.Factories;
import io.mllifecycle.internal.LifecycleContext;
import io.mllifecycle.internal.RegistryWriter;
import io.mllifecycle.store.StageChange;
import java.util.LinkedHashMap;
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
    static {
        // the planner registers the factory the facade uses
        try {
            Class.forName(RetirementPlanner.class.getName());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LifecycleContext context;
    private final LifecycleStore store;
    private final String model;
    private final RetirementPolicy policy;
    private final Instant plannedAt;
    private final List<RetirementDecision> decisions;

    RetirementPlan(LifecycleContext context, String model, RetirementPolicy policy, Instant plannedAt,
                   List<RetirementDecision> decisions) {
        this.context = context;
        this.store = context.store();
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
            return context.references().exclusively(() -> purge(d, now, reason));
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
            retire(d, target, reason);
            return new Outcome(d, Status.APPLIED, d.reference() + " " + d.stage() + " → " + target);
        } catch (ConflictException e) {
            return new Outcome(d, Status.SKIPPED, e.getMessage());
        }
    }

    /**
     * Moves a version on behalf of the policy, compare-and-set against the planned stage; gates do not apply (the
     * policy is the decision) and the move and its audit event are one write.
     */
    private void retire(RetirementDecision d, Stage target, String reason) {
        RegistryWriter w = context.writer();
        boolean forced = target == Stage.RETIRED && !d.stage().canMoveTo(target);
        String why = "retirement policy: " + reason;
        StageChange change = new StageChange(d.stage(), target, context.now(), context.actor(), why);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("from", d.stage().name());
        details.put("to", target.name());
        details.put("reason", why);
        details.put("forced", Boolean.toString(forced));
        w.write(d.model(), () -> store.registry().transitionStage(d.model(), d.version(), d.stage(), change, null,
                List.of(w.entry("model.version.transition", d.reference(), details))),
                v -> new ChangeNotice("STAGE_CHANGED", d.model(), d.version(),
                        Map.of("from", d.stage().name(), "to", target.name())));
    }

    /**
     * Frees a retired version's bytes only when nothing else refers to them: no run, no version of any model that
     * is not retired, no write in flight (one reference check for every purge).
     */
    private Outcome purge(RetirementDecision d, ModelVersionRecord now, String reason) {
        String digest = now.artifactDigest();
        if (!store.artifacts().exists(digest)) {
            return new Outcome(d, Status.ALREADY_DONE, "artifact bytes already purged");
        }
        List<String> users = context.references().usersOtherThanRetired(digest);
        if (!users.isEmpty()) {
            return new Outcome(d, Status.SKIPPED, "artifact " + digest + " of " + d.reference()
                    + " is kept: still used by " + String.join(", ", users));
        }
        // the event first: a crash between the two leaves a recorded purge whose bytes are still there (the next
        // apply deletes them), never bytes gone without a record
        RegistryWriter w = context.writer();
        w.write(d.model(), () -> store.registry().appendAudit(List.of(w.entry("artifact.purge", d.reference(),
                Map.of("digest", digest, "reason", reason)))),
                e -> new ChangeNotice("ARTIFACT_PURGED", d.model(), d.version(), Map.of("digest", digest)));
        store.artifacts().delete(digest);
        return new Outcome(d, Status.APPLIED, "artifact " + digest + " purged");
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
