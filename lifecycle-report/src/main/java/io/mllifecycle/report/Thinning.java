package io.mllifecycle.report;

import io.mllifecycle.store.MetricPoint;
import java.util.ArrayList;
import java.util.List;

/** Thins long series evenly to a bounded number of points, keeping the first and the last. */
final class Thinning {
    private Thinning() {}

    static List<MetricPoint> points(List<MetricPoint> points, int max) {
        int n = points.size();
        if (n <= max) {
            return points;
        }
        List<MetricPoint> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            out.add(points.get((int) Math.round((double) i * (n - 1) / (max - 1))));
        }
        return out;
    }
}
