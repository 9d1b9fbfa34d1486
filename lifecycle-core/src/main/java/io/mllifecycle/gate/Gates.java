package io.mllifecycle.gate;

import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.Table;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Built-in gates. Every factory checks its configuration at once (a NaN bound, a blank metric, an
 * empty list are {@link IllegalArgumentException}s), and every result names what was checked, the
 * observed value and the bound.
 */
public final class Gates {
    private Gates() {}

    /**
     * Evaluates gates without moving anything (a dry run of a promotion's gates); a gate that throws or returns
     * nothing counts as failed.
     *
     * @return one result per gate, in order; every gate is evaluated even after a failure
     */
    public static List<GateResult> evaluate(List<Gate> gates, GateContext context) {
        Checks.notNull("gates", gates);
        Checks.notNull("context", context);
        List<GateResult> results = new ArrayList<>(gates.size());
        for (int i = 0; i < gates.size(); i++) {
            results.add(safely(Checks.notNull("gates[" + i + "]", gates.get(i)), context));
        }
        return results;
    }

    /** Starts a threshold gate on the latest value of {@code metric} in the candidate's source run. */
    public static MetricGate metric(String metric) {
        return new MetricGate(Checks.key("metric", metric));
    }

    /**
     * The candidate's latest {@code metric} must not be worse than that of the version behind
     * {@code alias} by more than {@code tolerance}, higher being better. Passes when the alias is unset.
     */
    public static Gate noRegressionVs(String alias, String metric, double tolerance) {
        return noRegressionVs(alias, metric, tolerance, true);
    }

    /** As {@link #noRegressionVs(String, String, double)}, choosing whether higher is better. */
    public static Gate noRegressionVs(String alias, String metric, double tolerance, boolean higherIsBetter) {
        Checks.key("alias", alias);
        Checks.key("metric", metric);
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and ≥ 0, but was " + tolerance);
        }
        String name = "no regression of " + metric + " vs @" + alias;
        return named(name, ctx -> {
            Optional<ModelVersionRecord> baseline = ctx.versionBehind(alias);
            if (baseline.isEmpty()) {
                return new GateResult(name, true, "", "", "no version behind alias '" + alias
                        + "': nothing to regress against");
            }
            ModelVersionRecord base = baseline.get();
            if (base.version() == ctx.candidate().version()) {
                return new GateResult(name, true, "", "", "the candidate is the version behind '" + alias + "'");
            }
            Double baseValue = latest(ctx.runOf(base), metric);
            Double value = latest(ctx.sourceRun(), metric);
            if (baseValue == null) {
                return new GateResult(name, false, "", "", "metric '" + metric + "' is missing from the run of "
                        + base.reference() + " behind '" + alias + "'");
            }
            double bound = higherIsBetter ? baseValue - tolerance : baseValue + tolerance;
            String expected = (higherIsBetter ? "≥ " : "≤ ") + fmt(bound);
            if (value == null) {
                return new GateResult(name, false, "", expected, "metric '" + metric
                        + "' is missing from the candidate's run");
            }
            boolean ok = higherIsBetter ? value >= bound : value <= bound;
            String basis = String.format(Locale.ROOT, "(%s of %s @%s %s %s)", fmt(baseValue), base.reference(),
                    alias, higherIsBetter ? "−" : "+", fmt(tolerance));
            String message = ok
                    ? String.format(Locale.ROOT, "metric '%s' of %s was %s, within %s %s", metric,
                            ctx.candidate().reference(), fmt(value), expected, basis)
                    : String.format(Locale.ROOT, "metric '%s' regressed: %s was %s, outside %s %s", metric,
                            ctx.candidate().reference(), fmt(value), expected, basis);
            return new GateResult(name, ok, fmt(value), expected, message);
        });
    }

    /** The candidate's model card must have non-blank values for every field. */
    public static Gate requireCard(String... fields) {
        List<String> required = keys("fields", fields);
        String name = "model card has " + String.join(", ", required);
        return named(name, ctx -> {
            List<String> missing = required.stream()
                    .filter(f -> ctx.candidate().card().getOrDefault(f, "").isBlank()).toList();
            return new GateResult(name, missing.isEmpty(), "missing: " + missing, "all of " + required,
                    missing.isEmpty() ? "model card documents " + required
                            : "model card lacks " + missing + " (required: " + required + ")");
        });
    }

    /** The candidate version must carry every tag. */
    public static Gate requireTags(String... keys) {
        List<String> required = keys("keys", keys);
        String name = "version has tags " + String.join(", ", required);
        return named(name, ctx -> {
            List<String> missing = required.stream().filter(k -> !ctx.candidate().tags().containsKey(k)).toList();
            return new GateResult(name, missing.isEmpty(), "missing: " + missing, "all of " + required,
                    missing.isEmpty() ? "version has tags " + required
                            : "version lacks tags " + missing + " (required: " + required + ")");
        });
    }

    /**
     * Fairness: over the source run's metrics named {@code metric/<group>} (e.g. {@code accuracy/female},
     * {@code accuracy/male}), the largest value minus the smallest must be at most {@code maxGap}. Fails
     * when fewer than two groups are logged.
     */
    public static Gate fairness(String metric, double maxGap) {
        Checks.key("metric", metric);
        if (!(maxGap >= 0) || Double.isInfinite(maxGap)) {
            throw new IllegalArgumentException("maxGap must be finite and ≥ 0, but was " + maxGap);
        }
        String name = "fairness gap of " + metric + " ≤ " + fmt(maxGap);
        return named(name, ctx -> {
            Map<String, Double> groups = new TreeMap<>();
            ctx.sourceRun().ifPresent(run -> run.latestMetrics().forEach((k, p) -> {
                if (k.startsWith(metric + "/") && k.length() > metric.length() + 1) {
                    groups.put(k.substring(metric.length() + 1), p.value());
                }
            }));
            if (groups.size() < 2) {
                return new GateResult(name, false, groups.size() + " group(s)", "≥ 2 groups", "fairness needs '"
                        + metric + "/<group>' metrics for at least two groups, but the run has " + groups.keySet());
            }
            Map.Entry<String, Double> lo = groups.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
            Map.Entry<String, Double> hi = groups.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            double gap = hi.getValue() - lo.getValue();
            boolean ok = gap <= maxGap;
            return new GateResult(name, ok, fmt(gap), "≤ " + fmt(maxGap), String.format(Locale.ROOT,
                    "largest %s gap is %s between '%s' (%s) and '%s' (%s), %s the bound %s", metric, fmt(gap),
                    hi.getKey(), fmt(hi.getValue()), lo.getKey(), fmt(lo.getValue()), ok ? "within" : "above",
                    fmt(maxGap)));
        });
    }

    /**
     * Drift between the candidate's stored reference profiles (its training data) and a validation
     * data set: passes when the detector finds no drift, fails naming each drifted column and why, and
     * fails when there is too little data to decide or the candidate has no profiles.
     *
     * @param validation column → {@code double[]} or {@code String[]}, the columns of the profiles
     */
    public static Gate drift(Map<String, ?> validation) {
        return drift(validation, DriftDetector.builder().build());
    }

    /** As {@link #drift(Map)} with a configured detector. */
    public static Gate drift(Map<String, ?> validation, DriftDetector detector) {
        Checks.notNull("validation", validation);
        Checks.notNull("detector", detector);
        Table table = Table.of(validation);
        String name = "no drift between training and validation data";
        return named(name, ctx -> {
            if (ctx.candidate().profile() == null) {
                return new GateResult(name, false, "", "", ctx.candidate().reference()
                        + " has no reference profile to compare validation data with");
            }
            DriftReport report = detector.compare(
                    ReferenceProfiles.decode(ctx.candidate().profile()), table);
            return switch (report.verdict()) {
                case NO_DRIFT -> new GateResult(name, true, "0 drifted columns", "no drift",
                        "no drift in " + report.columns().size() + " columns");
                case INSUFFICIENT_DATA -> new GateResult(name, false, "insufficient data", "no drift",
                        "too little data to decide drift: " + report.summary());
                case DRIFT -> new GateResult(name, false, report.drifted().size() + " drifted columns", "no drift",
                        "drift in " + report.drifted().stream().map(c -> "'" + c.column() + "': " + c.reason())
                                .collect(Collectors.joining("; ")));
            };
        });
    }

    /** Passes when every gate passes; all are evaluated so the report shows each. */
    public static Gate all(Gate... gates) {
        List<Gate> list = gates("gates", gates);
        String name = "all of [" + list.stream().map(Gate::name).collect(Collectors.joining(", ")) + "]";
        return named(name, ctx -> combine(name, list, ctx, true));
    }

    /** Passes when at least one gate passes. */
    public static Gate any(Gate... gates) {
        List<Gate> list = gates("gates", gates);
        String name = "any of [" + list.stream().map(Gate::name).collect(Collectors.joining(", ")) + "]";
        return named(name, ctx -> combine(name, list, ctx, false));
    }

    /** A custom gate from a condition on the context; {@code description} names it in reports. */
    public static Gate check(String description, Predicate<GateContext> condition) {
        Checks.name("description", description);
        Checks.notNull("condition", condition);
        return named(description, ctx -> {
            boolean ok = condition.test(ctx);
            return new GateResult(description, ok, "", "", description + (ok ? ": passed" : ": failed"));
        });
    }

    /** Gives a lambda gate a name for reports. */
    public static Gate named(String name, Function<GateContext, GateResult> body) {
        Checks.name("name", name);
        Checks.notNull("body", body);
        return new Gate() {
            @Override
            public GateResult evaluate(GateContext context) {
                return body.apply(context);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** Evaluates a gate so that an exception or a null result counts as a failure. */
    static GateResult safely(Gate gate, GateContext context) {
        try {
            GateResult r = gate.evaluate(context);
            if (r == null) {
                return new GateResult(gate.name(), false, "", "", "gate '" + gate.name() + "' returned no result");
            }
            return r;
        } catch (RuntimeException e) {
            return new GateResult(gate.name(), false, "", "", "gate '" + gate.name() + "' failed with "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static GateResult combine(String name, List<Gate> gates, GateContext ctx, boolean all) {
        List<GateResult> results = new ArrayList<>();
        gates.forEach(g -> results.add(safely(g, ctx)));
        boolean ok = all ? results.stream().allMatch(GateResult::passed) : results.stream().anyMatch(GateResult::passed);
        String detail = results.stream().map(r -> (r.passed() ? "✓ " : "✗ ") + r.message()).collect(Collectors.joining("; "));
        return new GateResult(name, ok, results.stream().filter(GateResult::passed).count() + "/" + results.size()
                + " passed", all ? "all" : "at least one", detail);
    }

    static Double latest(Optional<RunRecord> run, String metric) {
        return run.map(r -> r.latestMetrics().get(metric)).map(MetricPoint::value).orElse(null);
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.6g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static List<String> keys(String argument, String[] values) {
        Checks.notNull(argument, values);
        if (values.length == 0) {
            throw new IllegalArgumentException(argument + " must name at least one, but was empty");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(Checks.key(argument + "[" + i + "]", values[i]));
        }
        return List.copyOf(out);
    }

    private static List<Gate> gates(String argument, Gate[] gates) {
        Checks.notNull(argument, gates);
        if (gates.length == 0) {
            throw new IllegalArgumentException(argument + " must name at least one gate, but was empty");
        }
        for (int i = 0; i < gates.length; i++) {
            Checks.notNull(argument + "[" + i + "]", gates[i]);
        }
        return List.of(gates);
    }
}
