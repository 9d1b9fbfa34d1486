package io.mllifecycle.spring;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.LifecycleStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Makes a {@link Lifecycle} bean from the {@code mllifecycle.*} properties ({@link MlLifecycleProperties}) unless
 * the application defines one, and the {@link LifecycleStore} bean under it unless the application defines that.
 * A {@code jdbc:} store uses the application's single {@link DataSource} when there is one. Off with
 * {@code mllifecycle.enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnProperty(prefix = MlLifecycleProperties.PREFIX, name = "enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(MlLifecycleProperties.class)
public class MlLifecycleAutoConfiguration {

    /**
     * The store named by {@code mllifecycle.store}, closed with the context; not made when the application
     * defines its own store or lifecycle.
     *
     * @throws LifecyclePropertyException naming the property whose value is bad or missing
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({LifecycleStore.class, Lifecycle.class})
    public LifecycleStore mllifecycleStore(MlLifecycleProperties properties, ObjectProvider<DataSource> dataSource,
            Environment environment) {
        return StoreOpener.open(properties, dataSource.getIfUnique(), environment::getProperty);
    }

    /** The lifecycle over that store with the configured actor and resolve-cache TTL; close() flushes the store. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Lifecycle lifecycle(LifecycleStore store, MlLifecycleProperties properties) {
        Lifecycle.Builder b = Lifecycle.builder().store(store).resolveCacheTtl(properties.getResolveCacheTtl());
        if (properties.getActor() != null) {
            b.actor(properties.getActor());
        }
        return b.build();
    }
}
