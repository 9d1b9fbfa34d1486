/**
 * Spring Boot auto-configuration of the lifecycle: a {@code Lifecycle} bean from the {@code mllifecycle.*}
 * properties ({@link io.mllifecycle.spring.MlLifecycleProperties}), its Micrometer meters, a health indicator
 * ({@link io.mllifecycle.spring.LifecycleHealthIndicator}) and the {@code mllifecycle} actuator endpoint
 * ({@link io.mllifecycle.spring.LifecycleEndpoint}).
 */
package io.mllifecycle.spring;
