package io.mllifecycle.monitoring;

/** Hears a monitor's alerts. Called synchronously; an exception is logged and never stops the monitor. */
@FunctionalInterface
public interface AlertListener {
    /** Called once per alert. */
    void onAlert(Alert alert);
}
