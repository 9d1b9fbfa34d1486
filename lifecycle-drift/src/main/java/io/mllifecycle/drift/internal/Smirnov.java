package io.mllifecycle.drift.internal;

/**
 * Exact survival function of the one-sided one-sample Smirnov statistic, P(D_n^+ &gt;= x), the
 * quantity SciPy's {@code scipy.special.smirnov(n, x)} returns. Not public API.
 *
 * <p>Birnbaum–Tingey sum, whose terms are all positive (no cancellation):
 * {@code x * sum_{j=0}^{floor(n(1-x))} C(n,j) (x + j/n)^(j-1) (1 - x - j/n)^(n-j)}. Each term is
 * formed in logarithms (the binomial by a compensated running sum of log ratios; the two power
 * bases, which move by 1/n per term, by log1p of the step, re-anchored with an exact logarithm
 * every 64 terms — most of the cost of 10^5..10^6-term sums is logarithms) and the terms are added
 * relative to the largest, so tails down to the smallest positive double are resolved with
 * relative error near 1e-10 for n up to 10^6.
 */
public final class Smirnov {

    /** Exact logarithms every 64 terms bound the drift of the incremental ones to ~1e-14. */
    private static final int ANCHOR_MASK = 63;

    private Smirnov() {}

    /** log(1 + u): a 6-term series for |u| &lt; 1e-3 (error below 1e-21), else {@link Math#log1p}. */
    static double log1p(double u) {
        if (Math.abs(u) < 1e-3) {
            return u * (1 - u * (0.5 - u * (1.0 / 3 - u * (0.25 - u * (0.2 - u / 6)))));
        }
        return Math.log1p(u);
    }

    /** P(D_n^+ &gt;= x) for {@code n >= 1}; 1 for {@code x <= 0}, 0 for {@code x >= 1}. */
    public static double sf(int n, double x) {
        if (x <= 0.0) {
            return 1.0;
        }
        if (x >= 1.0) {
            return 0.0;
        }
        if (n == 1) {
            return 1.0 - x;
        }
        double nx = n * x;
        int last = (int) Math.floor(n - nx);
        if (last >= n) {
            last = n - 1;
        }
        double[] logs = new double[last + 1];
        double max = Double.NEGATIVE_INFINITY;
        double logBinom = 0.0;
        double compensation = 0.0;
        double logLower = 0.0;
        double logUpper = 0.0;
        for (int j = 0; j <= last; j++) {
            if (j > 0) {
                // Kahan-compensated log C(n, j) = log C(n, j-1) + log((n-j+1)/j)
                double y = Math.log((double) (n - j + 1) / j) - compensation;
                double s = logBinom + y;
                compensation = (s - logBinom) - y;
                logBinom = s;
            }
            double upper = (n - j - nx) / n;          // 1 - x - j/n
            if (upper <= 0.0) {
                logs[j] = Double.NEGATIVE_INFINITY;
                continue;
            }
            if ((j & ANCHOR_MASK) == 0) {
                logLower = Math.log((nx + j) / n);    // log(x + j/n), exactly every 64 terms
                logUpper = Math.log(upper);
            } else {
                // one step of 1/n in each base: log1p of a small ratio, by series when tiny
                logLower += log1p(1.0 / (nx + j - 1));
                logUpper += log1p(-1.0 / (n - nx - j + 1));
            }
            double term = logBinom + (j - 1) * logLower + (n - j) * logUpper;
            logs[j] = term;
            if (term > max) {
                max = term;
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        double sum = 0.0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        double log = Math.log(x) + max + Math.log(sum);
        double p = Math.exp(log);
        return p > 1.0 ? 1.0 : p;
    }
}
