package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.spi.AuditChain;

import java.time.Instant;
import java.util.Map;

/**
 * An event of the tamper-evident audit trail. {@code hash} is
 * {@link AuditChain#hash(long, Instant, String, String, String, Map, String)} of the other fields, and
 * {@code previousHash} is the hash of the event before it ({@link AuditChain#GENESIS} for the first), so
 * changing, removing, inserting or reordering events breaks the chain.
 *
 * @param sequence     1, 2, 3 … gapless
 * @param time         when
 * @param actor        who
 * @param action       what
 * @param subject      on what
 * @param details      further facts
 * @param previousHash hash of event {@code sequence − 1}
 * @param hash         this event's hash
 */
public record AuditEvent(long sequence, Instant time, String actor, String action, String subject,
                         Map<String, String> details, String previousHash, String hash) {
    public AuditEvent {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be ≥ 1, but was " + sequence);
        }
        Checks.notNull("time", time);
        Checks.notNull("actor", actor);
        Checks.notNull("action", action);
        Checks.notNull("subject", subject);
        details = Copies.sorted("details", details);
        Checks.notNull("previousHash", previousHash);
        Checks.notNull("hash", hash);
    }

    /** Places {@code entry} after the event with {@code previousHash} at {@code sequence}. */
    public static AuditEvent chain(long sequence, AuditEntry entry, String previousHash) {
        String hash = AuditChain.hash(sequence, entry.time(), entry.actor(), entry.action(), entry.subject(),
                entry.details(), previousHash);
        return new AuditEvent(sequence, entry.time(), entry.actor(), entry.action(), entry.subject(),
                entry.details(), previousHash, hash);
    }
}
