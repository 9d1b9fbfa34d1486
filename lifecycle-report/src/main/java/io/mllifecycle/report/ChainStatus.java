package io.mllifecycle.report;

import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.spi.AuditChain;
import java.util.List;

/**
 * The state of an audit chain as pages show it: verified up to event {@code verifiedUpTo}, and
 * the first bad event with the store SPI's sentence about it, when there is one. The walk is the
 * same as {@link AuditChain#verify}: sequence, link to the previous hash, own hash.
 *
 * @param events       events checked
 * @param verifiedUpTo sequence number of the last event of the intact prefix (0 when none)
 * @param firstBad     sequence position of the first bad event, or 0 when the chain is intact
 * @param problem      what is wrong with it, or empty
 */
record ChainStatus(long events, long verifiedUpTo, long firstBad, String problem) {

    static ChainStatus of(List<AuditEvent> chain) {
        String previous = AuditChain.GENESIS;
        long expected = 1;
        for (AuditEvent e : chain) {
            boolean good = e.sequence() == expected && e.previousHash().equals(previous)
                    && AuditChain.hash(e.sequence(), e.time(), e.actor(), e.action(), e.subject(), e.details(),
                            e.previousHash()).equals(e.hash());
            if (!good) {
                String problem = AuditChain.verify(chain).orElse("audit event " + expected + " is not valid");
                return new ChainStatus(chain.size(), expected - 1, expected, problem);
            }
            previous = e.hash();
            expected++;
        }
        return new ChainStatus(chain.size(), expected - 1, 0, "");
    }

    boolean intact() {
        return firstBad == 0;
    }

    /** Whether an event at this position of the chain lies in the verified prefix. */
    boolean verified(long sequence) {
        return sequence <= verifiedUpTo;
    }

    String sentence() {
        return intact() ? "Chain verified: all " + events + " events intact."
                : "Chain BROKEN: verified up to event " + verifiedUpTo + "; " + problem + ".";
    }

    void banner(Html h) {
        h.raw("<p id=\"chain-status\" class=\"banner " + (intact() ? "ok" : "bad") + "\">").text(sentence()).raw("</p>");
    }
}
