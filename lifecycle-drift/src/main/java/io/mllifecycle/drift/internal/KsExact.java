package io.mllifecycle.drift.internal;

/**
 * Exact null distribution of the two-sample Smirnov statistic, P(D &gt;= h / lcm(n, m)), following
 * the lattice-path methods SciPy's {@code ks_2samp} uses (Hodges 1958; Viehmann 2021 for the stable
 * two-sided recursion). Not public API.
 *
 * <p>Every method returns {@code NaN} when the probability cannot be computed in double precision;
 * the caller then falls back to the asymptotic distribution, as SciPy does.
 */
public final class KsExact {

    private static final double LOG_MAX = Math.log(Double.MAX_VALUE);

    private KsExact() {}

    /** Two-sided P(D &gt;= h/lcm) for sample sizes n, m and integer h &gt; 0. */
    public static double twoSided(int n, int m, int h) {
        return n == m ? outsideSquare(n, h) : outsideInside(n, m, gcd(n, m), h);
    }

    /** One-sided P(D+ &gt;= h/lcm) (the same for D-) for sample sizes n, m and integer h &gt; 0. */
    public static double oneSided(int n, int m, int h) {
        if (n == m) {
            double p = 1.0;
            for (int j = 0; j < h; j++) {
                p *= (n - j) / (n + j + 1.0);
            }
            return p;
        }
        int big = Math.max(n, m);
        int small = Math.min(n, m);
        LogFactorials lf = new LogFactorials(n + m);
        if (lf.logBinomial(n + m, small) > LOG_MAX) {
            return Double.NaN;
        }
        double paths = pathsOutside(big, small, gcd(n, m), h, lf);
        double all = Math.exp(lf.logBinomial(n + m, small));
        if (!(paths <= all) || Double.isInfinite(all)) {
            return Double.NaN;
        }
        double p = paths / all;
        return p >= 0.0 && p <= 1.0 ? p : Double.NaN;
    }

    /** Equal sizes: 2 * sum_k (-1)^(k+1) C(2n, n-kh)/C(2n, n), evaluated Horner-style. */
    static double outsideSquare(int n, int h) {
        double p = 0.0;
        for (int k = n / h; k >= 0; k--) {
            double a = 1.0;
            for (int j = 0; j < h; j++) {
                a = (n - (long) k * h - j) * a / (n + (long) k * h + j + 1);
            }
            p = a * (1.0 - p);
        }
        return 2 * p;
    }

    /**
     * Unequal sizes: 1 - (share of paths staying strictly inside |x/m - y/n| &lt; h/lcm), computed as
     * a recursion on the complement so that small p-values keep their relative accuracy.
     */
    static double outsideInside(int n1, int n2, int g, int h) {
        int m = Math.max(n1, n2);
        int n = Math.min(n1, n2);
        long mg = m / g;
        long ng = n / g;
        int minj = 0;
        int maxj = (int) Math.min(ceilDiv(h, mg), n + 1L);
        int curlen = maxj - minj;
        int lenA = Math.min(2 * maxj + 2, n + 1);
        double[] a = new double[lenA];
        java.util.Arrays.fill(a, 1.0);
        java.util.Arrays.fill(a, minj, maxj, 0.0);
        for (int i = 1; i <= m; i++) {
            int lastMinj = minj;
            int lastLen = curlen;
            minj = (int) Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0);
            minj = Math.min(minj, n);
            maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1L);
            if (maxj <= minj) {
                return 1.0;
            }
            double val = minj == 0 ? 0.0 : 1.0;
            for (int jj = 0; jj < maxj - minj; jj++) {
                int j = jj + minj;
                val = (a[jj + minj - lastMinj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastLen > curlen) {
                java.util.Arrays.fill(a, curlen, curlen + (lastLen - curlen), 1.0);
            }
        }
        return a[maxj - minj - 1];
    }

    /** Number of lattice paths from (0,0) to (m,n), m &gt;= n, reaching m*y &lt;= n*x - h*g (Hodges). */
    static double pathsOutside(int m, int n, int g, int h, LogFactorials lf) {
        long mg = m / g;
        long ng = n / g;
        int lxj = (int) (n + Math.floorDiv(mg - h, mg));
        if (lxj <= 0) {
            return Math.exp(lf.logBinomial(m + n, n));
        }
        long[] xj = new long[lxj];
        for (int j = 0; j < lxj; j++) {
            xj[j] = Math.floorDiv(h + mg * j + ng - 1, ng);
        }
        double[] b = new double[lxj];
        b[0] = 1.0;
        for (int j = 1; j < lxj; j++) {
            double bj = lf.binomial(xj[j] + j, j);
            for (int i = 0; i < j; i++) {
                bj -= lf.binomial(xj[j] - xj[i] + j - i, j - i) * b[i];
            }
            b[j] = bj;
        }
        double paths = 0.0;
        for (int j = 0; j < lxj; j++) {
            paths += b[j] * lf.binomial((m - xj[j]) + (n - j), n - j);
        }
        return paths;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
