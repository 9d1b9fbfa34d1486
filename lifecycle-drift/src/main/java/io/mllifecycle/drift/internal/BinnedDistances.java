package io.mllifecycle.drift.internal;

import java.math.BigInteger;

/** Distances between the raw shares of two binned samples. */
public final class BinnedDistances {

    private BinnedDistances() {}

    /** A distance and the bin that contributed most to it. */
    public record Distance(double value, int topBin) {}

    /**
     * Jensen–Shannon distance in base 2, as {@code scipy.spatial.distance.jensenshannon(p, q, 2)}:
     * sqrt((KL(p‖m) + KL(q‖m)) / (2 ln 2)) with m = (p + q)/2, terms with a zero share dropped.
     *
     * <p>Why not as SciPy evaluates it: for nearly equal shares p ln(p/m) and q ln(q/m) are of order
     * |p − q| with opposite signs while their sum is of order (p − q)², so summing them loses about
     * log10(m / |p − q|) digits. With d = (p − q)/(p + q) (p − q is exact there) each bin contributes
     * m·g(d), g(d) = (1 + d) ln(1 + d) + (1 − d) ln(1 − d) = Σ_k d^{2k} / (k (2k − 1)), summed as a
     * series for |d| &lt; 0.1 and directly otherwise; a bin with one zero share contributes (p + q) ln 2.
     */
    public static Distance jensenShannon(BinnedCounts counts) {
        long[] r = counts.reference();
        long[] c = counts.current();
        long n = counts.referenceTotal();
        long m = counts.currentTotal();
        double sum = 0;
        int top = 0;
        double topTerm = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < r.length; i++) {
            double term = jsTerm(r[i], c[i], n, m);
            sum += term;
            if (term > topTerm) {
                topTerm = term;
                top = i;
            }
        }
        double js = sum / Math.log(2.0);
        return new Distance(Math.min(1.0, Math.sqrt(Math.max(0.0, js / 2.0))), top);
    }

    /**
     * p ln(2p/(p+q)) + q ln(2q/(p+q)) for shares p = r/n and q = c/m, without cancellation: d is formed
     * from the exact integer r·m − c·n, since rounding p and q first would already cost the digits of
     * their difference.
     */
    static double jsTerm(long r, long c, long n, long m) {
        double p = (double) r / n;
        double q = (double) c / m;
        if (r == 0 || c == 0) {
            return (p + q) * Math.log(2.0);
        }
        double d = crossDifference(r, c, n, m) / ((double) r * m + (double) c * n);
        double g;
        if (Math.abs(d) < 0.1) {
            double d2 = d * d;
            double power = d2;
            g = 0.0;
            for (int k = 1; k < 40; k++) {
                double t = power / (k * (2.0 * k - 1));
                g += t;
                if (t < 1e-18 * g) {
                    break;
                }
                power *= d2;
            }
        } else {
            g = (1 + d) * Math.log1p(d) + (1 - d) * Math.log1p(-d);
        }
        return 0.5 * (p + q) * g;
    }

    /** r·m − c·n, exact before the final rounding to double. */
    static double crossDifference(long r, long c, long n, long m) {
        try {
            return (double) Math.subtractExact(Math.multiplyExact(r, m), Math.multiplyExact(c, n));
        } catch (ArithmeticException overflow) {
            return BigInteger.valueOf(r).multiply(BigInteger.valueOf(m))
                    .subtract(BigInteger.valueOf(c).multiply(BigInteger.valueOf(n))).doubleValue();
        }
    }

    /**
     * Hellinger distance sqrt(1 − Σ sqrt(p_i q_i)), evaluated as the equal
     * sqrt(½ Σ (√p_i − √q_i)²) so that nearly equal samples do not lose every digit to
     * cancellation, with each difference formed from exact integer counts.
     */
    public static Distance hellinger(BinnedCounts counts) {
        long[] r = counts.reference();
        long[] c = counts.current();
        long n = counts.referenceTotal();
        long m = counts.currentTotal();
        double sum = 0;
        int top = 0;
        double topTerm = -1;
        for (int i = 0; i < r.length; i++) {
            // √p − √q = (p − q) / (√p + √q), with p − q = (r·m − c·n) / (n·m) from exact integers
            double sp = Math.sqrt((double) r[i] / n);
            double sq = Math.sqrt((double) c[i] / m);
            double d = sp + sq == 0.0 ? 0.0 : crossDifference(r[i], c[i], n, m) / ((double) n * m) / (sp + sq);
            double term = d * d;
            sum += term;
            if (term > topTerm) {
                topTerm = term;
                top = i;
            }
        }
        return new Distance(Math.min(1.0, Math.sqrt(0.5 * sum)), top);
    }

    /** Largest |p_i − q_i| and its bin (the first one on a tie). */
    public static Distance lInfinity(BinnedCounts counts) {
        double[] p = BinnedCounts.rawShares(counts.reference());
        double[] q = BinnedCounts.rawShares(counts.current());
        int top = 0;
        double max = -1;
        for (int i = 0; i < p.length; i++) {
            double d = Math.abs(p[i] - q[i]);
            if (d > max) {
                max = d;
                top = i;
            }
        }
        return new Distance(max, top);
    }
}
