package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.CvmDistribution;
import io.mllifecycle.drift.internal.DoubleSort;
import io.mllifecycle.drift.internal.Samples;

/**
 * Two-sample Cramér–von Mises test, agreeing with {@code scipy.stats.cramervonmises_2samp(reference,
 * current, method)}.
 *
 * <p>Definition (Anderson 1962): with r_i the mid-ranks of the sorted reference values and s_j those of
 * the sorted current values in the pooled sample, U = n Σ (r_i - i)² + m Σ (s_j - j)² and
 * T = U / (n m (n + m)) - (4 n m - 1) / (6 (n + m)). Large T means the distributions differ. The
 * exact p-value is P(T &gt;= t) over all C(n+m, n) splits of the pooled ranks; the asymptotic one
 * normalises T by its exact mean and variance and uses the limiting Cramér–von Mises distribution
 * (series truncated where SciPy truncates it, terms below 1e-7). Ties use mid-ranks. The rank sums
 * are exact integers and T is rounded once from the exact rational, so large samples (10^6 and more
 * per side) keep every digit; SciPy's own float64 sums lose a few there.
 *
 * <p>Inputs are never modified; NaN is rejected naming its index unless {@link NanPolicy#OMIT};
 * {@code ±Infinity} are rejected (the statistic needs ranks only, but SciPy and the p-value
 * assume finite data, so they are refused rather than guessed).
 */
public final class CramerVonMises {

    /** AUTO uses EXACT when both sizes are at most this, as SciPy. */
    static final int MAX_AUTO_EXACT = 20;

    private CramerVonMises() {}

    /** Test with {@link CvmMethod#AUTO}, NaN rejected. */
    public static CvmResult twoSample(double[] reference, double[] current) {
        return twoSample(reference, current, CvmMethod.AUTO, NanPolicy.REJECT);
    }

    /** Test with the given method, NaN rejected. */
    public static CvmResult twoSample(double[] reference, double[] current, CvmMethod method) {
        return twoSample(reference, current, method, NanPolicy.REJECT);
    }

    /**
     * Test with the given method and NaN policy.
     *
     * @param reference at least 2 finite values after NaN are omitted, not null
     * @param current   at least 2 finite values after NaN are omitted, not null
     * @throws IllegalArgumentException if an argument is null, a sample has fewer than 2 values, an
     *         infinite value, a NaN under {@link NanPolicy#REJECT}, or {@code EXACT} is asked for
     *         samples whose C(n+m, n) exceeds 2^62
     */
    public static CvmResult twoSample(double[] reference, double[] current, CvmMethod method,
            NanPolicy nanPolicy) {
        if (method == null) {
            throw new IllegalArgumentException("method must not be null (use CvmMethod.AUTO)");
        }
        Samples.Clean ref = Samples.clean("reference", reference, nanPolicy, 2);
        Samples.Clean cur = Samples.clean("current", current, nanPolicy, 2);
        double[] x = finite("reference", ref.values());
        double[] y = finite("current", cur.values());
        DoubleSort.sortInPlace(x);
        DoubleSort.sortInPlace(y);
        int n = x.length;
        int m = y.length;
        CvmMethod used = method == CvmMethod.AUTO
                ? (Math.max(n, m) <= MAX_AUTO_EXACT ? CvmMethod.EXACT : CvmMethod.ASYMPTOTIC) : method;
        CvmDistribution.Statistic s = CvmDistribution.statistic(x, y);
        double t = s.t();
        double p = used == CvmMethod.EXACT ? CvmDistribution.exactSf(s.u(), n, m)
                : CvmDistribution.asymptoticSf(t, n, m);
        return new CvmResult(t, p, used, n, m, s.ties(), ref.nanCount(), cur.nanCount());
    }

    private static double[] finite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isInfinite(values[i])) {
                throw new IllegalArgumentException(name + " must be finite, but a value was " + values[i]);
            }
        }
        return values;
    }
}
