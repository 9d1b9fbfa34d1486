package io.mllifecycle.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.micrometer.LifecycleMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds {@link LifecycleMetrics} to the application's {@link MeterRegistry} when both a registry and a
 * {@link Lifecycle} bean exist (and lifecycle-micrometer is on the class path); without either, nothing is bound
 * and start-up goes on. Unbound when the context closes.
 */
@AutoConfiguration(after = MlLifecycleAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, LifecycleMetrics.class})
@ConditionalOnBean({MeterRegistry.class, Lifecycle.class})
public class MlLifecycleMetricsAutoConfiguration {

    /** The lifecycle's meters on the (primary) registry. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public LifecycleMetrics lifecycleMetrics(Lifecycle lifecycle, MeterRegistry registry) {
        return LifecycleMetrics.bind(lifecycle, registry);
    }
}
