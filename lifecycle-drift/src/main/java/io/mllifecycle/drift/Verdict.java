package io.mllifecycle.drift;

/** The outcome of a drift check for one column or a whole table. */
public enum Verdict {
    /** No test rejected after correction (or the effect was below the floor). */
    NO_DRIFT,
    /** A test rejected after correction and any effect-size floor was met. */
    DRIFT,
    /** Too few values on a side to decide: fewer than the detector's minimum. */
    INSUFFICIENT_DATA
}
