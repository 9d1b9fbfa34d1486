package io.mllifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

/** A bad, missing or unusable property value fails start-up with a message naming the property and the value. */
class BadPropertiesTest {
    private final ApplicationContextRunner runner = Starter.runner();

    /** Every message of the start-up failure's cause chain, outermost first. */
    private static String messages(Throwable failure) {
        List<String> all = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.add(t.getMessage());
        }
        return String.join(" | ", all);
    }

    private static ContextConsumer<AssertableApplicationContext> failsNaming(String... parts) {
        return ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(messages(ctx.getStartupFailure())).contains(parts);
        };
    }

    @Test
    void negativeResolveCacheTtl_isOurTypedError_namingPropertyAndValue() {
        runner.withPropertyValues("mllifecycle.store=mem:", "mllifecycle.resolve-cache-ttl=-1s").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(LifecyclePropertyException.class)
                    .hasMessageContaining("mllifecycle.resolve-cache-ttl must be a duration ≥ 0")
                    .hasMessageContaining("but was '-1s'");
            LifecyclePropertyException e = (LifecyclePropertyException) rootCause(ctx.getStartupFailure());
            assertThat(e.property()).isEqualTo("mllifecycle.resolve-cache-ttl");
        });
    }

    @Test
    void unparsableDuration_andUnknownDurability_failBinding_namingPropertyAndValue() {
        runner.withPropertyValues("mllifecycle.resolve-cache-ttl=banana")
                .run(failsNaming("mllifecycle.resolve-cache-ttl", "banana"));
        runner.withPropertyValues("mllifecycle.durability=SOMETIMES")
                .run(failsNaming("mllifecycle.durability", "SOMETIMES"));
    }

    @Test
    void everyBadValue_isReportedAtOnce() {
        runner.withPropertyValues("mllifecycle.store=mem:", "mllifecycle.durability=SYNC",
                "mllifecycle.batch-interval=0ms", "mllifecycle.actor= ", "mllifecycle.health.verify-interval=0s")
                .run(failsNaming("mllifecycle.durability applies to file: stores only, but was 'SYNC'",
                        "mllifecycle.batch-interval must be a positive duration for a file: store, but was '0ms'",
                        "mllifecycle.actor must be a name", "mllifecycle.health.verify-interval must be a positive"
                                + " duration such as 5m, but was '0s'"));
    }

    @Test
    void unknownStoreScheme_andUnreachableStore_nameTheStoreProperty() {
        runner.withPropertyValues("mllifecycle.store=nowhere:at-all")
                .run(failsNaming("mllifecycle.store 'nowhere:at-all' could not be opened"));
        runner.withPropertyValues("mllifecycle.store=jdbc:postgresql://127.0.0.1:1/none?artifacts=mem:&password=s3cret",
                "mllifecycle.options.maxAttempts=1")
                .run(ctx -> {
                    failsNaming("mllifecycle.store 'jdbc:postgresql://127.0.0.1:1/none?artifacts=mem:&password=***'"
                            + " could not be opened").accept(ctx);
                    assertThat(rootCause(ctx.getStartupFailure()).getMessage()).doesNotContain("s3cret");
                    assertThat(messages(ctx.getStartupFailure())).contains("mllifecycle.store");
                });
        runner.withPropertyValues("mllifecycle.store= ").run(failsNaming("mllifecycle.store must be a store URI"));
    }

    @Test
    void unknownFileStoreOption_isNamed() {
        runner.withPropertyValues("mllifecycle.store=mem:", "mllifecycle.options.colour=blue")
                .run(failsNaming("mllifecycle.store 'mem:' could not be opened"));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
