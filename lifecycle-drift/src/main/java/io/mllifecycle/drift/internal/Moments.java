package io.mllifecycle.drift.internal;

/**
 * Count, mean and sum of squared deviations of a sample, mergeable without revisiting the values.
 *
 * <p>Why not Welford: its running mean rounds at the scale of the mean on every step, so for data
 * far from zero (mean 10^9, spread 10^-3) the deviations it squares carry that rounding and the
 * standard deviation keeps only a few digits. {@link #of} instead makes two passes: a compensated
 * (Neumaier) sum for the mean, then compensated sums of the deviations d and d² with Björck's
 * correction m2 = Σd² − (Σd)²/n ("corrected two-pass", Chan, Golub &amp; LeVeque 1983), which is
 * accurate to a few ulps. Values beyond 2^±480 are scaled by a power of two first, so squares neither
 * overflow nor underflow; {@link #standardDeviationOf} returns the standard deviation of such data
 * without leaving the scaled domain (m2 itself may overflow to +∞ and is then only informational).
 * Infinite values propagate as in IEEE arithmetic and NumPy: the mean of data containing −∞ (and no
 * +∞) is −∞, with both it is NaN, and m2 is NaN. Merges use Chan et al.'s pairwise formula. Not part
 * of the public API.
 *
 * @param count number of values, at least 0
 * @param mean  arithmetic mean, {@code NaN} when {@code count == 0}
 * @param m2    sum of squared deviations from the mean
 */
public record Moments(long count, double mean, double m2) {

    /** The moments of no values. */
    public static final Moments EMPTY = new Moments(0, Double.NaN, 0.0);

    private static final double BIG = 0x1p480;
    private static final double SMALL = 0x1p-480;

    public Moments {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, but was " + count);
        }
    }

    /** Moments of {@code values[from, to)}; {@code NaN} entries are skipped (not counted). */
    public static Moments of(double[] values, int from, int to) {
        Pass p = Pass.over(values, from, to);
        if (p.n == 0) {
            return EMPTY;
        }
        if (p.infinite()) {
            return new Moments(p.n, p.infiniteMean(), Double.NaN);
        }
        return new Moments(p.n, Math.scalb(p.mean, -p.exponent), Math.scalb(p.m2, -2 * p.exponent));
    }

    /**
     * Population standard deviation (divisor n) of the non-{@code NaN} values of
     * {@code values[from, to)}: finite for any finite data, {@code NaN} if a value is infinite or
     * none is left.
     */
    public static double standardDeviationOf(double[] values, int from, int to) {
        Pass p = Pass.over(values, from, to);
        if (p.n == 0 || p.infinite()) {
            return Double.NaN;
        }
        return Math.scalb(Math.sqrt(p.m2 / p.n), -p.exponent);
    }

    /** Moments of the union of the two samples. */
    public Moments plus(Moments other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            return other;
        }
        long n = count + other.count;
        if (!Double.isFinite(mean) || !Double.isFinite(other.mean)) {
            return new Moments(n, mean + other.mean, Double.NaN); // IEEE: −∞ + −∞ = −∞, +∞ + −∞ = NaN
        }
        double wa = (double) count / n;
        double wb = (double) other.count / n;
        double delta = other.mean - mean;
        double newMean = Double.isFinite(delta) ? mean + delta * wb : mean * wa + other.mean * wb;
        double newM2 = m2 + other.m2 + delta * delta * ((double) count * other.count / n);
        return new Moments(n, newMean, newM2);
    }

    /** Population standard deviation (divisor {@code count}); {@code NaN} when empty. */
    public double populationStandardDeviation() {
        return count == 0 ? Double.NaN : Math.sqrt(m2 / count);
    }

    /** One accumulation, in the scaled domain x·2^exponent. */
    private static final class Pass {
        long n;
        long positiveInfinities;
        long negativeInfinities;
        int exponent;
        double mean;
        double m2;

        boolean infinite() {
            return positiveInfinities + negativeInfinities > 0;
        }

        double infiniteMean() {
            if (positiveInfinities > 0 && negativeInfinities > 0) {
                return Double.NaN;
            }
            return positiveInfinities > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }

        static Pass over(double[] values, int from, int to) {
            Pass p = new Pass();
            double maxAbs = 0.0;
            double sum = 0.0;
            double c = 0.0;
            for (int i = from; i < to; i++) {
                double v = values[i];
                if (v != v) {
                    continue;
                }
                if (Double.isInfinite(v)) {
                    if (v > 0) {
                        p.positiveInfinities++;
                    } else {
                        p.negativeInfinities++;
                    }
                    continue;
                }
                p.n++;
                maxAbs = Math.max(maxAbs, Math.abs(v));
                double t = sum + v;
                c += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
                sum = t;
            }
            p.n += p.positiveInfinities + p.negativeInfinities;
            if (p.n == 0 || p.infinite()) {
                return p;
            }
            if (maxAbs > BIG || (maxAbs > 0.0 && maxAbs < SMALL)) {
                p.exponent = -Math.getExponent(maxAbs);
                sum = 0.0;
                c = 0.0;
                for (int i = from; i < to; i++) {
                    double v = values[i];
                    if (v != v) {
                        continue;
                    }
                    double x = Math.scalb(v, p.exponent);
                    double t = sum + x;
                    c += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
                    sum = t;
                }
            }
            double mean = (sum + c) / p.n;
            double s1 = 0.0;
            double c1 = 0.0;
            double s2 = 0.0;
            double c2 = 0.0;
            for (int i = from; i < to; i++) {
                double v = values[i];
                if (v != v) {
                    continue;
                }
                double d = (p.exponent == 0 ? v : Math.scalb(v, p.exponent)) - mean;
                double t = s1 + d;
                c1 += Math.abs(s1) >= Math.abs(d) ? (s1 - t) + d : (d - t) + s1;
                s1 = t;
                double dd = d * d;
                double e = Math.fma(d, d, -dd); // the rounding error of d², exactly
                double u = s2 + dd;
                c2 += (s2 >= dd ? (s2 - u) + dd : (dd - u) + s2) + e;
                s2 = u;
            }
            double sumD = s1 + c1;
            p.mean = mean;
            p.m2 = Math.max(0.0, (s2 + c2) - sumD * sumD / p.n);
            return p;
        }
    }
}
