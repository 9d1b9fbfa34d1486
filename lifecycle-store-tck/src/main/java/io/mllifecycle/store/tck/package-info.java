/**
 * Contract test kits that a storage adapter's tests extend, in the manner of Micrometer's
 * {@code MeterRegistryCompatibilityKit}.
 *
 * <ul>
 *   <li>{@link io.mllifecycle.store.tck.LifecycleStoreCompatibilityKit} runs every kit from one class;
 *       {@link io.mllifecycle.store.tck.TrackingStoreCompatibilityKit},
 *       {@link io.mllifecycle.store.tck.RegistryStoreCompatibilityKit} and
 *       {@link io.mllifecycle.store.tck.ArtifactStoreCompatibilityKit} run one part each, for a store
 *       that implements only that part.</li>
 *   <li>{@link io.mllifecycle.store.tck.StoreStatefulKit} drives random action sequences through the
 *       store under test and the in-memory reference store and requires the same observable state.</li>
 *   <li>{@link io.mllifecycle.store.tck.StoreCapabilities} declares where a store legitimately differs
 *       (durability across reopen); tests a store cannot take part in are reported as skipped with the
 *       reason, never left out silently.</li>
 * </ul>
 * Add this module with test scope, extend a kit and implement {@code newStore()}.
 */
@NullMarked
package io.mllifecycle.store.tck;

import org.jspecify.annotations.NullMarked;
