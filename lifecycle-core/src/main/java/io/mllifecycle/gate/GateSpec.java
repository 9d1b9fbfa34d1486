package io.mllifecycle.gate;

import io.mllifecycle.store.spi.Checks;
import java.util.List;

/**
 * A gate described as data, so that it can be stored in the registry with a {@link GovernancePolicy} and
 * enforced by every process that opens the store. Only built-in gates can be described this way; a custom
 * {@link Gate} stays in code ({@link GatePolicy}).
 *
 * @param kind   which built-in gate
 * @param metric the metric it reads (metric kinds, no-regression, fairness); empty otherwise
 * @param bound  the threshold: the bound of a metric gate, the tolerance of no-regression, the largest gap of
 *               fairness; NaN for the others
 * @param alias  the alias a no-regression gate compares with; empty otherwise
 * @param names  the tags or card fields that must be present; empty otherwise
 */
public record GateSpec(Kind kind, String metric, double bound, String alias, List<String> names) {
    /** The built-in gates a stored policy can name. */
    public enum Kind {
        /** latest metric ≥ bound */
        METRIC_AT_LEAST,
        /** latest metric ≤ bound */
        METRIC_AT_MOST,
        /** not worse than the version behind the alias by more than bound, higher being better */
        NO_REGRESSION,
        /** the version carries every named tag */
        REQUIRE_TAGS,
        /** the model card has every named field */
        REQUIRE_CARD,
        /** the gap of metric/&lt;group&gt; values is at most bound */
        FAIRNESS
    }

    public GateSpec {
        Checks.notNull("kind", kind);
        Checks.notNull("metric", metric);
        Checks.notNull("alias", alias);
        names = List.copyOf(Checks.notNull("names", names));
        boolean needsMetric = kind != Kind.REQUIRE_TAGS && kind != Kind.REQUIRE_CARD;
        if (needsMetric) {
            Checks.key("metric", metric);
            Checks.finite("bound", bound);
        } else if (names.isEmpty()) {
            throw new IllegalArgumentException("names must list at least one " + (kind == Kind.REQUIRE_TAGS ? "tag"
                    : "card field") + " for " + kind + ", but was empty");
        }
        if (kind == Kind.NO_REGRESSION) {
            Checks.key("alias", alias);
        }
        if ((kind == Kind.NO_REGRESSION || kind == Kind.FAIRNESS) && bound < 0) {
            throw new IllegalArgumentException("bound of " + kind + " must be ≥ 0, but was " + bound);
        }
    }

    /** @return latest {@code metric} ≥ {@code bound} */
    public static GateSpec metricAtLeast(String metric, double bound) {
        return new GateSpec(Kind.METRIC_AT_LEAST, metric, bound, "", List.of());
    }

    /** @return latest {@code metric} ≤ {@code bound} */
    public static GateSpec metricAtMost(String metric, double bound) {
        return new GateSpec(Kind.METRIC_AT_MOST, metric, bound, "", List.of());
    }

    /** @return see {@link Gates#noRegressionVs(String, String, double)} */
    public static GateSpec noRegressionVs(String alias, String metric, double tolerance) {
        return new GateSpec(Kind.NO_REGRESSION, metric, tolerance, alias, List.of());
    }

    /** @return see {@link Gates#requireTags(String...)} */
    public static GateSpec requireTags(String... keys) {
        return new GateSpec(Kind.REQUIRE_TAGS, "", Double.NaN, "", List.of(Checks.notNull("keys", keys)));
    }

    /** @return see {@link Gates#requireCard(String...)} */
    public static GateSpec requireCard(String... fields) {
        return new GateSpec(Kind.REQUIRE_CARD, "", Double.NaN, "", List.of(Checks.notNull("fields", fields)));
    }

    /** @return see {@link Gates#fairness(String, double)} */
    public static GateSpec fairness(String metric, double maxGap) {
        return new GateSpec(Kind.FAIRNESS, metric, maxGap, "", List.of());
    }

    /** @return the gate this describes */
    public Gate toGate() {
        return switch (kind) {
            case METRIC_AT_LEAST -> Gates.metric(metric).atLeast(bound);
            case METRIC_AT_MOST -> Gates.metric(metric).atMost(bound);
            case NO_REGRESSION -> Gates.noRegressionVs(alias, metric, bound);
            case REQUIRE_TAGS -> Gates.requireTags(names.toArray(String[]::new));
            case REQUIRE_CARD -> Gates.requireCard(names.toArray(String[]::new));
            case FAIRNESS -> Gates.fairness(metric, bound);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case METRIC_AT_LEAST -> "metric " + metric + " ≥ " + bound;
            case METRIC_AT_MOST -> "metric " + metric + " ≤ " + bound;
            case NO_REGRESSION -> "no regression of " + metric + " vs @" + alias + " beyond " + bound;
            case REQUIRE_TAGS -> "tags " + names;
            case REQUIRE_CARD -> "card fields " + names;
            case FAIRNESS -> "fairness gap of " + metric + " ≤ " + bound;
        };
    }
}
