package io.mllifecycle.drift.internal;

/** Distances between the raw shares of two binned samples. */
public final class BinnedDistances {

    private BinnedDistances() {}

    /** A distance and the bin that contributed most to it. */
    public record Distance(double value, int topBin) {}

    /**
     * Jensen–Shannon distance in base 2, as {@code scipy.spatial.distance.jensenshannon(p, q, 2)}:
     * sqrt((KL(p‖m) + KL(q‖m)) / (2 ln 2)) with m = (p + q)/2, terms with a zero share dropped.
     */
    public static Distance jensenShannon(BinnedCounts counts) {
        double[] p = BinnedCounts.rawShares(counts.reference());
        double[] q = BinnedCounts.rawShares(counts.current());
        double left = 0;
        double right = 0;
        int top = 0;
        double topTerm = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2.0;
            double l = relativeEntropy(p[i], m);
            double r = relativeEntropy(q[i], m);
            left += l;
            right += r;
            if (l + r > topTerm) {
                topTerm = l + r;
                top = i;
            }
        }
        double js = (left + right) / Math.log(2.0);
        return new Distance(Math.min(1.0, Math.sqrt(Math.max(0.0, js / 2.0))), top);
    }

    private static double relativeEntropy(double x, double y) {
        return x > 0 ? x * Math.log(x / y) : 0.0; // y ≥ x/2 > 0 whenever x > 0
    }

    /**
     * Hellinger distance sqrt(1 − Σ sqrt(p_i q_i)), evaluated as the equal
     * sqrt(½ Σ (√p_i − √q_i)²) so that nearly equal samples do not lose every digit to
     * cancellation.
     */
    public static Distance hellinger(BinnedCounts counts) {
        double[] p = BinnedCounts.rawShares(counts.reference());
        double[] q = BinnedCounts.rawShares(counts.current());
        double sum = 0;
        int top = 0;
        double topTerm = -1;
        for (int i = 0; i < p.length; i++) {
            double d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
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
