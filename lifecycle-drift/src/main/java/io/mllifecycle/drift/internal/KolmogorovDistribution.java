package io.mllifecycle.drift.internal;

/**
 * Survival function of the two-sided one-sample Kolmogorov statistic D_n, P(D_n &gt; x), as SciPy's
 * {@code scipy.stats.kstwo.sf(x, n)} computes it (Simard &amp; L'Ecuyer 2011). Not public API.
 *
 * <p>Regions, in SciPy's order: Ruben–Gambino closed forms for {@code n x <= 1} and
 * {@code n x >= n - 1}; twice the exact one-sided Smirnov tail for {@code x >= 0.5} and for large
 * {@code n x^2} (where the two one-sided events are practically disjoint); otherwise the exact
 * Durbin matrix (Marsaglia–Tsang–Wang) for small {@code n x^1.5} and the Pelz–Good expansion
 * beyond. SciPy uses Pomeranz's recursion for {@code n <= 140} and {@code 0.754693 < n x^2 <= 4};
 * the Durbin matrix computes the same exact CDF there (its matrices stay below 47 x 47).
 */
public final class KolmogorovDistribution {

    private static final double PI2 = Math.PI * Math.PI;
    private static final double SQRT2PI = Math.sqrt(2 * Math.PI);
    private static final int SCALE_EXP = 128;
    private static final double BIG = Math.scalb(1.0, SCALE_EXP);
    private static final double SMALL = Math.scalb(1.0, -SCALE_EXP);

    private KolmogorovDistribution() {}

    /** P(D_n &gt; x) for {@code n >= 1}, clipped to [0, 1]. */
    public static double sf(int n, double x) {
        if (x >= 1.0) {
            return 0.0;
        }
        if (x <= 0.5 / n) {
            return 1.0;
        }
        double t = n * x;
        if (t <= 1.0) {
            double logCdf = logFactorialOverPower(n) + n * Math.log(2 * t - 1);
            return clip(1.0 - Math.exp(logCdf));
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1.0 - x, n));
        }
        if (x >= 0.5) {
            return clip(2 * Smirnov.sf(n, x));
        }
        double nxx = t * x;
        if (n <= 140) {
            if (nxx <= 4) {
                return clip(1.0 - durbin(n, x));
            }
            return clip(2 * Smirnov.sf(n, x));
        }
        if (nxx >= 370.0) {
            return 0.0;
        }
        if (nxx >= 2.2) {
            return clip(2 * Smirnov.sf(n, x));
        }
        double cdf = n <= 100000 && n * Math.pow(x, 1.5) <= 1.4 ? durbin(n, x) : pelzGood(n, x);
        return clip(1.0 - cdf);
    }

    /** log(n! / n^n), summed exactly enough for the tiny CDF of the Ruben–Gambino region. */
    private static double logFactorialOverPower(int n) {
        double s = 0.0;
        for (int i = 1; i <= n; i++) {
            s += Math.log((double) i / n);
        }
        return s;
    }

    /** Exact CDF P(D_n &lt;= d): the (k, k) entry of H^n scaled by n!/n^n (Durbin; MTW 2003). */
    static double durbin(int n, double d) {
        double nd = n * d;
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[] v = new double[m];
        double[] w = new double[m];
        double fac = 1.0;
        for (int j = 1; j <= m; j++) {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1.0 - Math.pow(h, j)) * fac;
        }
        double corner = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1.0 + corner) * fac;
        double[][] hm = new double[m][m];
        for (int i = 1; i < m; i++) {
            for (int r = i - 1; r < m; r++) {
                hm[r][i] = w[r - i + 1];
            }
        }
        for (int r = 0; r < m; r++) {
            hm[r][0] = v[r];
        }
        for (int c = 0; c < m; c++) {
            hm[m - 1][c] = v[m - 1 - c];
        }
        double[][] pow = identity(m);
        long exp = 0;
        long hExp = 0;
        for (int e = n; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                pow = multiply(pow, hm);
                exp += hExp;
            }
            hm = multiply(hm, hm);
            hExp *= 2;
            if (Math.abs(hm[k - 1][k - 1]) > BIG) {
                scale(hm, SMALL);
                hExp += SCALE_EXP;
            }
        }
        double p = pow[k - 1][k - 1];
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < SMALL) {
                p *= BIG;
                exp -= SCALE_EXP;
            }
        }
        return clip(scalb(p, exp));
    }

    /** Pelz–Good asymptotic expansion of P(D_n &lt;= x) to order n^-3/2. */
    static double pelzGood(int n, double x) {
        double z = Math.sqrt(n) * x;
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double qlog = -PI2 / 8 / z2;
        if (qlog < -708) {
            return 0.0;
        }
        double q = Math.exp(qlog);
        double k1a = -z2;
        double k1b = PI2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
        double k2c = PI2 * PI2 * (1 - 2 * z2) / 16;
        double k3d = PI2 * PI2 * PI2 * (5 - 30 * z2) / 64;
        double k3c = PI2 * PI2 * (-60 * z2 + 212 * z4) / 16;
        double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * z4 * z4;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        for (int k = maxk; k >= 1; k--) {
            double odd = 2 * k - 1;
            double o2 = odd * odd;
            double o4 = o2 * o2;
            double qk = Math.pow(q, 8 * k);
            s0 = s0 * qk + 1.0;
            s1 = s1 * qk + (k1a + k1b * o2);
            s2 = s2 * qk + (k2a + k2b * o2 + k2c * o4);
            s3 = s3 * qk + (k3a + k3b * o2 + k3c * o4 + k3d * o4 * o2);
        }
        double f = q * SQRT2PI;
        s0 *= f / z;
        s1 *= f / (6 * z4);
        s2 *= f / (72 * z6 * z);
        s3 *= f / (6480 * z6 * z4);
        double q2 = Math.exp(-PI2 / 2 / z2);
        double sum2 = 0;
        double sum3 = 0;
        double sqrt3z = Math.sqrt(3) * z;
        for (int k = maxk; k >= 1; k--) {
            double k2 = (double) k * k;
            double qp = Math.pow(q2, k2);
            double kpi = Math.PI * k;
            sum2 += k2 * qp;
            sum3 += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
        }
        s2 += sum2 * PI2 * SQRT2PI / (-36 * z2 * z);
        s3 += sum3 * PI2 * SQRT2PI / (216 * z6);
        double rn = Math.sqrt(n);
        return s0 + s1 / rn + s2 / n + s3 / (n * rn);
    }

    private static double[][] identity(int m) {
        double[][] id = new double[m][m];
        for (int i = 0; i < m; i++) {
            id[i][i] = 1.0;
        }
        return id;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] ci = c[i];
            double[] ai = a[i];
            for (int l = 0; l < m; l++) {
                double ail = ai[l];
                if (ail == 0.0) {
                    continue;
                }
                double[] bl = b[l];
                for (int j = 0; j < m; j++) {
                    ci[j] += ail * bl[j];
                }
            }
        }
        return c;
    }

    private static void scale(double[][] a, double f) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= f;
            }
        }
    }

    private static double scalb(double p, long exp) {
        if (exp > 2100) {
            return Double.POSITIVE_INFINITY;
        }
        if (exp < -2100) {
            return 0.0;
        }
        return Math.scalb(p, (int) exp);
    }

    static double clip(double p) {
        return p < 0.0 ? 0.0 : (p > 1.0 ? 1.0 : p);
    }
}
