package io.mllifecycle.drift.abtest;

import io.mllifecycle.drift.internal.Moments;

/**
 * Count, mean and sample variance of one arm's numeric outcomes (revenue, time on page, …).
 *
 * @param count    outcomes, at least 0
 * @param mean     their mean, finite (any finite value when {@code count} is 0)
 * @param variance their sample variance with divisor count − 1 (SciPy's {@code ddof=1}), finite and
 *                 at least 0; 0 when {@code count} ≤ 1
 */
public record SampleSummary(long count, double mean, double variance) {

    /** @throws IllegalArgumentException if a component is out of range */
    public SampleSummary {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, but was " + count);
        }
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, but was " + mean);
        }
        if (!(variance >= 0.0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("variance must be finite and >= 0, but was " + variance);
        }
    }

    /**
     * The summary of {@code values} (compensated two-pass moments, accurate far from zero).
     *
     * @throws IllegalArgumentException if {@code values} is null or holds a value that is not finite
     *         (naming its index)
     */
    public static SampleSummary of(double[] values) {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] must be finite, but was " + values[i]);
            }
        }
        if (values.length == 0) {
            return new SampleSummary(0, 0.0, 0.0);
        }
        Moments m = Moments.of(values, 0, values.length);
        return new SampleSummary(m.count(), m.mean(), m.count() < 2 ? 0.0 : m.m2() / (m.count() - 1));
    }
}
