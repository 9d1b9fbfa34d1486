/**
 * Statistics for comparing a control and a treatment arm: the fixed-horizon two-proportion z-test and
 * Welch's t-test, and the mixture sequential probability ratio test whose always-valid p-values may
 * be read after every batch of outcomes ({@link io.mllifecycle.drift.abtest.SequentialAbTest}).
 */
@NullMarked
package io.mllifecycle.drift.abtest;

import org.jspecify.annotations.NullMarked;
