package io.mllifecycle.gate;

import io.mllifecycle.store.GateResult;
import java.util.Locale;

/**
 * A threshold on the latest value of a metric of the candidate's source run; finish it with
 * {@link #atLeast}, {@link #atMost} or {@link #between}. A missing metric or a candidate without a
 * run fails the gate.
 */
public final class MetricGate {
    private final String metric;

    MetricGate(String metric) {
        this.metric = metric;
    }

    /** @return a gate passing when the value is ≥ {@code bound} */
    public Gate atLeast(double bound) {
        return between(bound, Double.POSITIVE_INFINITY);
    }

    /** @return a gate passing when the value is ≤ {@code bound} */
    public Gate atMost(double bound) {
        return between(Double.NEGATIVE_INFINITY, bound);
    }

    /** @return a gate passing when {@code low ≤ value ≤ high} */
    public Gate between(double low, double high) {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high || (Double.isInfinite(low) && Double.isInfinite(high))) {
            throw new IllegalArgumentException("bounds of metric gate '" + metric + "' must be ordered, not NaN and"
                    + " not both infinite, but were [" + low + ", " + high + "]");
        }
        String expected = Double.isInfinite(high) ? "≥ " + Gates.fmt(low)
                : Double.isInfinite(low) ? "≤ " + Gates.fmt(high) : "in [" + Gates.fmt(low) + ", " + Gates.fmt(high) + "]";
        String name = "metric " + metric + " " + expected;
        return Gates.named(name, ctx -> {
            Double value = Gates.latest(ctx.sourceRun(), metric);
            if (value == null) {
                return new GateResult(name, false, "", expected, ctx.sourceRun().isEmpty()
                        ? ctx.candidate().reference() + " has no source run to read metric '" + metric + "' from"
                        : "metric '" + metric + "' is missing from run " + ctx.candidate().sourceRunId());
            }
            boolean ok = value >= low && value <= high;
            return new GateResult(name, ok, Gates.fmt(value), expected, String.format(Locale.ROOT,
                    "metric '%s' was %s, %s %s", metric, Gates.fmt(value), ok ? "meets" : "fails the bound", expected));
        });
    }
}
