package io.mllifecycle.drift;

/**
 * Outcome of a two-sample Kolmogorov–Smirnov test, as {@code scipy.stats.ks_2samp} reports it, plus
 * what a person needs to see why a column drifted.
 *
 * @param statistic           D for the alternative, in [0, 1]; with {@link KsMethod#EXACT} it is
 *                            {@code h / lcm(n, m)} for the nearest integer {@code h}, as SciPy
 * @param pValue              in [0, 1]; when {@link #approximate()}, a conservative (upper) estimate
 * @param method              the method actually used: {@code EXACT} or {@code ASYMPTOTIC}, never {@code AUTO}
 * @param alternative         the alternative hypothesis tested
 * @param n                   reference values used (NaN omitted), at least 1
 * @param m                   current values used (NaN omitted), at least 1
 * @param location            the value where the statistic is reached
 * @param sign                +1 if the reference CDF exceeds the current CDF there, -1 otherwise
 * @param ties                whether some value occurs more than once in the pooled sample (the
 *                            p-value assumes continuous data and is then conservative)
 * @param referenceNanOmitted reference values left out as missing
 * @param currentNanOmitted   current values left out as missing
 * @param approximate         true when the reference is a sketch: statistic and p-value are estimates
 * @param statisticError      bound on |statistic - exact statistic| (0 when not approximate)
 * @param note                why the method differs from the one requested, or what is approximate;
 *                            empty when nothing needs saying
 */
public record KsResult(double statistic, double pValue, KsMethod method, KsAlternative alternative,
        long n, long m, double location, int sign, boolean ties, long referenceNanOmitted,
        long currentNanOmitted, boolean approximate, double statisticError, String note) {

    /** @throws IllegalArgumentException if a component is out of its range */
    public KsResult {
        check(statistic >= 0.0 && statistic <= 1.0, "statistic must be in [0, 1], but was " + statistic);
        check(pValue >= 0.0 && pValue <= 1.0, "pValue must be in [0, 1], but was " + pValue);
        check(method != null && method != KsMethod.AUTO, "method must be EXACT or ASYMPTOTIC, but was " + method);
        check(alternative != null, "alternative must not be null");
        check(n >= 1 && m >= 1, "n and m must be >= 1, but were " + n + " and " + m);
        check(sign == 1 || sign == -1, "sign must be +1 or -1, but was " + sign);
        check(referenceNanOmitted >= 0 && currentNanOmitted >= 0, "NaN counts must be >= 0");
        check(statisticError >= 0.0, "statisticError must be >= 0, but was " + statisticError);
        check(approximate || statisticError == 0.0, "statisticError must be 0 for an exact statistic");
        check(note != null, "note must not be null (use \"\")");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Whether the test rejects "same distribution" at level {@code alpha} (p-value &lt;= alpha). */
    public boolean rejects(double alpha) {
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), but was " + alpha);
        }
        return pValue <= alpha;
    }
}
