/**
 * Reference profiles and drift checks over Spark DataFrames: profiles are fitted in one pass with
 * partial profiles merged on the executors, and produce the same {@code ReferenceProfile} bytes that
 * {@code lifecycle-drift} reads. Spark is a {@code provided} dependency: the host brings its own.
 */
@NullMarked
package io.mllifecycle.spark;

import org.jspecify.annotations.NullMarked;
