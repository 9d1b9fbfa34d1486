package io.mllifecycle.drift.abtest;

import org.apache.commons.math3.special.Erf;

/**
 * The fixed-horizon two-proportion z-test with pooled variance (the textbook test, statsmodels'
 * {@code proportions_ztest} default): z = (p̂_t − p̂_c) / sqrt(p̄ (1 − p̄) (1/n_c + 1/n_t)) with
 * p̄ = (s_c + s_t)/(n_c + n_t), p-value from the standard normal. Valid only when read once at a
 * sample size fixed in advance: reading it repeatedly while data arrive inflates false positives —
 * use {@link SequentialAbTest} for that.
 */
public final class TwoProportionZTest {

    private TwoProportionZTest() {}

    /** The two-sided test. */
    public static ZTestResult test(Conversions control, Conversions treatment) {
        return test(control, treatment, Alternative.TWO_SIDED);
    }

    /**
     * The test with the given alternative.
     *
     * @throws IllegalArgumentException if an argument is null, an arm has no trials, or no outcome
     *         varies (every trial converted, or none did), which leaves the pooled variance 0
     */
    public static ZTestResult test(Conversions control, Conversions treatment, Alternative alternative) {
        if (control == null || treatment == null || alternative == null) {
            throw new IllegalArgumentException("control, treatment and alternative must not be null");
        }
        if (control.trials() == 0 || treatment.trials() == 0) {
            throw new IllegalArgumentException("control and treatment need at least one trial each, but had "
                    + control.trials() + " and " + treatment.trials());
        }
        double nc = control.trials();
        double nt = treatment.trials();
        double pooled = (double) (control.successes() + treatment.successes()) / (nc + nt);
        double se = Math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt));
        if (!(se > 0.0)) {
            throw new IllegalArgumentException("control " + control + " and treatment " + treatment
                    + " have no variation (pooled rate " + pooled + "), so the z-test is undefined");
        }
        double difference = treatment.rate() - control.rate();
        double z = difference / se;
        return new ZTestResult(difference, se, z, pValue(z, alternative), alternative);
    }

    /** P-value of a standard normal statistic {@code z} under {@code alternative}. */
    static double pValue(double z, Alternative alternative) {
        return switch (alternative) {
            case TWO_SIDED -> Math.min(1.0, 2 * upperTail(Math.abs(z)));
            case GREATER -> upperTail(z);
            case LESS -> upperTail(-z);
        };
    }

    /** P(Z &gt; z), accurate in the far tail (erfc, not 1 − Φ). */
    static double upperTail(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2.0));
    }
}
