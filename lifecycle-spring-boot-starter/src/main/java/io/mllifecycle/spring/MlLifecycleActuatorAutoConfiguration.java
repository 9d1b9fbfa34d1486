package io.mllifecycle.spring;

import io.mllifecycle.Lifecycle;
import java.time.Clock;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicator ({@code mllifecycle}) and the actuator endpoint ({@code /actuator/mllifecycle}) of the
 * {@link Lifecycle} bean, each when its Spring Boot module (spring-boot-health, spring-boot-actuator) is on the
 * class path.
 */
@AutoConfiguration(after = MlLifecycleAutoConfiguration.class)
@ConditionalOnBean(Lifecycle.class)
public class MlLifecycleActuatorAutoConfiguration {

    /** The health indicator, when spring-boot-health is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "mllifecycleHealthIndicator")
        LifecycleHealthIndicator mllifecycleHealthIndicator(Lifecycle lifecycle,
                org.springframework.beans.factory.ObjectProvider<MlLifecycleProperties> properties) {
            MlLifecycleProperties p = properties.getIfAvailable(MlLifecycleProperties::new);
            return new LifecycleHealthIndicator(lifecycle, p.getHealth().getVerifyInterval(), Clock.systemUTC());
        }
    }

    /** The endpoint, when spring-boot-actuator is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class Actuator {
        @Bean
        @ConditionalOnMissingBean
        LifecycleEndpoint mllifecycleEndpoint(Lifecycle lifecycle) {
            return new LifecycleEndpoint(lifecycle);
        }
    }
}
