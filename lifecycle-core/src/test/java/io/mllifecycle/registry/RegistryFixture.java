package io.mllifecycle.registry;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.gate.GatePolicy;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** A lifecycle over an in-memory store with helpers to make runs that produced a model. */
final class RegistryFixture {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    final LifecycleStore store;
    final Lifecycle lifecycle;

    RegistryFixture() {
        this(TestStores.newStore(), GatePolicy.none(), Duration.ofSeconds(5));
    }

    RegistryFixture(LifecycleStore store, GatePolicy policy, Duration ttl) {
        this.store = store;
        this.lifecycle = Lifecycle.builder().store(store).clock(Clock.fixed(T0, ZoneOffset.UTC)).actor("alice")
                .gatePolicy(policy).resolveCacheTtl(ttl).build();
    }

    /** A finished run with these metrics and a model artifact whose bytes are {@code weights}. */
    String run(Map<String, Double> metrics, String weights) {
        try (Run run = lifecycle.experiment("train").startRun(r -> r.name("r"))) {
            run.logParam("depth", 6);
            run.logMetrics(metrics, 1);
            run.logArtifact("model.bin", weights.getBytes(StandardCharsets.UTF_8));
            return run.id();
        }
    }

    ModelVersion register(String model, Map<String, Double> metrics) {
        return lifecycle.models().register(model, run(metrics, "w" + metrics), "model.bin", s -> { });
    }
}
