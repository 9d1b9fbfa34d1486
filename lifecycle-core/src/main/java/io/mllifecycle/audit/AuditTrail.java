package io.mllifecycle.audit;

import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.RegistryStore;
import java.time.Clock;
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

    /** A trail over {@code store}'s chain, stamping events with {@code clock} and {@code actor}. */
    public AuditTrail(RegistryStore store, Clock clock, String actor) {
        this.store = Checks.notNull("store", store);
        this.clock = Checks.notNull("clock", clock);
        this.actor = Checks.name("actor", actor);
    }

    /** Appends an event by this trail's actor, now. */
    public AuditEvent record(String action, String subject, Map<String, String> details) {
        return store.appendAudit(List.of(new AuditEntry(clock.instant(), actor, action, subject, details)));
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

    /** Checks the whole chain. */
    public AuditVerification verify() {
        List<AuditEvent> all = events();
        return AuditChain.verify(all).map(problem -> AuditVerification.broken(all.size(), problem))
                .orElseGet(() -> AuditVerification.intact(all.size()));
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
