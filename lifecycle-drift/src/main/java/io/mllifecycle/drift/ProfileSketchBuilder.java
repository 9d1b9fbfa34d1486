package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.Moments;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Builds a sketch-mode {@link ReferenceProfile} from values that arrive in chunks, in bounded memory.
 *
 * <p>Obtain one from {@link ReferenceProfile#sketchBuilder(String, int)}, call {@link #add} for each
 * chunk, then {@link #build()}. {@code NaN} is counted as missing, {@code -0.0} is stored as
 * {@code 0.0}. Not thread-safe; build one per thread and {@link ReferenceProfile#merge merge} the
 * results.
 */
public final class ProfileSketchBuilder {

    /** Smallest accepted KLL parameter {@code k}. */
    public static final int MIN_K = 8;
    /** Largest accepted KLL parameter {@code k}. */
    public static final int MAX_K = 65535;

    private final String column;
    private final KllDoublesSketch sketch;
    // Moments accumulated around a shift (the mean of the first chunk), with compensated sums: merging
    // per-chunk moments by Chan's formula would round each chunk mean at the scale of the data, which
    // for data far from zero costs most digits of a small spread.
    private long finite;
    private long positiveInfinities;
    private long negativeInfinities;
    private double shift = Double.NaN;
    private final double[] sum = new double[2];        // Σ (x - shift), value and compensation
    private final double[] sumSquares = new double[2]; // Σ (x - shift)²
    private long missing;
    private boolean built;

    ProfileSketchBuilder(String column, int k) {
        if (k < MIN_K || k > MAX_K) {
            throw new IllegalArgumentException("k must be in [" + MIN_K + ", " + MAX_K + "], but was " + k);
        }
        this.column = column;
        this.sketch = KllDoublesSketch.newHeapInstance(k);
    }

    /**
     * Adds every value of {@code chunk}.
     *
     * @throws IllegalArgumentException if {@code chunk} is null
     * @throws IllegalStateException if {@link #build()} was already called
     */
    public ProfileSketchBuilder add(double[] chunk) {
        if (chunk == null) {
            throw new IllegalArgumentException("chunk must not be null");
        }
        if (built) {
            throw new IllegalStateException("build() was already called on this builder");
        }
        if (shift != shift) {
            double first = Moments.of(chunk, 0, chunk.length).mean();
            if (Double.isFinite(first)) {
                shift = first;
            }
        }
        for (double v : chunk) {
            if (v != v) {
                missing++;
                continue;
            }
            double x = v + 0.0;
            sketch.update(x);
            if (x == Double.POSITIVE_INFINITY) {
                positiveInfinities++;
            } else if (x == Double.NEGATIVE_INFINITY) {
                negativeInfinities++;
            } else {
                if (shift != shift) {
                    shift = x;
                }
                finite++;
                double d = x - shift;
                add(sum, d, 0.0);
                double dd = d * d;
                add(sumSquares, dd, Math.fma(d, d, -dd));
            }
        }
        return this;
    }

    /** The profile of every value added so far; the builder cannot be used afterwards. */
    public ReferenceProfile build() {
        if (built) {
            throw new IllegalStateException("build() was already called on this builder");
        }
        built = true;
        return ReferenceProfile.sketched(column, missing, sketch, moments());
    }

    private Moments moments() {
        long n = finite + positiveInfinities + negativeInfinities;
        if (n == 0) {
            return Moments.EMPTY;
        }
        if (positiveInfinities + negativeInfinities > 0) {
            double mean = positiveInfinities > 0 && negativeInfinities > 0 ? Double.NaN
                    : positiveInfinities > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            return new Moments(n, mean, Double.NaN);
        }
        double s1 = sum[0] + sum[1];
        double s2 = sumSquares[0] + sumSquares[1];
        return new Moments(n, shift + s1 / n, Math.max(0.0, s2 - s1 * s1 / n));
    }

    /** Neumaier's compensated addition of {@code x + error} into {@code acc = {value, compensation}}. */
    private static void add(double[] acc, double x, double error) {
        double s = acc[0];
        double t = s + x;
        acc[1] += (Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s) + error;
        acc[0] = t;
    }
}
