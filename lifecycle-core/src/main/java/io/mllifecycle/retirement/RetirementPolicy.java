package io.mllifecycle.retirement;

import io.mllifecycle.store.spi.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which versions of a model to deprecate, retire or purge. Rules combine: a version is acted on when
 * any rule says so, and the plan lists every rule that applied. Versions behind an alias or in
 * PRODUCTION are never touched unless {@link Builder#includeAliased()} / {@link Builder#includeProduction()}
 * say so. Build with {@link #builder()} or load with {@link RetirementPolicies#fromJson(String)}.
 *
 * @param keepLatest          retire all but the newest N versions (null: no such rule)
 * @param maxAge              retire versions registered longer ago than this (null: none)
 * @param supersededFor       deprecate a version once a newer one has been in PRODUCTION for this long (null: none)
 * @param neverPromotedAfter  retire versions still in DEVELOPMENT (never promoted) this long after registration (null: none)
 * @param metricRules         retire versions whose monitored metric was out of bounds for K consecutive windows
 * @param purgeArtifactsAfter delete artifact bytes of versions RETIRED for this long (null: never purge)
 * @param includeProduction   whether versions in PRODUCTION may be acted on
 * @param includeAliased      whether versions behind an alias may be acted on
 */
public record RetirementPolicy(Integer keepLatest, Duration maxAge, Duration supersededFor, Duration neverPromotedAfter,
                               List<MetricRule> metricRules, Duration purgeArtifactsAfter, boolean includeProduction,
                               boolean includeAliased) {

    /**
     * A bound on a monitored metric (see {@link io.mllifecycle.monitoring.MonitoringRuns}): the version is
     * out of bounds when the last {@code windows} values all fall below {@code min} or above {@code max}.
     *
     * @param metric  monitoring metric, e.g. {@code drift.share_drifted} or {@code perf.accuracy}
     * @param min     lowest acceptable value (−∞ for none)
     * @param max     highest acceptable value (+∞ for none)
     * @param windows K ≥ 1 consecutive windows
     */
    public record MetricRule(String metric, double min, double max, int windows) {
        public MetricRule {
            Checks.key("metric", metric);
            if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("bounds of metric rule '" + metric + "' must be ordered and not NaN,"
                        + " but were [" + min + ", " + max + "]");
            }
            if (windows < 1) {
                throw new IllegalArgumentException("windows of metric rule '" + metric + "' must be ≥ 1, but was "
                        + windows);
            }
        }

        /** @return whether {@code value} is outside the bounds */
        public boolean outOfBounds(double value) {
            return value < min || value > max;
        }
    }

    public RetirementPolicy {
        metricRules = List.copyOf(metricRules);
    }

    /** @return a builder with no rules */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RetirementPolicy}; each setter checks its argument at once. */
    public static final class Builder {
        private Integer keepLatest;
        private Duration maxAge;
        private Duration supersededFor;
        private Duration neverPromotedAfter;
        private final List<MetricRule> metricRules = new ArrayList<>();
        private Duration purgeAfter;
        private boolean includeProduction;
        private boolean includeAliased;

        private Builder() {}

        /** Retire all but the newest {@code n ≥ 1} versions. */
        public Builder keepLatest(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("keepLatest must be ≥ 1, but was " + n);
            }
            this.keepLatest = n;
            return this;
        }

        /** Retire versions registered more than {@code age} ago. */
        public Builder maxAge(Duration age) {
            this.maxAge = positive("maxAge", age);
            return this;
        }

        /** Deprecate a version once a newer one has served in PRODUCTION for {@code d}. */
        public Builder supersededFor(Duration d) {
            this.supersededFor = nonNegative("supersededFor", d);
            return this;
        }

        /** Retire versions never promoted out of DEVELOPMENT within {@code d} of registration. */
        public Builder neverPromotedAfter(Duration d) {
            this.neverPromotedAfter = positive("neverPromotedAfter", d);
            return this;
        }

        /** Retire versions whose monitored {@code metric} stayed below {@code min} for {@code windows} windows. */
        public Builder whenMetricBelow(String metric, double min, int windows) {
            metricRules.add(new MetricRule(metric, min, Double.POSITIVE_INFINITY, windows));
            return this;
        }

        /** Retire versions whose monitored {@code metric} stayed above {@code max} for {@code windows} windows. */
        public Builder whenMetricAbove(String metric, double max, int windows) {
            metricRules.add(new MetricRule(metric, Double.NEGATIVE_INFINITY, max, windows));
            return this;
        }

        /** Delete artifact bytes of versions that have been RETIRED for {@code d} (metadata is kept). */
        public Builder purgeArtifactsAfter(Duration d) {
            this.purgeAfter = nonNegative("purgeArtifactsAfter", d);
            return this;
        }

        /** Allow acting on versions in PRODUCTION (off by default). */
        public Builder includeProduction() {
            this.includeProduction = true;
            return this;
        }

        /** Allow acting on versions behind an alias (off by default). */
        public Builder includeAliased() {
            this.includeAliased = true;
            return this;
        }

        /** @return the policy */
        public RetirementPolicy build() {
            return new RetirementPolicy(keepLatest, maxAge, supersededFor, neverPromotedAfter, metricRules, purgeAfter,
                    includeProduction, includeAliased);
        }

        private static Duration positive(String name, Duration d) {
            Checks.notNull(name, d);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, but was " + d);
            }
            return d;
        }

        private static Duration nonNegative(String name, Duration d) {
            Checks.notNull(name, d);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must be ≥ 0, but was " + d);
            }
            return d;
        }
    }

    /** @return the purge rule, if any */
    public Optional<Duration> purge() {
        return Optional.ofNullable(purgeArtifactsAfter);
    }
}
