package io.mllifecycle.monitoring;

import java.time.Instant;

/**
 * An alert raised by a monitor.
 *
 * @param model   model name
 * @param version version number
 * @param rule    the rule's name (for a data quality alert, the suite's)
 * @param window  index of the window that completed the streak (for a data quality alert, the window the batch's
 *                rows go into)
 * @param at      end of that window (data time; for a data quality alert, the batch's last row)
 * @param message what was observed and the bound, e.g. {@code PSI of 'age' was 0.41 > 0.25 for 3 windows}
 * @param kind    what went wrong: the data drifted, the data is broken, a metric crossed a bound
 */
public record Alert(String model, int version, String rule, int window, Instant at, String message, Kind kind) {

    /** What an alert is about, so that a broken feed is told apart from a shifted population. */
    public enum Kind {
        /** The data drifted: a distribution moved away from the reference ({@link AlertRules#driftVerdict()} …). */
        DRIFT,
        /** The data is broken: a batch failed its expectations ({@link MonitorBuilder#expect}). */
        DATA_QUALITY,
        /** A recorded window metric crossed a bound ({@link AlertRules#metricBelow} …), e.g. performance. */
        METRIC,
        /** A host-defined rule that does not say ({@link AlertRule#kind()} not overridden). */
        CUSTOM
    }

    /** An alert of kind {@link Kind#CUSTOM}. */
    public Alert(String model, int version, String rule, int window, Instant at, String message) {
        this(model, version, rule, window, at, message, Kind.CUSTOM);
    }
}
