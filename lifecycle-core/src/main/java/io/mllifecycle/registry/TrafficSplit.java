package io.mllifecycle.registry;

import io.mllifecycle.drift.abtest.Conversions;
import io.mllifecycle.internal.AbOutcomes;
import io.mllifecycle.drift.abtest.SequentialAbTest;
import io.mllifecycle.drift.abtest.SequentialDecision;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.store.spi.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A deterministic traffic split of a model's requests over its aliases, from
 * {@code models().split("churn", Map.of("champion", 0.9, "challenger", 0.1))}. The weights are stored in
 * the registry (the model's tag {@value #TAG}, written through the registry's audited write path with a
 * {@code model.split.set} event) and change only by calling {@code split(…)} again.
 *
 * <p>{@link #route} sends a request key to an arm by a stable hash: SHA-256 of {@code model + '\0' + key},
 * its first 64 bits as a fraction u in [0, 1), and the arm whose cumulative weight interval (aliases in
 * alphabetical order) holds u. The same key always goes to the same arm while the weights stand.
 *
 * <p>Outcomes ({@link #recordOutcome}) are counted per arm and metric as metrics {@code <metric>.trials}
 * and {@code <metric>.successes} of one run per arm in the experiment {@value #EXPERIMENT_PREFIX}{@code <model>},
 * so every lifecycle over the store sees them; {@link #compare} runs lifecycle-drift's mixture sequential
 * test (always-valid p-values) on them. Thread-safe for one JVM; concurrent recorders in several processes
 * may lose counts (the store has no counter increment).
 */
public final class TrafficSplit {
    /** The model tag holding the weights, e.g. {@code challenger=0.1;champion=0.9}. */
    public static final String TAG = AbOutcomes.TAG;
    /** Prefix of the experiments holding each model's outcome counts. */
    public static final String EXPERIMENT_PREFIX = AbOutcomes.EXPERIMENT_PREFIX;

    /**
     * τ of the sequential test's normal mixture over the difference of conversion rates: 0.05 (rate
     * points), tuned for lifts of a few points; each comparison is one look at the cumulative counts, so
     * its p-value is the always-valid 1/Λ of that look (conservative against the running minimum).
     */
    public static final double MIXING_SD = AbOutcomes.MIXING_SD;

    private final ModelRegistry registry;
    private final String model;
    private final Map<String, Double> weights;

    TrafficSplit(ModelRegistry registry, String model, Map<String, Double> weights) {
        this.registry = registry;
        this.model = model;
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(weights)));
    }

    /** @return the model */
    public String model() {
        return model;
    }

    /** @return alias → weight, aliases in alphabetical order; the weights sum to 1 */
    public Map<String, Double> weights() {
        return weights;
    }

    /** Checks and canonicalises weights; @return the tag value */
    static String encode(String model, Map<String, Double> weights, Map<String, Integer> aliases) {
        Checks.notNull("weights", weights);
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("weights must name at least one alias, but was empty");
        }
        double sum = 0;
        StringBuilder tag = new StringBuilder();
        for (Map.Entry<String, Double> e : new TreeMap<>(weights).entrySet()) {
            String alias = Checks.key("alias", e.getKey());
            if (!aliases.containsKey(alias)) {
                throw new IllegalArgumentException("weights name alias '" + alias + "', which model '" + model
                        + "' does not have (aliases: " + aliases.keySet() + ")");
            }
            Double w = e.getValue();
            if (w == null || !(w > 0 && w <= 1)) {
                throw new IllegalArgumentException("weight of '" + alias + "' must be in (0, 1], but was " + w);
            }
            sum += w;
            tag.append(tag.length() > 0 ? ";" : "").append(alias).append('=').append(w);
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("weights must sum to 1, but summed to " + sum + " (" + weights + ")");
        }
        return tag.toString();
    }

    /** @return the weights in {@code tag} @throws IllegalStateException if the tag is damaged */
    static Map<String, Double> decode(String model, String tag) {
        Map<String, Double> out = new TreeMap<>();
        try {
            for (String part : tag.split(";")) {
                int eq = part.indexOf('=');
                out.put(part.substring(0, eq), Double.parseDouble(part.substring(eq + 1)));
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("tag " + TAG + " of model '" + model + "' is damaged: '" + tag + "'", e);
        }
        return out;
    }

    /**
     * @return the alias {@code requestKey} is routed to: the same key always to the same alias while the
     *         weights stand
     * @throws IllegalArgumentException if {@code requestKey} is null or empty
     */
    public String arm(String requestKey) {
        if (requestKey == null || requestKey.isEmpty()) {
            throw new IllegalArgumentException("requestKey must not be null or empty, but was "
                    + (requestKey == null ? "null" : "''"));
        }
        double u = fraction(model + '\0' + requestKey);
        double cumulative = 0;
        String last = null;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            cumulative += e.getValue();
            last = e.getKey();
            if (u < cumulative) {
                return last;
            }
        }
        return last; // rounding: u above a sum just under 1
    }

    /**
     * @return the version {@code requestKey} is routed to: the version its arm's alias points at now
     * @throws io.mllifecycle.store.NotFoundException if the alias was removed since the split was set
     */
    public ModelVersion route(String requestKey) {
        String alias = arm(requestKey);
        return registry.model(model).alias(alias).orElseThrow(() -> new io.mllifecycle.store.NotFoundException(
                "alias '" + alias + "' of model '" + model + "' in the traffic split no longer exists"));
    }

    static double fraction(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (h[i] & 0xFF);
            }
            return (bits >>> 11) * 0x1.0p-53; // top 53 bits: exact doubles in [0, 1)
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * Records the outcome of a routed request for {@code metric} (e.g. whether it converted) on the arm the
     * key routes to.
     *
     * @return the arm the outcome was counted for
     * @throws IllegalArgumentException if {@code requestKey} or {@code metric} is null or blank
     */
    public synchronized String recordOutcome(String requestKey, String metric, boolean success) {
        Checks.key("metric", metric);
        String alias = arm(requestKey);
        recordCounts(alias, metric, success ? 1 : 0, 1);
        return alias;
    }

    /**
     * Adds counts for an arm (outcomes counted elsewhere).
     *
     * @throws IllegalArgumentException if the alias is not in the split, or the counts are negative or
     *         {@code successes > trials}
     */
    public synchronized void recordCounts(String alias, String metric, long successes, long trials) {
        Checks.key("metric", metric);
        if (!weights.containsKey(alias)) {
            throw new IllegalArgumentException("alias '" + alias + "' is not in the split of '" + model + "' "
                    + weights.keySet());
        }
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("counts must satisfy 0 <= successes <= trials, but were " + successes
                    + " and " + trials);
        }
        LifecycleStore store = registry.store();
        RunRecord run = AbOutcomes.armRun(store.tracking(), model, alias, registry.context().now()).orElseThrow();
        Conversions now = AbOutcomes.conversions(run, metric).plus(successes, trials);
        Instant t = registry.context().now();
        store.tracking().logMetrics(run.id(), List.of(new MetricPoint(metric + ".trials", now.trials(), now.trials(), t),
                new MetricPoint(metric + ".successes", now.successes(), now.trials(), t)));
    }

    /** @return the conversions counted for {@code alias} and {@code metric} so far */
    public Conversions outcomes(String alias, String metric) {
        Checks.key("metric", metric);
        return AbOutcomes.armRun(registry.store().tracking(), model, alias, null).map(r -> AbOutcomes.conversions(r, metric))
                .orElse(new Conversions(0, 0));
    }

    /**
     * The mixture sequential test (always-valid p-value, lifecycle-drift's {@link SequentialAbTest}) of
     * {@code treatment} against {@code control} on {@code metric}'s conversions, at level {@code 1 − confidence}.
     *
     * @throws IllegalArgumentException if an alias is unknown or {@code confidence} is not in (0, 1)
     */
    public SequentialDecision compare(String control, String treatment, String metric, double confidence) {
        for (String alias : new String[] {control, treatment}) {
            if (!weights.containsKey(alias)) {
                throw new IllegalArgumentException("alias '" + alias + "' is not in the split of '" + model + "' "
                        + weights.keySet());
            }
        }
        return AbOutcomes.compare(registry.store().tracking(), model, control, treatment, metric, confidence);
    }

}
