/** Micrometer meters of a lifecycle's registry: {@link io.mllifecycle.micrometer.LifecycleMetrics#bind}. */
package io.mllifecycle.micrometer;
