package io.mllifecycle.drift;

/**
 * Outcome of a two-sample Cramér–von Mises test, as {@code scipy.stats.cramervonmises_2samp}.
 *
 * @param statistic           T = U / (n m (n + m)) - (4 n m - 1) / (6 (n + m)), where
 *                            U = n Σ (r_i - i)² + m Σ (s_j - j)² over the pooled mid-ranks r (reference)
 *                            and s (current); finite, at least about -1/6 in theory
 * @param pValue              in [0, 1]
 * @param method              the method used, {@code EXACT} or {@code ASYMPTOTIC}
 * @param n                   reference values used, at least 2
 * @param m                   current values used, at least 2
 * @param ties                whether some value occurs more than once in the pooled sample
 * @param referenceNanOmitted reference values left out as missing
 * @param currentNanOmitted   current values left out as missing
 */
public record CvmResult(double statistic, double pValue, CvmMethod method, int n, int m, boolean ties,
        int referenceNanOmitted, int currentNanOmitted) {

    /** @throws IllegalArgumentException if a component is out of its range */
    public CvmResult {
        if (!Double.isFinite(statistic)) {
            throw new IllegalArgumentException("statistic must be finite, but was " + statistic);
        }
        if (!(pValue >= 0.0 && pValue <= 1.0)) {
            throw new IllegalArgumentException("pValue must be in [0, 1], but was " + pValue);
        }
        if (method == null || method == CvmMethod.AUTO) {
            throw new IllegalArgumentException("method must be EXACT or ASYMPTOTIC, but was " + method);
        }
        if (n < 2 || m < 2) {
            throw new IllegalArgumentException("n and m must be >= 2, but were " + n + " and " + m);
        }
        if (referenceNanOmitted < 0 || currentNanOmitted < 0) {
            throw new IllegalArgumentException("NaN counts must be >= 0");
        }
    }
}
