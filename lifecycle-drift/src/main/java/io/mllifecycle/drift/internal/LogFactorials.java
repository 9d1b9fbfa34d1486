package io.mllifecycle.drift.internal;

/**
 * Table of log(k!) for k up to a bound, for binomial coefficients that may exceed the double range
 * in intermediate steps. Not public API.
 */
final class LogFactorials {

    private final double[] table;

    LogFactorials(int max) {
        table = new double[max + 1];
        double sum = 0.0;
        double compensation = 0.0;
        for (int k = 2; k <= max; k++) {
            double y = Math.log(k) - compensation;
            double s = sum + y;
            compensation = (s - sum) - y;
            sum = s;
            table[k] = sum;
        }
    }

    /** log C(n, k) for 0 &lt;= k &lt;= n &lt;= max. */
    double logBinomial(long n, long k) {
        return table[(int) n] - table[(int) k] - table[(int) (n - k)];
    }

    /**
     * C(n, k) as a double (possibly infinite). Small k use the exact multiplicative form, as
     * {@code scipy.special.binom} does, so integer results below 2^53 are exact.
     */
    double binomial(long n, long k) {
        long kk = Math.min(k, n - k);
        if (kk < 0) {
            return 0.0;
        }
        if (kk < 20) {
            double num = 1.0;
            double den = 1.0;
            for (long i = 1; i <= kk; i++) {
                num *= i + n - kk;
                den *= i;
                if (Math.abs(num) > 1e50) {
                    num /= den;
                    den = 1.0;
                }
            }
            return num / den;
        }
        return Math.exp(logBinomial(n, kk));
    }
}
