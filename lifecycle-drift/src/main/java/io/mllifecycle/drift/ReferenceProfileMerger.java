package io.mllifecycle.drift;

import io.mllifecycle.drift.ReferenceProfile.Kind;
import io.mllifecycle.drift.internal.Moments;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/** Merges two profiles of one column; the implementation of {@link ReferenceProfile#merge}. */
final class ReferenceProfileMerger {

    private ReferenceProfileMerger() {}

    static ReferenceProfile merge(ReferenceProfile a, ReferenceProfile b) {
        if (b == null) {
            throw new IllegalArgumentException("other must not be null");
        }
        if (!a.column.equals(b.column)) {
            throw new IllegalArgumentException("other must describe column '" + a.column
                    + "', but describes column '" + b.column + "'");
        }
        if (a.isNumeric() != b.isNumeric()) {
            throw new IllegalArgumentException("other must be " + (a.isNumeric() ? "numeric" : "categorical")
                    + " like this profile of column '" + a.column + "', but is "
                    + (b.isNumeric() ? "numeric" : "categorical"));
        }
        long missing = a.missing + b.missing;
        if (a.kind == Kind.CATEGORICAL) {
            Map<String, Long> counts = new TreeMap<>(a.categories);
            b.categories.forEach((k, v) -> counts.merge(k, v, Long::sum));
            return ReferenceProfile.categoricalOf(a.column, missing, counts);
        }
        if (a.kind == Kind.NUMERIC_EXACT && b.kind == Kind.NUMERIC_EXACT) {
            return ReferenceProfile.exact(a.column, missing, mergeSorted(a.sorted, b.sorted));
        }
        KllDoublesSketch base = a.kind == Kind.NUMERIC_SKETCH ? copy(a.sketch) : copy(b.sketch);
        ReferenceProfile rest = a.kind == Kind.NUMERIC_SKETCH ? b : a;
        if (rest.kind == Kind.NUMERIC_SKETCH) {
            base.merge(rest.sketch);
        } else {
            for (double v : rest.sorted) {
                base.update(v);
            }
        }
        Moments moments = a.moments().plus(b.moments());
        return ReferenceProfile.sketched(a.column, missing, base, moments);
    }

    static KllDoublesSketch copy(KllDoublesSketch sketch) {
        return KllDoublesSketch.heapify(Memory.wrap(sketch.toByteArray()));
    }

    static double[] mergeSorted(double[] x, double[] y) {
        double[] out = new double[x.length + y.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < x.length && j < y.length) {
            out[k++] = x[i] <= y[j] ? x[i++] : y[j++];
        }
        System.arraycopy(x, i, out, k, x.length - i);
        System.arraycopy(y, j, out, k + x.length - i, y.length - j);
        return out;
    }
}
