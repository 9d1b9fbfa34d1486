/**
 * Performance of a binary classifier estimated without labels: confidence-based performance
 * estimation ({@link io.mllifecycle.drift.estimation.Cbpe}) from calibrated scores, with a
 * sampling-error band, and the realised metrics to compare it with once labels arrive.
 */
@NullMarked
package io.mllifecycle.drift.estimation;

import org.jspecify.annotations.NullMarked;
