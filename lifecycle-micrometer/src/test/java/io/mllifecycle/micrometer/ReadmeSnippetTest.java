package io.mllifecycle.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mllifecycle.Lifecycle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's snippet, compiled and run. */
class ReadmeSnippetTest {
    @Test
    void readmeBindSnippet() {
        MeterRegistry meterRegistry = new SimpleMeterRegistry();
        try (Lifecycle lifecycle = Lifecycle.open("mem:")) {
            LifecycleMetrics metrics = LifecycleMetrics.bind(lifecycle, meterRegistry); // close() unbinds
            assertThat(meterRegistry.find("mllifecycle.resolve.cache.hit.ratio").gauge()).isNotNull();
            metrics.close();
            assertThat(meterRegistry.getMeters()).isEmpty();
        }
    }
}
