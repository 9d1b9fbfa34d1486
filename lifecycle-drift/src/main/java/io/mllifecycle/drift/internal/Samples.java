package io.mllifecycle.drift.internal;

import io.mllifecycle.drift.NanPolicy;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks and normalises numeric samples before a statistic sees them.
 *
 * <p>Not part of the public API: it may change without notice.
 */
public final class Samples {

    private Samples() {}

    /** A sample after the NaN policy was applied: finite values, ±∞ kept, {@code -0.0} made {@code 0.0}. */
    public record Clean(double[] values, int nanCount) {}

    /**
     * Returns a fresh copy of {@code values} with {@code -0.0} turned into {@code 0.0} and NaN
     * handled by {@code policy}. The caller's array is never modified.
     *
     * @param name      the argument name used in error messages, e.g. {@code "reference"}
     * @param minimum   the fewest values the statistic can use after NaN are omitted
     * @throws IllegalArgumentException if {@code values} is null, has a NaN under
     *         {@link NanPolicy#REJECT}, or has fewer than {@code minimum} usable values
     */
    public static Clean clean(String name, double[] values, NanPolicy policy, int minimum) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        Objects.requireNonNull(policy, "nanPolicy");
        double[] out = new double[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v != v) {
                if (policy == NanPolicy.REJECT) {
                    throw new IllegalArgumentException(name + "[" + i + "] must not be NaN"
                            + " (use NanPolicy.OMIT to leave NaN out and count them)");
                }
                continue;
            }
            out[n++] = v + 0.0; // -0.0 + 0.0 == +0.0: ties between the two zeros are real ties
        }
        if (n < minimum) {
            throw new IllegalArgumentException(name + " must have at least " + minimum
                    + " non-NaN value" + (minimum == 1 ? "" : "s") + ", but had " + n
                    + (values.length != n ? " (of " + values.length + ", the rest NaN)" : ""));
        }
        return new Clean(n == out.length ? out : Arrays.copyOf(out, n), values.length - n);
    }
}
