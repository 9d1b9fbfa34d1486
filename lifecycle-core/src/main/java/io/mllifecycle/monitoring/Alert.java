package io.mllifecycle.monitoring;

import java.time.Instant;

/**
 * An alert raised by a monitor.
 *
 * @param model   model name
 * @param version version number
 * @param rule    the rule's name
 * @param window  index of the window that completed the streak
 * @param at      end of that window (data time)
 * @param message what was observed and the bound, e.g. {@code PSI of 'age' was 0.41 > 0.25 for 3 windows}
 */
public record Alert(String model, int version, String rule, int window, Instant at, String message) {}
