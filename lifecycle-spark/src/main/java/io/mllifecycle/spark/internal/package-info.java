/**
 * Not API: the Spark aggregates and their partial buffers behind {@code SparkProfiles}. Public only
 * because Spark's encoders and closures need public classes; may change in any release.
 */
@NullMarked
package io.mllifecycle.spark.internal;

import org.jspecify.annotations.NullMarked;
