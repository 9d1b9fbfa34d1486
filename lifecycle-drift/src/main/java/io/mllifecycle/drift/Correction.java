package io.mllifecycle.drift;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Correction of p-values for testing many columns at once. A hypothesis is rejected when its
 * adjusted p-value is at most the level q (the false discovery rate for
 * {@link #BENJAMINI_HOCHBERG}, the family-wise error rate for {@link #HOLM} and
 * {@link #BONFERRONI}).
 */
public enum Correction {
    /**
     * Benjamini–Hochberg step-up: with p sorted ascending, adjusted p_(i) = min_{j ≥ i} p_(j)·m/j,
     * capped at 1 ({@code scipy.stats.false_discovery_control(p, method='bh')}). Controls the false
     * discovery rate for independent or positively dependent tests.
     */
    BENJAMINI_HOCHBERG,
    /** Holm step-down: adjusted p_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j)). */
    HOLM,
    /** Bonferroni: adjusted p = min(1, m·p). */
    BONFERRONI,
    /** No correction: adjusted p = p. */
    NONE;

    /**
     * Returns the adjusted p-values, in the order of {@code pValues} (which is not modified).
     *
     * @throws IllegalArgumentException if {@code pValues} is null or holds a value outside [0, 1]
     */
    public double[] adjust(double[] pValues) {
        if (pValues == null) {
            throw new IllegalArgumentException("pValues must not be null");
        }
        for (int i = 0; i < pValues.length; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("pValues[" + i + "] must be in [0, 1], but was " + pValues[i]);
            }
        }
        int m = pValues.length;
        double[] adjusted = new double[m];
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        switch (this) {
            case BENJAMINI_HOCHBERG -> {
                double running = 1.0;
                for (int rank = m; rank >= 1; rank--) {
                    int i = order[rank - 1];
                    running = Math.min(running, pValues[i] * ((double) m / rank));
                    adjusted[i] = Math.min(1.0, running);
                }
            }
            case HOLM -> {
                double running = 0.0;
                for (int rank = 0; rank < m; rank++) {
                    int i = order[rank];
                    running = Math.max(running, Math.min(1.0, (m - rank) * pValues[i]));
                    adjusted[i] = running;
                }
            }
            case BONFERRONI -> {
                for (int i = 0; i < m; i++) {
                    adjusted[i] = Math.min(1.0, m * pValues[i]);
                }
            }
            case NONE -> System.arraycopy(pValues, 0, adjusted, 0, m);
        }
        return adjusted;
    }
}
