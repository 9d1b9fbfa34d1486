package io.mllifecycle.drift.internal;

/**
 * Count, mean and sum of squared deviations of a sample, mergeable without revisiting the values.
 *
 * <p>Welford's update for single values and Chan et al.'s pairwise formula for merges keep the
 * result accurate when a profile is built from many chunks. Not part of the public API.
 *
 * @param count number of values, at least 0
 * @param mean  arithmetic mean, {@code NaN} when {@code count == 0}
 * @param m2    sum of squared deviations from the mean
 */
public record Moments(long count, double mean, double m2) {

    /** The moments of no values. */
    public static final Moments EMPTY = new Moments(0, Double.NaN, 0.0);

    public Moments {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, but was " + count);
        }
    }

    /** Moments of {@code values[from, to)}, accumulated in index order. */
    public static Moments of(double[] values, int from, int to) {
        long n = 0;
        double mean = 0.0;
        double m2 = 0.0;
        for (int i = from; i < to; i++) {
            double v = values[i];
            n++;
            double delta = v - mean;
            mean += delta / n;
            m2 += delta * (v - mean);
        }
        return n == 0 ? EMPTY : new Moments(n, mean, m2);
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
        double delta = other.mean - mean;
        double newMean = mean + delta * ((double) other.count / n);
        double newM2 = m2 + other.m2 + delta * delta * ((double) count * other.count / n);
        return new Moments(n, newMean, newM2);
    }

    /** Population standard deviation (divisor {@code count}); {@code NaN} when empty. */
    public double populationStandardDeviation() {
        return count == 0 ? Double.NaN : Math.sqrt(m2 / count);
    }
}
