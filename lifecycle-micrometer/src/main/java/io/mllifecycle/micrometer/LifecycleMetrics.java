package io.mllifecycle.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.registry.ModelRegistry;
import io.mllifecycle.registry.RegistryEvent;
import io.mllifecycle.registry.RegistryListener;
import io.mllifecycle.registry.ResolveListener;
import io.mllifecycle.audit.VerificationListener;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The registry, serving, audit and monitoring meters of one lifecycle on a Micrometer registry. Tags are
 * bounded: model, version, feature, test, rule, gate, result, stage, alias — never run ids or times.
 *
 * <ul>
 *   <li>{@code mllifecycle.gate.evaluations} (counter; model, gate, result = pass|fail)</li>
 *   <li>{@code mllifecycle.promotions} (counter; model, stage): stage changes, by the stage reached</li>
 *   <li>{@code mllifecycle.alias.moves} (counter; model, alias)</li>
 *   <li>{@code mllifecycle.resolve.cache} (function counter; result = hit|miss)</li>
 *   <li>{@code mllifecycle.resolve.cache.hit.ratio} (gauge, 0…1; 0 before the first resolve)</li>
 *   <li>{@code mllifecycle.resolve} (timer; model): successful {@code models().resolve(…)} calls</li>
 *   <li>{@code mllifecycle.audit.verifications} (counter; result = intact|broken)</li>
 *   <li>{@code mllifecycle.monitor.drift.statistic} (gauge; model, version, feature, test): the latest window's
 *       statistic; the set is replaced on each closed window, so a vanished feature loses its gauge</li>
 *   <li>{@code mllifecycle.monitor.drifted.features} (gauge; model, version)</li>
 *   <li>{@code mllifecycle.monitor.missing.rate} (gauge, 0…1; model, version, feature), replaced per window</li>
 *   <li>{@code mllifecycle.monitor.window.rows} (distribution summary, rows; model, version)</li>
 *   <li>{@code mllifecycle.monitor.alerts} (counter; model, version, rule)</li>
 *   <li>{@code mllifecycle.monitor.retraining.requests} (counter; model, version)</li>
 * </ul>
 * Monitoring meters come from every monitor of the lifecycle (running ones included). Bind one lifecycle per
 * model version to a registry: two bindings metering the same version would share gauge names and tags.
 * Wire it explicitly, as Micrometer's own binders are: {@code LifecycleMetrics.bind(lifecycle, registry)};
 * {@link #close()} stops listening and removes the meters.
 */
public final class LifecycleMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleMetrics.class);
    static final String RESOLVE = "mllifecycle.resolve";
    static final String VERIFICATIONS = "mllifecycle.audit.verifications";

    private final ModelRegistry models;
    private final MeterRegistry registry;
    private final RegistryListener listener = this::onEvent;
    private final List<Meter> fixed = new ArrayList<>();
    private final List<Meter> counters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Lifecycle lifecycle;
    private final MonitorMeters monitorMeters;
    private final ResolveListener resolveTimer = this::timeResolve;
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> resolveTimers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final VerificationListener verifications;

    private LifecycleMetrics(Lifecycle lifecycle, MeterRegistry registry) {
        this.lifecycle = lifecycle;
        this.models = lifecycle.models();
        this.registry = registry;
        Counter intact = Counter.builder(VERIFICATIONS).tag("result", "intact").baseUnit("verifications")
                .description("audit chain verifications by outcome").register(registry);
        Counter broken = Counter.builder(VERIFICATIONS).tag("result", "broken").baseUnit("verifications")
                .description("audit chain verifications by outcome").register(registry);
        fixed.add(intact);
        fixed.add(broken);
        this.verifications = v -> (v.intact() ? intact : broken).increment();
        this.monitorMeters = new MonitorMeters(registry);
        fixed.add(FunctionCounter.builder("mllifecycle.resolve.cache", models, m -> m.cacheFigures().hits())
                .tag("result", "hit").description("model reference resolutions served by the cache").register(registry));
        fixed.add(FunctionCounter.builder("mllifecycle.resolve.cache", models, m -> m.cacheFigures().misses())
                .tag("result", "miss").description("model reference resolutions read from the store").register(registry));
        fixed.add(Gauge.builder("mllifecycle.resolve.cache.hit.ratio", models, m -> m.cacheFigures().hitRatio())
                .description("share of resolutions served by the cache").register(registry));
        models.addListener(listener);
        models.addResolveListener(resolveTimer);
        lifecycle.audit().addVerificationListener(verifications);
        lifecycle.addMonitorListener(monitorMeters);
    }

    private void timeResolve(ModelVersionRecord record, long nanos) {
        // one map read per resolve: the Timer lookup through the registry would cost more than the resolve
        Timer t = resolveTimers.get(record.modelName());
        if (t == null) {
            t = resolveTimers.computeIfAbsent(record.modelName(), m -> Timer.builder(RESOLVE).tag("model", m)
                    .description("successful models().resolve(…) calls, cache hits and misses").register(registry));
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
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
        models.removeResolveListener(resolveTimer);
        lifecycle.audit().removeVerificationListener(verifications);
        lifecycle.removeMonitorListener(monitorMeters);
        monitorMeters.close();
        resolveTimers.values().forEach(registry::remove);
        resolveTimers.clear();
        fixed.forEach(registry::remove);
        counters.forEach(registry::remove);
    }
}
