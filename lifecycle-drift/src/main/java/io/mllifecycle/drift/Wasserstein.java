package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.DoubleSort;
import io.mllifecycle.drift.internal.Moments;
import io.mllifecycle.drift.internal.Samples;

/**
 * Wasserstein-1 (earth mover's) distance between two one-dimensional samples, agreeing with
 * {@code scipy.stats.wasserstein_distance(reference, current)} to about 1e-12 relative.
 *
 * <p>Definition: W1 = ∫ |F(x) - G(x)| dx with F, G the empirical CDFs, computed over the pooled
 * sorted values as Σ |F(v_k) - G(v_k)| (v_{k+1} - v_k) (compensated summation). Optionally divided by
 * the reference's population standard deviation (divisor n, NumPy's {@code np.std}), which makes
 * the value unit-free and comparable across columns. The standard deviation is computed by the
 * corrected two-pass algorithm (accurate to a few ulps for data far from zero, finite for any finite
 * data), and the integral is scaled by a power of two for values near the end of the double range, so
 * any finite samples whose distance is a finite double are accepted.
 *
 * <p>Inputs are never modified; NaN is rejected naming its index unless {@link NanPolicy#OMIT};
 * infinite values are rejected (the distance would be infinite or undefined).
 */
public final class Wasserstein {

    private Wasserstein() {}

    /** The unscaled distance, NaN rejected. */
    public static WassersteinResult distance(double[] reference, double[] current) {
        return distance(reference, current, false, NanPolicy.REJECT);
    }

    /**
     * The distance, divided by the reference standard deviation when {@code standardized}.
     *
     * @throws IllegalArgumentException if an argument is null, a sample is empty after omitting NaN,
     *         has an infinite value, or a NaN under {@link NanPolicy#REJECT}, or if the distance itself
     *         exceeds {@link Double#MAX_VALUE} (possible only for values of both signs beyond about
     *         ±9e307)
     */
    public static WassersteinResult distance(double[] reference, double[] current, boolean standardized,
            NanPolicy nanPolicy) {
        Samples.Clean ref = Samples.clean("reference", reference, nanPolicy, 1);
        Samples.Clean cur = Samples.clean("current", current, nanPolicy, 1);
        double[] x = ref.values();
        double[] y = cur.values();
        requireFinite("reference", x);
        requireFinite("current", y);
        DoubleSort.sortInPlace(x);
        DoubleSort.sortInPlace(y);
        double sd = Moments.standardDeviationOf(x, 0, x.length);
        return new WassersteinResult(scaledIntegral(x, y), sd, standardized, x.length, y.length,
                ref.nanCount(), cur.nanCount());
    }

    /**
     * The integral, computed on the values times 2^-SCALE when they come near the end of the double
     * range (a difference of two finite values can overflow there), then scaled back. Multiplying by a
     * power of two is exact except for values that become subnormal, whose part of the distance is
     * below the rounding of the rest.
     */
    private static double scaledIntegral(double[] x, double[] y) {
        double maxAbs = Math.max(Math.max(Math.abs(x[0]), Math.abs(x[x.length - 1])),
                Math.max(Math.abs(y[0]), Math.abs(y[y.length - 1])));
        if (maxAbs <= LARGE) {
            return integrate(x, y);
        }
        double w = Math.scalb(integrate(scaled(x), scaled(y)), SCALE);
        if (Double.isInfinite(w)) {
            throw new IllegalArgumentException("reference and current: their Wasserstein distance exceeds "
                    + "the largest double (" + Double.MAX_VALUE + "); the reference spans [" + x[0] + ", "
                    + x[x.length - 1] + "] and the current [" + y[0] + ", " + y[y.length - 1]
                    + "], so rescale the data before comparing them");
        }
        return w;
    }

    private static final double LARGE = 0x1p1000;
    private static final int SCALE = 64;

    private static double[] scaled(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.scalb(v[i], -SCALE);
        }
        return out;
    }

    static double integrate(double[] x, double[] y) {
        int n = x.length;
        int m = y.length;
        int i = 0;
        int j = 0;
        double sum = 0.0;
        double compensation = 0.0;
        double previous = Math.min(x[0], y[0]);
        double gap = 0.0;
        while (i < n || j < m) {
            double v = j >= m || (i < n && x[i] <= y[j]) ? x[i] : y[j];
            double term = gap * (v - previous);
            double t = term - compensation;
            double s = sum + t;
            compensation = (s - sum) - t;
            sum = s;
            while (i < n && x[i] == v) {
                i++;
            }
            while (j < m && y[j] == v) {
                j++;
            }
            gap = Math.abs((double) i / n - (double) j / m);
            previous = v;
        }
        return sum;
    }

    private static void requireFinite(String name, double[] values) {
        for (double v : values) {
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + " must be finite for the Wasserstein distance, but a value was " + v);
            }
        }
    }
}
