package io.mllifecycle.monitoring;

/**
 * The host's hook that starts retraining (a CI job, a workflow). Called at most once per cooldown;
 * an exception is logged and never stops the monitor.
 */
@FunctionalInterface
public interface RetrainingTrigger {
    /** Starts retraining; {@code request} carries the evidence. */
    void retrain(RetrainingRequest request);
}
