/**
 * Group fairness of a binary classifier computed from its predictions, labels and a group column,
 * with Fairlearn's definitions ({@link io.mllifecycle.drift.fairness.FairnessMetrics}). Rates that
 * a group's data cannot define are reported as undefined, never as NaN or a silent 0.
 */
@NullMarked
package io.mllifecycle.drift.fairness;

import org.jspecify.annotations.NullMarked;
