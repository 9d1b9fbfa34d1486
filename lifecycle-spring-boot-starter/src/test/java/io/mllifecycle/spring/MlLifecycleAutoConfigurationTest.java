package io.mllifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.micrometer.LifecycleMetrics;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.StoreProviders;
import io.mllifecycle.store.file.Durability;
import io.mllifecycle.store.file.FileStore;
import io.mllifecycle.store.memory.InMemoryStore;
import io.mllifecycle.tracking.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Defaults, overrides and back-off of the Lifecycle bean. */
class MlLifecycleAutoConfigurationTest {
    private final ApplicationContextRunner runner = Starter.runner();

    @Test
    void defaults_aFileStoreAtDotMlruns_theOsUser_andAFiveSecondResolveTtl() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(Lifecycle.class).hasSingleBean(LifecycleStore.class);
            MlLifecycleProperties p = ctx.getBean(MlLifecycleProperties.class);
            assertThat(p.getStore()).isEqualTo("file:./mlruns");
            assertThat(p.getResolveCacheTtl()).isEqualTo(Duration.ofSeconds(5));
            Lifecycle lifecycle = ctx.getBean(Lifecycle.class);
            assertThat(lifecycle.store()).isInstanceOf(FileStore.class);
            assertThat(((FileStore) lifecycle.store()).durability()).isEqualTo(Durability.SYNC);
            assertThat(lifecycle.actor()).isEqualTo(System.getProperty("user.name"));
            assertThat(Path.of("mlruns")).isDirectory();
            // no MeterRegistry in this context: nothing to bind
            assertThat(ctx).doesNotHaveBean(LifecycleMetrics.class);
            assertThat(ctx).hasSingleBean(LifecycleHealthIndicator.class).hasSingleBean(LifecycleEndpoint.class);
        });
    }

    @Test
    void overrides_store_actor_durability_batchInterval(@TempDir Path dir) {
        runner.withPropertyValues("mllifecycle.store=" + dir.toUri(), "mllifecycle.actor=ci-bot",
                "mllifecycle.durability=BATCHED", "mllifecycle.batch-interval=50ms").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    Lifecycle lifecycle = ctx.getBean(Lifecycle.class);
                    assertThat(lifecycle.actor()).isEqualTo("ci-bot");
                    assertThat(((FileStore) lifecycle.store()).durability()).isEqualTo(Durability.BATCHED);
                    register(lifecycle, "churn");
                    assertThat(lifecycle.audit().events()).last().satisfies(e -> assertThat(e.actor())
                            .isEqualTo("ci-bot"));
                });
        assertThat(dir).isNotEmptyDirectory();
    }

    @Test
    void resolveCacheTtl_boundsHowLateAnotherProcessesAliasMoveIsSeen(@TempDir Path dir) {
        String uri = dir.toUri().toString();
        try (LifecycleStore other = StoreProviders.open(uri)) {
            Lifecycle elsewhere = Lifecycle.builder().store(other).actor("other").build();
            register(elsewhere, "churn");
            register(elsewhere, "churn");
            elsewhere.models().model("churn").setAlias("champion", 1);
            for (String ttl : new String[] {"0s", "1h"}) {
                elsewhere.models().model("churn").setAlias("champion", 1);
                runner.withPropertyValues("mllifecycle.store=" + uri, "mllifecycle.resolve-cache-ttl=" + ttl)
                        .run(ctx -> {
                            Lifecycle lifecycle = ctx.getBean(Lifecycle.class);
                            assertThat(lifecycle.models().resolve("churn@champion").version()).isEqualTo(1);
                            elsewhere.models().model("churn").setAlias("champion", 2); // another store instance
                            assertThat(lifecycle.models().resolve("churn@champion").version())
                                    .isEqualTo(ttl.equals("0s") ? 2 : 1);
                        });
            }
        }
    }

    @Test
    void backsOff_whenTheApplicationDefinesItsOwnLifecycle_andTheOtherBeansUseIt() {
        runner.withUserConfiguration(OwnLifecycle.class).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(Lifecycle.class);
            assertThat(ctx.getBean(Lifecycle.class)).isSameAs(ctx.getBean(OwnLifecycle.class).lifecycle);
            assertThat(ctx).doesNotHaveBean(LifecycleStore.class); // ./mlruns was not opened for nothing
            assertThat(ctx.getBean(LifecycleHealthIndicator.class).health().getDetails()).containsEntry("store",
                    "reachable");
        });
    }

    @Test
    void backsOff_whenTheApplicationDefinesOnlyAStore() {
        runner.withUserConfiguration(OwnStore.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(Lifecycle.class).store()).isSameAs(ctx.getBean(OwnStore.class).store);
        });
    }

    @Test
    void disabled_makesNoBeans() {
        runner.withPropertyValues("mllifecycle.enabled=false").run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(Lifecycle.class).doesNotHaveBean(LifecycleStore.class)
                    .doesNotHaveBean(LifecycleHealthIndicator.class).doesNotHaveBean(LifecycleEndpoint.class);
        });
    }

    static void register(Lifecycle lifecycle, String model) {
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logMetric("auc", 0.7, 1);
            run.logArtifact("m.bin", ("m" + run.id()).getBytes(StandardCharsets.UTF_8));
            lifecycle.models().register(model, run.id(), "m.bin", s -> { });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLifecycle {
        final Lifecycle lifecycle = Lifecycle.builder().store(new InMemoryStore()).actor("own").build();

        @Bean
        Lifecycle myLifecycle() {
            return lifecycle;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStore {
        final LifecycleStore store = new InMemoryStore();

        @Bean
        LifecycleStore myStore() {
            return store;
        }
    }
}
