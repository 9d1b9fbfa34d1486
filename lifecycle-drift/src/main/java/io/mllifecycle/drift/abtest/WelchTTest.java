package io.mllifecycle.drift.abtest;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's unequal-variance t-test, agreeing with {@code scipy.stats.ttest_ind(treatment, control,
 * equal_var=False, alternative=…)}: t = (x̄_t − x̄_c) / sqrt(s_t²/n_t + s_c²/n_c) with the
 * Welch–Satterthwaite degrees of freedom (s_t²/n_t + s_c²/n_c)² / ((s_t²/n_t)²/(n_t − 1) +
 * (s_c²/n_c)²/(n_c − 1)) (Welch 1947). Fixed-horizon: read it once, see {@link SequentialAbTest}.
 */
public final class WelchTTest {

    private WelchTTest() {}

    /**
     * The test on raw outcomes.
     *
     * @throws IllegalArgumentException if an argument is null, holds a non-finite value, has fewer
     *         than 2 values, or both samples are constant
     */
    public static WelchResult test(double[] control, double[] treatment, Alternative alternative) {
        if (control == null || treatment == null) {
            throw new IllegalArgumentException("control and treatment must not be null");
        }
        return test(summary("control", control), summary("treatment", treatment), alternative);
    }

    /**
     * The test on summaries.
     *
     * @throws IllegalArgumentException if an argument is null, an arm has fewer than 2 outcomes, or
     *         both variances are 0
     */
    public static WelchResult test(SampleSummary control, SampleSummary treatment, Alternative alternative) {
        if (control == null || treatment == null || alternative == null) {
            throw new IllegalArgumentException("control, treatment and alternative must not be null");
        }
        if (control.count() < 2 || treatment.count() < 2) {
            throw new IllegalArgumentException("control and treatment need at least 2 outcomes each, but had "
                    + control.count() + " and " + treatment.count());
        }
        double vc = control.variance() / control.count();
        double vt = treatment.variance() / treatment.count();
        double se2 = vc + vt;
        if (!(se2 > 0.0)) {
            throw new IllegalArgumentException("control and treatment both have variance 0, so Welch's t is undefined");
        }
        double difference = treatment.mean() - control.mean();
        double se = Math.sqrt(se2);
        double t = difference / se;
        double df = se2 * se2 / (vc * vc / (control.count() - 1) + vt * vt / (treatment.count() - 1));
        TDistribution dist = new TDistribution(null, df);
        double p = switch (alternative) {
            case TWO_SIDED -> Math.min(1.0, 2 * dist.cumulativeProbability(-Math.abs(t)));
            case GREATER -> dist.cumulativeProbability(-t);
            case LESS -> dist.cumulativeProbability(t);
        };
        return new WelchResult(difference, se, t, df, p, alternative);
    }

    private static SampleSummary summary(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, but was " + values[i]);
            }
        }
        return SampleSummary.of(values);
    }
}
