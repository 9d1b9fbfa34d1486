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
    private Moments moments = Moments.EMPTY;
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
        long n = 0;
        double mean = 0.0;
        double m2 = 0.0;
        for (double v : chunk) {
            if (v != v) {
                missing++;
                continue;
            }
            double x = v + 0.0;
            sketch.update(x);
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }
        if (n > 0) {
            moments = moments.plus(new Moments(n, mean, m2));
        }
        return this;
    }

    /** The profile of every value added so far; the builder cannot be used afterwards. */
    public ReferenceProfile build() {
        if (built) {
            throw new IllegalStateException("build() was already called on this builder");
        }
        built = true;
        return ReferenceProfile.sketched(column, missing, sketch, moments);
    }
}
