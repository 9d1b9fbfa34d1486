package io.mllifecycle.audit;

/**
 * Outcome of {@link AuditTrail#verify()}.
 *
 * @param intact  true when the chain is unbroken
 * @param events  number of events checked
 * @param problem for a broken chain, a sentence naming the first bad event; empty when intact
 */
public record AuditVerification(boolean intact, long events, String problem) {

    static AuditVerification intact(long events) {
        return new AuditVerification(true, events, "");
    }

    static AuditVerification broken(long events, String problem) {
        return new AuditVerification(false, events, problem);
    }

    @Override
    public String toString() {
        return intact ? "audit trail intact (" + events + " events)" : "audit trail BROKEN: " + problem;
    }
}
