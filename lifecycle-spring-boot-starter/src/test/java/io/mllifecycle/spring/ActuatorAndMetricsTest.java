package io.mllifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.micrometer.LifecycleMetrics;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.memory.InMemoryStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Meters bound to the application's registry, the health indicator and the actuator endpoint. */
class ActuatorAndMetricsTest {

    @Test
    void metrics_boundWhenBootMakesAMeterRegistry_andUnboundOnClose() {
        MeterRegistry[] seen = new MeterRegistry[1];
        Starter.runner(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class).withPropertyValues("mllifecycle.store=mem:").run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(LifecycleMetrics.class);
                    MeterRegistry registry = ctx.getBean(MeterRegistry.class);
                    seen[0] = registry;
                    Lifecycle lifecycle = ctx.getBean(Lifecycle.class);
                    MlLifecycleAutoConfigurationTest.register(lifecycle, "churn");
                    ModelVersion v = lifecycle.models().version("churn", 1);
                    assertThatThrownBy(() -> v.promote(Stage.STAGING, Gates.metric("auc").atLeast(0.9)))
                            .isInstanceOf(GateFailedException.class);
                    assertThat(registry.find("mllifecycle.gate.evaluations").tag("result", "fail").counter())
                            .isNotNull().satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
                    lifecycle.models().resolve("churn/1");
                    assertThat(registry.find("mllifecycle.resolve").tag("model", "churn").timer().count()).isEqualTo(1);
                });
        assertThat(seen[0].find("mllifecycle.gate.evaluations").counter()).isNull();
    }

    @Test
    void aRegistryWithNoLifecycleBean_bindsNothing_andStartsFine() {
        Starter.runner().withUserConfiguration(OwnRegistry.class).withPropertyValues("mllifecycle.enabled=false")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(Lifecycle.class)
                            .doesNotHaveBean(LifecycleMetrics.class);
                    assertThat(ctx.getBean(MeterRegistry.class).getMeters()).isEmpty();
                });
    }

    @Test
    void aLifecycleWithNoRegistry_bindsNothing() {
        Starter.runner().withPropertyValues("mllifecycle.store=mem:").run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(Lifecycle.class).doesNotHaveBean(LifecycleMetrics.class);
        });
    }

    @Test
    void health_up_withTheLastVerifiedEvent_reverifiesWhenTheHeadMoves() {
        Starter.runner().withPropertyValues("mllifecycle.store=mem:").run(ctx -> {
            Lifecycle lifecycle = ctx.getBean(Lifecycle.class);
            LifecycleHealthIndicator health = ctx.getBean(LifecycleHealthIndicator.class);
            Health empty = health.health();
            assertThat(empty.getStatus()).isEqualTo(Status.UP);
            assertThat(empty.getDetails()).containsEntry("store", "reachable").containsEntry("auditEvents", 0L)
                    .doesNotContainKey("lastVerifiedEvent");

            MlLifecycleAutoConfigurationTest.register(lifecycle, "churn");
            AuditEvent head = lifecycle.audit().events().get(lifecycle.audit().events().size() - 1);
            Health h = health.health();
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("auditEvents", head.sequence());
            @SuppressWarnings("unchecked")
            Map<String, Object> last = (Map<String, Object>) h.getDetails().get("lastVerifiedEvent");
            assertThat(last).containsEntry("sequence", head.sequence()).containsEntry("action", head.action())
                    .containsEntry("subject", head.subject()).containsEntry("hash", head.hash());
        });
    }

    @Test
    void health_down_whenTheChainIsBroken_andWhenTheStoreCannotBeRead() {
        Starter.runner().withUserConfiguration(TamperedStore.class).run(ctx -> {
            Lifecycle lifecycle = ctx.getBean(Lifecycle.class);
            MlLifecycleAutoConfigurationTest.register(lifecycle, "churn");
            ctx.getBean(TamperedStore.class).tamper = true;
            Health h = ctx.getBean(LifecycleHealthIndicator.class).health();
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) h.getDetails().get("problem")).contains("audit event 1");
            assertThat(h.getDetails()).doesNotContainKey("lastVerifiedEvent").containsKey("head");

            lifecycle.store().close();
            Health closed = ctx.getBean(LifecycleHealthIndicator.class).health();
            assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
            assertThat(closed.getDetails()).containsEntry("store", "unreachable").containsKey("error");
        });
    }

    @Test
    void endpoint_listsModelsAliasesAndTheLastGateReport() {
        Starter.runner().withPropertyValues("mllifecycle.store=mem:").run(ctx -> {
            Lifecycle lifecycle = ctx.getBean(Lifecycle.class);
            MlLifecycleAutoConfigurationTest.register(lifecycle, "churn");
            MlLifecycleAutoConfigurationTest.register(lifecycle, "churn");
            MlLifecycleAutoConfigurationTest.register(lifecycle, "fraud");
            lifecycle.models().version("churn", 1).promote(Stage.STAGING, Gates.metric("auc").atLeast(0.5));
            assertThatThrownBy(() -> lifecycle.models().version("churn", 2).promote(Stage.STAGING,
                    Gates.metric("auc").atLeast(0.9))).isInstanceOf(GateFailedException.class);
            lifecycle.models().model("churn").setAlias("champion", 1);

            LifecycleEndpoint.Registry r = ctx.getBean(LifecycleEndpoint.class).registry();
            assertThat(r.models()).extracting(LifecycleEndpoint.Model::name).containsExactly("churn", "fraud");
            LifecycleEndpoint.Model churn = r.models().get(0);
            assertThat(churn.aliases()).containsExactly(Map.entry("champion", 1));
            assertThat(churn.versions()).containsExactly(Map.entry(1, "STAGING"), Map.entry(2, "DEVELOPMENT"));
            LifecycleEndpoint.Report last = churn.lastGateReport();
            assertThat(last.version()).isEqualTo(2);
            assertThat(last.passed()).isFalse();
            assertThat(last.targetStage()).isEqualTo("STAGING");
            assertThat(last.gates()).singleElement().satisfies(g -> {
                assertThat(g.passed()).isFalse();
                assertThat(g.gate()).contains("auc");
            });
            assertThat(r.models().get(1).lastGateReport()).isNull();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /** A lifecycle over a store whose audit reads can be made to return an edited first event. */
    @Configuration(proxyBeanMethods = false)
    static class TamperedStore {
        volatile boolean tamper;
        private final InMemoryStore real = new InMemoryStore();

        @Bean
        Lifecycle tamperedLifecycle() {
            RegistryStore registry = (RegistryStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RegistryStore.class}, (proxy, method, args) -> {
                        Object result = invoke(method, real.registry(), args);
                        if (tamper && method.getName().equals("auditEvents")) {
                            List<AuditEvent> events = new ArrayList<>();
                            for (Object o : (List<?>) result) {
                                AuditEvent e = (AuditEvent) o;
                                events.add(e.sequence() != 1 ? e : new AuditEvent(e.sequence(), e.time(), e.actor(),
                                        e.action(), "someone-else", e.details(), e.previousHash(), e.hash()));
                            }
                            return events;
                        }
                        return result;
                    });
            LifecycleStore store = (LifecycleStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {LifecycleStore.class}, (proxy, method, args) -> method.getName().equals("registry")
                            ? registry : invoke(method, real, args));
            return Lifecycle.builder().store(store).actor("tester").build();
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
