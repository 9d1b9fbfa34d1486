package io.mllifecycle.audit;

import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.internal.LifecycleContext;
import io.mllifecycle.internal.ListenerSet;
import java.time.Clock;
import java.util.Optional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The audit trail of a registry: every state-changing call appends an event to a SHA-256 hash chain
 * kept by the store. {@link #verify()} detects an edited, removed, reordered or inserted event and
 * names the first bad one.
 *
 * <p>Queries read the chain from the store; they are meant for governance, not for hot paths.
 */
public final class AuditTrail {
    private static final int PAGE = 1_000;
    private final RegistryStore store;
    private final Clock clock;
    private final String actor;
    private final ListenerSet<VerificationListener> verified;

    private AuditTrail(RegistryStore store, Clock clock, String actor, ListenerSet<VerificationListener> verified) {
        this.store = store;
        this.clock = clock;
        this.actor = actor;
        this.verified = verified;
    }

    /** The trail of a lifecycle's store, stamping events with its clock and actor. Not API: use {@code lifecycle.audit()}. */
    public static AuditTrail over(LifecycleContext context) {
        return new AuditTrail(context.store().registry(), context.clock(), context.actor(),
                context.listeners(VerificationListener.class));
    }

    /**
     * Appends an event that records no registry change (a host's own governance fact, a monitor alert), by this
     * trail's actor, now. Registry changes record their own events in the same write.
     */
    public AuditEvent record(String action, String subject, Map<String, String> details) {
        return store.appendAudit(List.of(new AuditEntry(clock.instant(), actor, action, subject, details))).get(0);
    }

    /** @return the chain's current head, to store elsewhere and verify against later */
    public AuditCheckpoint checkpoint() {
        return store.auditHead().map(e -> new AuditCheckpoint(e.sequence(), e.hash()))
                .orElse(new AuditCheckpoint(0, ""));
    }

    /**
     * Checks the whole chain and that it contains every checkpoint unchanged and extends it: detects edited,
     * removed, inserted or reordered events, and also dropped newest events and a rewritten, re-hashed tail up to
     * the newest checkpoint.
     */
    public AuditVerification verify(AuditCheckpoint... checkpoints) {
        AuditVerification outcome = check(checkpoints);
        verified.notifyEach("audit verification", l -> l.verified(outcome));
        return outcome;
    }

    /**
     * Adds a listener told the outcome of every {@link #verify} of this lifecycle's trail (every handle of the
     * lifecycle shares the listeners); bad arguments to {@code verify} throw and are not reported.
     */
    public void addVerificationListener(VerificationListener listener) {
        verified.add(Checks.notNull("listener", listener));
    }

    /** Removes a verification listener. @return whether it was registered */
    public boolean removeVerificationListener(VerificationListener listener) {
        return verified.remove(listener);
    }

    private AuditVerification check(AuditCheckpoint... checkpoints) {
        Checks.notNull("checkpoints", checkpoints);
        List<AuditEvent> all = events();
        Optional<String> problem = AuditChain.verify(all);
        if (problem.isPresent()) {
            return AuditVerification.broken(all.size(), problem.get());
        }
        for (int i = 0; i < checkpoints.length; i++) {
            AuditCheckpoint c = Checks.notNull("checkpoints[" + i + "]", checkpoints[i]);
            if (c.sequence() == 0) {
                continue;
            }
            if (c.sequence() > all.size()) {
                return AuditVerification.broken(all.size(), "the chain has " + all.size() + " events but checkpoint "
                        + c + " saw " + c.sequence() + ": events after " + all.size() + " were dropped");
            }
            AuditEvent e = all.get((int) (c.sequence() - 1));
            if (!e.hash().equals(c.hash())) {
                return AuditVerification.broken(all.size(), "audit event " + c.sequence() + " has hash " + e.hash()
                        + " but checkpoint " + c + " recorded another: the chain was rewritten from event "
                        + c.sequence() + " or before");
            }
        }
        return AuditVerification.intact(all.size());
    }

    /** @return every event, oldest first */
    public List<AuditEvent> events() {
        return select(e -> true);
    }

    /** @return the events about {@code subject} (e.g. {@code churn/7} or {@code churn}), oldest first */
    public List<AuditEvent> eventsFor(String subject) {
        Checks.notNull("subject", subject);
        return select(e -> e.subject().equals(subject) || e.subject().startsWith(subject + "/"));
    }

    /** @return events with {@code from ≤ time < to}, oldest first */
    public List<AuditEvent> between(Instant from, Instant to) {
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        return select(e -> !e.time().isBefore(from) && e.time().isBefore(to));
    }


    private List<AuditEvent> select(Predicate<AuditEvent> filter) {
        List<AuditEvent> out = new ArrayList<>();
        long next = 1;
        while (true) {
            List<AuditEvent> page = store.auditEvents(next, PAGE);
            page.stream().filter(filter).forEach(out::add);
            if (page.size() < PAGE) {
                return out;
            }
            next = page.get(page.size() - 1).sequence() + 1;
        }
    }
}
