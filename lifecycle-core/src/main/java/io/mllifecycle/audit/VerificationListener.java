package io.mllifecycle.audit;

/**
 * Hears the outcome of every {@link AuditTrail#verify} of a lifecycle ({@code lifecycle.audit()
 * .addVerificationListener(…)}), e.g. to count broken chains. Called synchronously after the check; an
 * exception is logged and never changes the outcome returned to the caller.
 */
@FunctionalInterface
public interface VerificationListener {
    /** Called once per verification, intact or broken. */
    void verified(AuditVerification outcome);
}
