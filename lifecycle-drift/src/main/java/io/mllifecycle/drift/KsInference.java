package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.KolmogorovDistribution;
import io.mllifecycle.drift.internal.KsExact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a KS statistic into a p-value with SciPy's method selection and fallback rules. */
final class KsInference {

    /** AUTO chooses EXACT when both sizes are at most this (SciPy's {@code MAX_AUTO_N}). */
    static final int MAX_AUTO_N = 10_000;

    /** Beyond this many inner steps (about a second) EXACT is not attempted; SciPy would try for hours. */
    static final double MAX_EXACT_STEPS = 2e9;

    private static final Logger LOG = LoggerFactory.getLogger(KolmogorovSmirnov.class);

    /** Statistic (possibly snapped to h/lcm), p-value, method used and note. */
    record Outcome(double statistic, double pValue, KsMethod method, String note) {}

    private KsInference() {}

    static Outcome infer(double d, long n, long m, KsAlternative alternative, KsMethod requested) {
        KsMethod method = requested;
        String note = "";
        if (method == KsMethod.AUTO) {
            method = Math.max(n, m) <= MAX_AUTO_N ? KsMethod.EXACT : KsMethod.ASYMPTOTIC;
        } else if (method == KsMethod.EXACT) {
            long g = gcd(n, m);
            if (n / g >= Integer.MAX_VALUE / (double) (m / g)) {
                method = KsMethod.ASYMPTOTIC;
                note = "EXACT not possible for sample sizes " + n + " and " + m
                        + " (lcm too large); used ASYMPTOTIC";
            } else if (exactCost(d, n, m, g, alternative) > MAX_EXACT_STEPS) {
                method = KsMethod.ASYMPTOTIC;
                note = "EXACT for sample sizes " + n + " and " + m + " at statistic " + d + " would take about "
                        + (long) exactCost(d, n, m, g, alternative) + " steps (limit " + (long) MAX_EXACT_STEPS
                        + "); used ASYMPTOTIC";
            }
        }
        if (method == KsMethod.EXACT) {
            int ni = (int) n;
            int mi = (int) m;
            long lcm = (n / gcd(n, m)) * m;
            int h = (int) Math.rint(d * lcm);
            double snapped = h / (double) lcm;
            double p;
            if (h == 0) {
                p = 1.0;
            } else if (alternative == KsAlternative.TWO_SIDED) {
                p = KsExact.twoSided(ni, mi, h);
            } else {
                p = KsExact.oneSided(ni, mi, h);
            }
            if (p >= 0.0 && p <= 1.0) {
                return new Outcome(snapped, p, KsMethod.EXACT, note);
            }
            note = "EXACT p-value could not be computed in double precision for sample sizes " + n
                    + " and " + m + "; used ASYMPTOTIC";
            LOG.debug("ks two-sample: {}", note);
            d = snapped;
        }
        return new Outcome(d, asymptotic(d, n, m, alternative), KsMethod.ASYMPTOTIC, note);
    }

    /** Inner-loop steps of the exact recursion: rows times the width of the band of lattice points. */
    static double exactCost(double d, long n, long m, long g, KsAlternative alternative) {
        if (n == m) {
            return n;
        }
        long big = Math.max(n, m);
        long small = Math.min(n, m);
        if (alternative != KsAlternative.TWO_SIDED) {
            return (double) small * small; // path counting; guarded further by the binomial overflow check
        }
        double h = Math.rint(d * (n / g) * (double) m);
        double band = Math.min(small + 1.0, 2 * h / (big / (double) g) + 2);
        return big * band;
    }

    static double asymptotic(double d, long n, long m, KsAlternative alternative) {
        double big = Math.max(n, m);
        double small = Math.min(n, m);
        double en = big * small / (big + small);
        if (alternative == KsAlternative.TWO_SIDED) {
            int effective = (int) Math.max(1.0, Math.rint(en));
            return KolmogorovDistribution.sf(effective, d);
        }
        double z = Math.sqrt(en) * d;
        double expt = -2 * z * z - 2 * z * (big + 2 * small) / Math.sqrt(big * small * (big + small)) / 3.0;
        double p = Math.exp(expt);
        return Math.min(Math.max(p, 0.0), 1.0);
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
