package io.mllifecycle.drift;

import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * KS test of a sorted current sample against a sketch profile: the reference CDF is the sketch's
 * step function (retained items with cumulative weights), evaluated with the same tie rule as the
 * exact test. The statistic is off by at most the sketch's rank error (DataSketches' 99% bound
 * for CDF queries), so the p-value cannot be exact: it is the conservative asymptotic p-value at
 * {@code statistic - error} (never smaller than the p-value any statistic inside the error band
 * would give), flagged approximate, with the p-value at the point estimate in the note. Ties are
 * reported within the current sample and between current values and retained sketch items; ties
 * inside the reference cannot be seen from a sketch.
 */
final class KsSketchTest {

    private KsSketchTest() {}

    static KsResult test(ReferenceProfile reference, double[] y, int m, long yNan, KsOptions options) {
        DoublesSortedView view = reference.sketch.getSortedView();
        double[] q = view.getQuantiles();
        long[] cw = view.getCumulativeWeights();
        double total = view.getN();
        double dm = m;
        int i = 0;
        int j = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double maxLoc = Double.NaN;
        double minLoc = Double.NaN;
        long below = 0;
        boolean ties = false;
        while (i < q.length || j < m) {
            double v = j >= m || (i < q.length && q[i] <= y[j]) ? q[i] : y[j];
            int i0 = i;
            int j0 = j;
            while (i < q.length && q[i] == v) {
                below = cw[i++];
            }
            while (j < m && y[j] == v) {
                j++;
            }
            if (j - j0 > 1 || (i > i0 && j > j0)) {
                ties = true;
            }
            double diff = below / total - j / dm;
            if (diff > max) {
                max = diff;
                maxLoc = v;
            }
            if (diff < min) {
                min = diff;
                minLoc = v;
            }
        }
        double minDiff = Math.min(Math.max(-min, 0.0), 1.0);
        double maxDiff = Math.min(Math.max(max, 0.0), 1.0);
        KsAlternative alt = options.alternative();
        boolean less = alt == KsAlternative.LESS || (alt == KsAlternative.TWO_SIDED && minDiff > maxDiff);
        double d = less ? minDiff : maxDiff;
        long n = reference.count();
        double error = reference.sketch.getNormalizedRankError(true);
        double p = KsInference.asymptotic(Math.max(0.0, d - error), n, m, alt);
        double atEstimate = KsInference.asymptotic(d, n, m, alt);
        String note = "approximate: reference column '" + reference.column() + "' is a KLL sketch (k="
                + reference.sketch.getK() + "); statistic within +-" + error
                + " of the exact value; p-value is the conservative asymptotic P(D >= statistic - " + error
                + ") (" + atEstimate + " at the estimate itself)"
                + (options.method() == KsMethod.EXACT ? "; EXACT is impossible against a sketch" : "");
        return new KsResult(d, p, KsMethod.ASYMPTOTIC, alt, n, m, less ? minLoc : maxLoc, less ? -1 : 1,
                ties, reference.missingCount(), yNan, true, error, note);
    }
}
