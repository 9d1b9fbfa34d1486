package io.mllifecycle.drift.internal;

import io.mllifecycle.drift.PsiBin;
import io.mllifecycle.drift.PsiOptions;
import io.mllifecycle.drift.PsiResult;
import io.mllifecycle.drift.PsiSeverity;
import io.mllifecycle.drift.Smoothing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns {@link BinnedCounts} into a {@link PsiResult}, following DRIFT.md exactly. */
public final class PsiCalculator {

    /** The share that replaces a zero share under {@link Smoothing#EPSILON_FLOOR}. */
    public static final double EPSILON = 1e-4;
    private static final double NOTE_LEVEL = 0.05;

    private PsiCalculator() {}

    /** Computes the PSI and its p-value over the given bins. */
    public static PsiResult compute(BinnedCounts counts, PsiOptions options) {
        return compute(counts, options, 0.0);
    }

    /** As {@link #compute(BinnedCounts, PsiOptions)}, with the reference's rank error (sketches). */
    public static PsiResult compute(BinnedCounts counts, PsiOptions options, double rankError) {
        int size = counts.size();
        long n = counts.referenceTotal();
        long m = counts.currentTotal();
        double[] e = shares(counts.reference(), n, size, options);
        double[] a = shares(counts.current(), m, size, options);
        double psi = 0;
        List<PsiBin> bins = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            double diff = difference(counts.reference()[i], counts.current()[i], n, m, size, a[i], e[i], options);
            double term = diff * Math.log1p(diff / e[i]);
            psi += term;
            bins.add(new PsiBin(counts.kinds()[i], counts.labels()[i], counts.lower()[i],
                    counts.upper()[i], counts.reference()[i], counts.current()[i], e[i], a[i], term));
        }
        double statistic = psi / (1.0 / n + 1.0 / m);
        double p = ChiSquared.survival(size - 1, statistic);
        PsiSeverity severity = PsiSeverity.of(psi);
        return new PsiResult(psi, size, counts.edges(), bins, n, m, counts.referenceOmitted(),
                counts.currentOmitted(), options.smoothing(), options.alpha(), severity, p,
                note(psi, severity, p), rankError);
    }

    /**
     * a − e of one bin from the integer counts: subtracting the rounded shares of nearly equal bins
     * would keep only |a − e| / (1e-16 a) of their digits, and log(a / e) likewise, so the difference
     * is formed from the exact cross product c·n − r·m and the log taken as log1p((a − e) / e).
     */
    private static double difference(long r, long c, long n, long m, int size, double a, double e,
            PsiOptions options) {
        double cross = BinnedDistances.crossDifference(c, r, m, n); // c·n − r·m
        if (options.smoothing() == Smoothing.SMOOTHED) {
            double alpha = options.alpha();
            double numerator = cross + alpha * size * ((double) c - r) + alpha * ((double) n - m);
            return numerator / ((m + alpha * size) * (n + alpha * size));
        }
        if (r == 0 || c == 0) {
            return a - e;
        }
        return cross / ((double) n * m);
    }

    private static double[] shares(long[] counts, long total, int size, PsiOptions options) {
        double[] shares = new double[size];
        if (options.smoothing() == Smoothing.SMOOTHED) {
            double alpha = options.alpha();
            double denominator = total + alpha * size;
            for (int i = 0; i < size; i++) {
                shares[i] = (counts[i] + alpha) / denominator;
            }
        } else {
            for (int i = 0; i < size; i++) {
                shares[i] = counts[i] == 0 ? EPSILON : (double) counts[i] / total;
            }
        }
        return shares;
    }

    private static String note(double psi, PsiSeverity severity, double p) {
        if (severity == PsiSeverity.NONE && p < NOTE_LEVEL) {
            return String.format(Locale.ROOT, "PSI %.4g is in band NONE but p = %.3g < %.2f: a small "
                    + "shift that the sample sizes make statistically clear", psi, p, NOTE_LEVEL);
        }
        if (severity != PsiSeverity.NONE && p >= NOTE_LEVEL) {
            return String.format(Locale.ROOT, "PSI %.4g is in band %s but p = %.3g >= %.2f: "
                    + "the samples are too small to tell this from noise", psi, severity, p, NOTE_LEVEL);
        }
        return "";
    }
}
