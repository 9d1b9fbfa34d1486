package io.mllifecycle.audit;

import io.mllifecycle.store.spi.Checks;

/**
 * A point of the audit chain — the sequence and hash of its newest event when taken — small enough to print,
 * store elsewhere or sign. {@link AuditTrail#verify(AuditCheckpoint...)} proves that the chain still contains
 * that event unchanged and extends it, which a verification of the chain alone cannot: dropping the newest events,
 * or rewriting the tail and re-hashing it, leaves a chain that verifies on its own.
 *
 * <p>Text form: {@code 42:sha256:…} ({@link #toString()}, {@link #parse}); {@code 0:} for an empty chain.
 *
 * @param sequence the newest event's sequence, 0 for an empty chain
 * @param hash     its hash, empty for an empty chain
 */
public record AuditCheckpoint(long sequence, String hash) {
    public AuditCheckpoint {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be ≥ 0, but was " + sequence);
        }
        Checks.notNull("hash", hash);
        if ((sequence == 0) != hash.isEmpty()) {
            throw new IllegalArgumentException("hash must be empty exactly when sequence is 0, but sequence was "
                    + sequence + " and hash '" + hash + "'");
        }
    }

    /**
     * Reads the text form.
     *
     * @throws IllegalArgumentException naming the text if it is not {@code <sequence>:<hash>}
     */
    public static AuditCheckpoint parse(String text) {
        Checks.notNull("text", text);
        int colon = text.indexOf(':');
        try {
            if (colon < 1) {
                throw new NumberFormatException();
            }
            return new AuditCheckpoint(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint must be '<sequence>:<hash>' such as '42:sha256:…', but was '"
                    + text + "'");
        }
    }

    @Override
    public String toString() {
        return sequence + ":" + hash;
    }
}
