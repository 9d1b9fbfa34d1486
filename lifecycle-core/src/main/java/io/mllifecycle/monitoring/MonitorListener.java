package io.mllifecycle.monitoring;

/**
 * Hears every monitor of a lifecycle ({@code lifecycle.addMonitorListener(…)}): each closed window, each alert
 * raised, each retraining request made — for metrics binders and dashboards that should not be wired into every
 * {@link MonitorBuilder}. Called synchronously on the monitor's thread, after the window's metrics were recorded;
 * an exception is logged and never stops the monitor. Every method does nothing by default.
 */
public interface MonitorListener {
    /**
     * A window of {@code model}/{@code version} was closed and processed (its alerts already raised).
     *
     * @param model   model name
     * @param version monitored version
     * @param window  what the monitor found in it
     */
    default void windowClosed(String model, int version, WindowResult window) {}

    /** An alert was raised (also for late, label-based alerts); called before the alert listeners of its monitor. */
    default void alertRaised(Alert alert) {}

    /** A retraining request was made; called before the monitor's trigger. */
    default void retrainingRequested(RetrainingRequest request) {}
}
