package io.mllifecycle.drift.abtest;

import java.util.Optional;

/**
 * A two-sided A/B comparison that may be read after every batch of outcomes: the mixture sequential
 * probability ratio test (mSPRT) with always-valid p-values and confidence intervals of Johari,
 * Koomen, Pekelis &amp; Walsh, "Peeking at A/B Tests: Why it matters, and what to do about it" (KDD
 * 2017) and "Always Valid Inference: Continuous Monitoring of A/B Tests" (Operations Research 70(3),
 * 2022), after Robbins (1970).
 *
 * <p>At each look the difference estimate Δ̂ (treatment − control) with estimated variance V is
 * compared to 0 by the likelihood ratio of a normal mixture N(0, τ²) over the true difference against
 * the point 0: Λ = sqrt(V / (V + τ²)) · exp(τ² Δ̂² / (2 V (V + τ²))). By Ville's inequality
 * P(sup Λ ≥ 1/α | no difference) ≤ α, so the always-valid p-value p_n = min(p_{n−1}, 1/Λ_n) may be
 * monitored continuously; the test rejects (and may stop) the first time p_n ≤ α. Inverting Λ gives
 * the confidence interval Δ̂ ± sqrt(2 V (V + τ²) / τ² · (ln(1/α) + ½ ln((V + τ²)/V))).
 *
 * <p>Conversions use the pooled variance p̄(1 − p̄)(1/n_c + 1/n_t) for the test (0 only if every
 * outcome is equal, when Δ̂ = 0 too) and the unpooled one for the interval; means use
 * s_c²/n_c + s_t²/n_t. Both are plug-in estimates, valid in the large-sample normal approximation, so
 * no decision is made before {@link Builder#minimumPerArm} outcomes per arm (default 100). τ is on the
 * scale of the difference: about the smallest effect worth detecting (power is best near it, and the
 * guarantee holds for any τ). Instances are not thread-safe; {@link Builder#resume} continues from a stored
 * decision.
 */
public final class SequentialAbTest {

    /** What is compared. */
    public enum Kind {
        /** Conversion rates, looked at with {@link #update(Conversions, Conversions)}. */
        CONVERSIONS,
        /** Means, looked at with {@link #update(SampleSummary, SampleSummary)}. */
        MEANS
    }

    private final Kind kind;
    private final double alpha;
    private final double tau;
    private final long minimumPerArm;
    private SequentialDecision last;

    private SequentialAbTest(Builder b, SequentialDecision from) {
        this.kind = b.kind;
        this.alpha = b.alpha;
        this.tau = b.tau;
        this.minimumPerArm = b.minimumPerArm;
        this.last = from;
    }

    /** A builder for conversion rates. */
    public static Builder conversions() {
        return new Builder(Kind.CONVERSIONS);
    }

    /** A builder for means. */
    public static Builder means() {
        return new Builder(Kind.MEANS);
    }

    /** What this test compares. */
    public Kind kind() {
        return kind;
    }

    /** The significance level α. */
    public double alpha() {
        return alpha;
    }

    /** The latest decision (the initial one, p = 1, before any look). */
    public SequentialDecision last() {
        return last;
    }

    /**
     * Looks at the cumulative conversions of both arms so far.
     *
     * @throws IllegalArgumentException if an argument is null, or an arm has fewer trials than at the
     *         previous look (outcomes are cumulative)
     * @throws IllegalStateException if this test compares means
     */
    public SequentialDecision update(Conversions control, Conversions treatment) {
        if (control == null || treatment == null) {
            throw new IllegalArgumentException("control and treatment must not be null");
        }
        if (kind != Kind.CONVERSIONS) {
            throw new IllegalStateException("this sequential test compares means; pass SampleSummary values");
        }
        checkCumulative(control.trials(), treatment.trials());
        double nc = control.trials();
        double nt = treatment.trials();
        if (control.trials() == 0 || treatment.trials() == 0) {
            return look(control.trials(), treatment.trials(), 0.0, 0.0, 0.0);
        }
        double pc = control.rate();
        double pt = treatment.rate();
        double pooled = (control.successes() + treatment.successes()) / (nc + nt);
        double testVariance = pooled * (1 - pooled) * (1 / nc + 1 / nt);
        double intervalVariance = pc * (1 - pc) / nc + pt * (1 - pt) / nt;
        return look(control.trials(), treatment.trials(), pt - pc, testVariance,
                intervalVariance > 0 ? intervalVariance : testVariance);
    }

    /**
     * Looks at the cumulative summaries of both arms so far.
     *
     * @throws IllegalArgumentException if an argument is null, or an arm has fewer outcomes than at
     *         the previous look
     * @throws IllegalStateException if this test compares conversions
     */
    public SequentialDecision update(SampleSummary control, SampleSummary treatment) {
        if (control == null || treatment == null) {
            throw new IllegalArgumentException("control and treatment must not be null");
        }
        if (kind != Kind.MEANS) {
            throw new IllegalStateException("this sequential test compares conversions; pass Conversions values");
        }
        checkCumulative(control.count(), treatment.count());
        if (control.count() < 2 || treatment.count() < 2) {
            return look(control.count(), treatment.count(), 0.0, 0.0, 0.0);
        }
        double v = control.variance() / control.count() + treatment.variance() / treatment.count();
        return look(control.count(), treatment.count(), treatment.mean() - control.mean(), v, v);
    }

    /**
     * log Λ of the normal-mixture SPRT for a difference estimate with variance {@code variance} and
     * mixing standard deviation {@code tau}: ½ ln(V/(V+τ²)) + τ²Δ̂²/(2V(V+τ²)); −∞ if V = 0 and
     * Δ̂ = 0, +∞ if V = 0 and Δ̂ ≠ 0.
     *
     * @throws IllegalArgumentException if {@code difference} is not finite, {@code variance} is
     *         negative or not finite, or {@code tau} is not positive and finite
     */
    public static double logLikelihoodRatio(double difference, double variance, double tau) {
        if (!Double.isFinite(difference)) {
            throw new IllegalArgumentException("difference must be finite, but was " + difference);
        }
        if (!(variance >= 0.0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("variance must be finite and >= 0, but was " + variance);
        }
        checkTau(tau);
        if (variance == 0.0) {
            return difference == 0.0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double t2 = tau * tau;
        return 0.5 * Math.log(variance / (variance + t2))
                + t2 * difference * difference / (2 * variance * (variance + t2));
    }

    private SequentialDecision look(long nc, long nt, double difference, double testVariance,
            double intervalVariance) {
        if (nc < minimumPerArm || nt < minimumPerArm) {
            last = new SequentialDecision(nc, nt, difference, Double.NEGATIVE_INFINITY, last.alwaysValidPValue(),
                    Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, last.stoppedAt());
            return last;
        }
        double logLr = logLikelihoodRatio(difference, testVariance, tau);
        double p = Math.min(last.alwaysValidPValue(), Math.min(1.0, Math.exp(-logLr)));
        Optional<SequentialDecision.StoppingPoint> stopped = last.stoppedAt();
        if (stopped.isEmpty() && p <= alpha) {
            stopped = Optional.of(new SequentialDecision.StoppingPoint(nc, nt));
        }
        double lower = Double.NEGATIVE_INFINITY;
        double upper = Double.POSITIVE_INFINITY;
        if (intervalVariance > 0) {
            double t2 = tau * tau;
            double v = intervalVariance;
            double half = Math.sqrt(2 * v * (v + t2) / t2 * (Math.log(1 / alpha) + 0.5 * Math.log((v + t2) / v)));
            lower = difference - half;
            upper = difference + half;
        }
        last = new SequentialDecision(nc, nt, difference, logLr, p, lower, upper, stopped);
        return last;
    }

    private void checkCumulative(long nc, long nt) {
        if (nc < last.controlCount() || nt < last.treatmentCount()) {
            throw new IllegalArgumentException("outcomes are cumulative: control must have >= " + last.controlCount()
                    + " and treatment >= " + last.treatmentCount() + " outcomes, but had " + nc + " and " + nt);
        }
    }

    private static void checkTau(double tau) {
        if (!(tau > 0.0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("mixingStandardDeviation must be positive and finite, but was " + tau);
        }
    }

    /** Options of a {@link SequentialAbTest}; α and τ must be set. */
    public static final class Builder {
        private final Kind kind;
        private double alpha = Double.NaN;
        private double tau = Double.NaN;
        private long minimumPerArm = 100;

        private Builder(Kind kind) {
            this.kind = kind;
        }

        /**
         * The significance level α.
         *
         * @throws IllegalArgumentException unless 0 &lt; alpha &lt; 1
         */
        public Builder alpha(double alpha) {
            if (!(alpha > 0.0 && alpha < 1.0)) {
                throw new IllegalArgumentException("alpha must be in (0, 1), but was " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        /**
         * τ, the standard deviation of the normal mixture over the difference, in the difference's
         * unit (rate points for conversions).
         *
         * @throws IllegalArgumentException unless positive and finite
         */
        public Builder mixingStandardDeviation(double tau) {
            checkTau(tau);
            this.tau = tau;
            return this;
        }

        /**
         * Outcomes per arm before any decision (default 100).
         *
         * @throws IllegalArgumentException if {@code minimum} is below 2
         */
        public Builder minimumPerArm(long minimum) {
            if (minimum < 2) {
                throw new IllegalArgumentException("minimumPerArm must be >= 2, but was " + minimum);
            }
            this.minimumPerArm = minimum;
            return this;
        }

        /**
         * A fresh test.
         *
         * @throws IllegalStateException if α or τ was not set
         */
        public SequentialAbTest build() {
            requireSet();
            return new SequentialAbTest(this, new SequentialDecision(0, 0, 0.0, Double.NEGATIVE_INFINITY, 1.0,
                    Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Optional.empty()));
        }

        /**
         * A test that continues from {@code last}, a decision stored from an earlier instance with the
         * same options: its p-value, stopping point and counts carry over.
         *
         * @throws IllegalArgumentException if {@code last} is null
         * @throws IllegalStateException if α or τ was not set
         */
        public SequentialAbTest resume(SequentialDecision last) {
            if (last == null) {
                throw new IllegalArgumentException("last must not be null");
            }
            requireSet();
            return new SequentialAbTest(this, last);
        }

        private void requireSet() {
            if (Double.isNaN(alpha) || Double.isNaN(tau)) {
                throw new IllegalStateException("alpha and mixingStandardDeviation must be set, but were " + alpha
                        + " and " + tau);
            }
        }
    }
}
