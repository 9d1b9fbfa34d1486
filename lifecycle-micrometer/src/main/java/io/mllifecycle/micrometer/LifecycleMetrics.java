package io.mllifecycle.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.registry.ModelRegistry;
import io.mllifecycle.registry.RegistryEvent;
import io.mllifecycle.registry.RegistryListener;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The registry meters of one lifecycle on a Micrometer registry. Tags are bounded: model, gate, result,
 * stage, alias — never run ids or times.
 *
 * <ul>
 *   <li>{@code mllifecycle.gate.evaluations} (counter; model, gate, result = pass|fail)</li>
 *   <li>{@code mllifecycle.promotions} (counter; model, stage): stage changes, by the stage reached</li>
 *   <li>{@code mllifecycle.alias.moves} (counter; model, alias)</li>
 *   <li>{@code mllifecycle.resolve.cache} (function counter; result = hit|miss)</li>
 *   <li>{@code mllifecycle.resolve.cache.hit.ratio} (gauge, 0…1; NaN before the first resolve)</li>
 * </ul>
 * Wire it explicitly, as Micrometer's own binders are: {@code LifecycleMetrics.bind(lifecycle, registry)};
 * {@link #close()} stops listening and removes the meters.
 */
public final class LifecycleMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleMetrics.class);

    private final ModelRegistry models;
    private final MeterRegistry registry;
    private final RegistryListener listener = this::onEvent;
    private final List<Meter> fixed = new ArrayList<>();
    private final List<Meter> counters = new java.util.concurrent.CopyOnWriteArrayList<>();

    private LifecycleMetrics(Lifecycle lifecycle, MeterRegistry registry) {
        this.models = lifecycle.models();
        this.registry = registry;
        fixed.add(FunctionCounter.builder("mllifecycle.resolve.cache", models, m -> m.cacheFigures().hits())
                .tag("result", "hit").description("model reference resolutions served by the cache").register(registry));
        fixed.add(FunctionCounter.builder("mllifecycle.resolve.cache", models, m -> m.cacheFigures().misses())
                .tag("result", "miss").description("model reference resolutions read from the store").register(registry));
        fixed.add(Gauge.builder("mllifecycle.resolve.cache.hit.ratio", models, m -> m.cacheFigures().hitRatio())
                .description("share of resolutions served by the cache").register(registry));
        models.addListener(listener);
    }

    /**
     * Registers the meters of {@code lifecycle} on {@code registry} and keeps them current.
     *
     * @param lifecycle the lifecycle, not null
     * @param registry  the Micrometer registry, not null
     * @return the binding; close it to unbind
     * @throws NullPointerException naming the argument that is null
     */
    public static LifecycleMetrics bind(Lifecycle lifecycle, MeterRegistry registry) {
        Objects.requireNonNull(lifecycle, "lifecycle must not be null");
        Objects.requireNonNull(registry, "meterRegistry must not be null");
        return new LifecycleMetrics(lifecycle, registry);
    }

    private void onEvent(RegistryEvent event) {
        switch (event.type()) {
            case GATES_EVALUATED -> countGates(event);
            case STAGE_CHANGED -> {
                if ("true".equals(event.details().get("gated"))) {
                    countGates(event);
                }
                count(Counter.builder("mllifecycle.promotions").tag("model", event.model())
                        .tag("stage", models.version(event.model(), event.version()).stage().name())
                        .description("stage changes by the stage reached"));
            }
            case ALIAS_MOVED -> count(Counter.builder("mllifecycle.alias.moves").tag("model", event.model())
                    .tag("alias", event.details().getOrDefault("alias", "unknown"))
                    .description("alias moves"));
            default -> {
                // not metered
            }
        }
    }

    /** Counts each gate of the version's last gate report (a failed one, or the one stored with a promotion). */
    private void countGates(RegistryEvent event) {
        ModelVersionRecord r = models.version(event.model(), event.version()).record();
        List<GateReport> reports = r.gateReports();
        if (reports.isEmpty()) {
            LOG.warn("gates evaluated for {}/{} but no gate report is stored", event.model(), event.version());
            return;
        }
        for (GateResult g : reports.get(reports.size() - 1).results()) {
            count(Counter.builder("mllifecycle.gate.evaluations").tag("model", event.model())
                    .tag("gate", g.gate()).tag("result", g.passed() ? "pass" : "fail")
                    .description("gate evaluations by gate and result"));
        }
    }

    private void count(Counter.Builder builder) {
        Counter c = builder.register(registry);
        if (!counters.contains(c)) {
            counters.add(c);
        }
        c.increment();
    }

    /** Stops listening to the registry and removes this binding's meters. */
    @Override
    public void close() {
        models.removeListener(listener);
        fixed.forEach(registry::remove);
        counters.forEach(registry::remove);
    }
}
