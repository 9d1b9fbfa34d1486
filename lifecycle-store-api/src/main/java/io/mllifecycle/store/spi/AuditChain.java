package io.mllifecycle.store.spi;

import io.mllifecycle.store.AuditEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The hash every store uses for the audit chain, and a verifier. The hash is SHA-256 over a
 * length-prefixed encoding of every field, so no two different events share an encoding.
 */
public final class AuditChain {
    /** The {@code previousHash} of the first event. */
    public static final String GENESIS = "sha256:" + "0".repeat(64);

    private AuditChain() {}

    /** @return the hash of an event with these fields */
    public static String hash(long sequence, Instant time, String actor, String action, String subject,
                              Map<String, String> details, String previousHash) {
        MessageDigest md = Digests.newSha256();
        field(md, Long.toString(sequence));
        field(md, time.toString());
        field(md, actor);
        field(md, action);
        field(md, subject);
        Map<String, String> sorted = new TreeMap<>(details);
        field(md, Integer.toString(sorted.size()));
        sorted.forEach((k, v) -> {
            field(md, k);
            field(md, v);
        });
        field(md, previousHash);
        return Digests.format(md.digest());
    }

    private static void field(MessageDigest md, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(bytes);
    }

    /**
     * Checks a whole chain read from a store, oldest first.
     *
     * @return empty when intact, else a sentence naming the first bad event and what is wrong with it
     */
    public static Optional<String> verify(List<AuditEvent> events) {
        String previous = GENESIS;
        long expectedSequence = 1;
        for (AuditEvent e : events) {
            if (e.sequence() != expectedSequence) {
                return Optional.of("audit event at position " + expectedSequence + " has sequence "
                        + e.sequence() + ": an event was removed, inserted or reordered");
            }
            if (!e.previousHash().equals(previous)) {
                return Optional.of("audit event " + e.sequence() + " does not link to the event before it:"
                        + " an event was removed, inserted or reordered before it");
            }
            String recomputed = hash(e.sequence(), e.time(), e.actor(), e.action(), e.subject(), e.details(),
                    e.previousHash());
            if (!recomputed.equals(e.hash())) {
                return Optional.of("audit event " + e.sequence() + " (" + e.action() + " on " + e.subject()
                        + ") was changed after it was written: its hash does not match its content");
            }
            previous = e.hash();
            expectedSequence++;
        }
        return Optional.empty();
    }
}
