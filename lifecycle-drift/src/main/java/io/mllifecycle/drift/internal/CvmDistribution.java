package io.mllifecycle.drift.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;

/**
 * Pieces of the two-sample Cramér–von Mises test, following SciPy's {@code cramervonmises_2samp}
 * step for step so the p-values agree to rounding. Not public API.
 */
public final class CvmDistribution {

    private static final double PI_1_5 = Math.pow(Math.PI, 1.5);

    private CvmDistribution() {}

    /**
     * The statistic of the two-sample test, computed without rounding until the last step.
     *
     * @param u4    4U = n·Σ(2r_i − 2i)² + m·Σ(2s_j − 2j)², an integer because mid-ranks are half-integers
     * @param t     T = U / (n m (n + m)) − (4 n m − 1) / (6 (n + m)), correctly rounded from the exact
     *              rational (both terms grow like n while T stays of order 1, so evaluating them in
     *              doubles would lose about log10(n) digits)
     * @param ties  whether some value occurs more than once in the pooled sample
     */
    public record Statistic(BigInteger u4, double t, boolean ties) {

        /** U as a double (exact while U &lt; 2^53, which holds wherever the exact p-value is feasible). */
        public double u() {
            return u4.doubleValue() / 4.0;
        }
    }

    /**
     * The statistic for ascending {@code x} (reference) and {@code y} (current), with r and s their
     * pooled 1-based mid-ranks. The squared rank deviations are summed exactly in 128-bit integers:
     * from about 3·10^5 values per side their double sum would pass 2^53 and drop digits.
     */
    public static Statistic statistic(double[] x, double[] y) {
        int n = x.length;
        int m = y.length;
        int i = 0;
        int j = 0;
        Int128 sx = new Int128();
        Int128 sy = new Int128();
        boolean ties = false;
        long passed = 0;
        while (i < n || j < m) {
            double v = j >= m || (i < n && x[i] <= y[j]) ? x[i] : y[j];
            int i0 = i;
            int j0 = j;
            while (i < n && x[i] == v) {
                i++;
            }
            while (j < m && y[j] == v) {
                j++;
            }
            int c = (i - i0) + (j - j0);
            ties |= c > 1;
            long twiceRank = 2 * passed + c + 1;
            passed += c;
            for (int a = i0; a < i; a++) {
                sx.addSquare(twiceRank - 2L * (a + 1));
            }
            for (int b = j0; b < j; b++) {
                sy.addSquare(twiceRank - 2L * (b + 1));
            }
        }
        BigInteger u4 = sx.value().multiply(BigInteger.valueOf(n)).add(sy.value().multiply(BigInteger.valueOf(m)));
        BigInteger k = BigInteger.valueOf((long) n * m);
        BigInteger numerator = u4.multiply(BigInteger.valueOf(3))
                .subtract(k.shiftLeft(1).multiply(k.shiftLeft(2).subtract(BigInteger.ONE)));
        BigInteger denominator = k.multiply(BigInteger.valueOf(12L * (n + (long) m)));
        double t = new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL128)
                .doubleValue();
        return new Statistic(u4, t, ties);
    }

    /** A non-negative 128-bit accumulator of squares of longs. */
    private static final class Int128 {
        private long hi;
        private long lo;

        void addSquare(long d) {
            long pLo = d * d;
            long pHi = Math.multiplyHigh(d, d);
            long sum = lo + pLo;
            hi += pHi + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
            lo = sum;
        }

        BigInteger value() {
            return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
        }
    }

    /**
     * Exact P(U &gt;= u) for sample sizes {@code nx} (reference) and {@code ny}: the distribution of
     * U over all lattice paths, built row by row as sorted (value, count) tables (Xiao et al. 2006).
     */
    public static double exactSf(double u, int nx, int ny) {
        long paths = binomialExact(nx + ny, nx);
        if (paths < 0) {
            throw new IllegalArgumentException("EXACT Cramér–von Mises needs C(n+m, n) <= 2^62, but n="
                    + nx + " and m=" + ny + "; use CvmMethod.ASYMPTOTIC or AUTO");
        }
        long lcm = (long) nx / gcd(nx, ny) * ny;
        long a = lcm / nx;
        long b = lcm / ny;
        long mn = (long) nx * ny;
        double numerator = (double) (lcm * lcm * (nx + ny)) * (6 * u - (double) (mn * (4 * mn - 1)));
        double zeta = numpyFloorDivide(numerator, 6.0 * mn * mn);
        Table[] gs = new Table[nx + 1];
        gs[0] = new Table(new long[] {0}, new long[] {1});
        for (int v = 1; v <= nx; v++) {
            gs[v] = Table.EMPTY;
        }
        for (int r = 0; r <= ny; r++) {
            Table tmp = Table.EMPTY;
            Table[] next = new Table[nx + 1];
            for (int v = 0; v <= nx; v++) {
                long d = a * v - b * r;
                tmp = tmp.plus(gs[v]).shifted(d * d);
                next[v] = tmp;
            }
            gs = next;
        }
        Table last = gs[nx];
        long hits = 0;
        for (int i = 0; i < last.values.length; i++) {
            if (last.values[i] >= zeta) {
                hits += last.counts[i];
            }
        }
        return (double) hits / (double) paths;
    }

    /** P-value of the normalised statistic under the limiting distribution (Anderson 1962, eq. 15). */
    public static double asymptoticSf(double t, int nx, int ny) {
        double total = (double) nx + ny;
        double k = (double) nx * ny;
        double et = (1 + 1 / total) / 6;
        double vt = (total + 1) * (4 * k * total - 3 * ((double) nx * nx + (double) ny * ny) - 2 * k);
        vt = vt / (45 * total * total * 4 * k);
        double tn = 1.0 / 6 + (t - et) / Math.sqrt(45 * vt);
        if (!(tn >= 0.003)) {
            return 1.0;
        }
        return Math.max(1.0 - cdfLimit(tn), 0.0);
    }

    /** CDF of the limiting one-sample statistic (Csörgő &amp; Faraway 1996, eq. 1.2). */
    static double cdfLimit(double x) {
        double total = 0.0;
        double gammaRatio = Math.sqrt(Math.PI); // Γ(k + 1/2) / Γ(k + 1) at k = 0
        for (int k = 0; ; k++) {
            double u = gammaRatio / (PI_1_5 * Math.sqrt(x));
            double y = 4 * k + 1;
            double q = y * y / (16 * x);
            double z = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q);
            total += z;
            if (!(Math.abs(z) >= 1e-7)) {
                return total;
            }
            gammaRatio *= (k + 0.5) / (k + 1);
        }
    }

    /**
     * Modified Bessel function of the second kind K_nu(x), x &gt; 0, from
     * K_nu(x) = ∫_0^∞ exp(-x cosh s) cosh(nu s) ds by the trapezoidal rule, which converges
     * geometrically for this analytic, doubly-exponentially decaying integrand.
     */
    static double besselK(double nu, double x) {
        double h = 0.05;
        double sum = 0.5 * Math.exp(-x);
        for (int i = 1; ; i++) {
            double s = i * h;
            double e = x * Math.cosh(s);
            double term = Math.exp(-e) * Math.cosh(nu * s);
            sum += term;
            if (e > x + 745 || term < 1e-18 * sum) {
                break;
            }
        }
        return sum * h;
    }

    /** NumPy's floor_divide for doubles (fmod based, rounds a quotient that is almost integral). */
    static double numpyFloorDivide(double a, double b) {
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0.0 && ((b < 0) != (mod < 0))) {
            div -= 1.0;
        }
        if (div == 0.0) {
            return Math.copySign(0.0, a / b);
        }
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1.0 : floor;
    }

    private static long binomialExact(int n, int k) {
        long r = 1;
        for (int i = 1; i <= k; i++) {
            long g = gcd(r, i);
            long num = r / g;
            long den = i / g;
            long factor = (n - k + i) / den;
            if (num > Long.MAX_VALUE / 4 / Math.max(factor, 1)) {
                return -1;
            }
            r = num * factor;
        }
        return r;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Sorted distinct values with their path counts. */
    private record Table(long[] values, long[] counts) {
        static final Table EMPTY = new Table(new long[0], new long[0]);

        Table plus(Table o) {
            if (o.values.length == 0) {
                return this;
            }
            if (values.length == 0) {
                return o;
            }
            long[] v = new long[values.length + o.values.length];
            long[] c = new long[v.length];
            int i = 0;
            int j = 0;
            int k = 0;
            while (i < values.length || j < o.values.length) {
                if (j >= o.values.length || (i < values.length && values[i] < o.values[j])) {
                    v[k] = values[i];
                    c[k++] = counts[i++];
                } else if (i >= values.length || o.values[j] < values[i]) {
                    v[k] = o.values[j];
                    c[k++] = o.counts[j++];
                } else {
                    v[k] = values[i];
                    c[k++] = counts[i++] + o.counts[j++];
                }
            }
            return new Table(Arrays.copyOf(v, k), Arrays.copyOf(c, k));
        }

        Table shifted(long delta) {
            if (delta == 0 || values.length == 0) {
                return this;
            }
            long[] v = values.clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += delta;
            }
            return new Table(v, counts);
        }
    }
}
