package io.mllifecycle.gate;

import io.mllifecycle.drift.DriftDetector;
import io.mllifecycle.drift.DriftReport;
import io.mllifecycle.drift.Table;
import io.mllifecycle.drift.fairness.Disparity;
import io.mllifecycle.drift.fairness.FairnessMetrics;
import io.mllifecycle.drift.fairness.FairnessReport;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.quality.DataQualityReport;
import io.mllifecycle.quality.DataQualitySuite;
import io.mllifecycle.quality.ExpectationResult;
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
     * A/B evidence: the candidate must be in the model's traffic split ({@code models().split(…)}) under an
     * alias other than {@code controlAlias}, and lifecycle-drift's mixture sequential test on the recorded
     * {@code metric} conversions ({@code TrafficSplit.recordOutcome}) must have rejected "no difference" at
     * level {@code 1 − confidence} with the candidate's rate above the control's. The always-valid p-value
     * makes evaluating this gate as often as wanted safe. Fails naming the counts, the difference and the
     * p-value otherwise.
     *
     * @throws IllegalArgumentException if {@code controlAlias} or {@code metric} is blank, or
     *         {@code confidence} is not in (0, 1)
     */
    public static Gate challengerBeats(String controlAlias, String metric, double confidence) {
        Checks.key("controlAlias", controlAlias);
        Checks.key("metric", metric);
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), but was " + confidence);
        }
        String name = "challenger beats '" + controlAlias + "' on " + metric + " at confidence " + fmt(confidence);
        return named(name, ctx -> {
            ModelVersionRecord v = ctx.candidate();
            var model = ctx.registry().getModel(v.modelName());
            String tag = model.tags().get(io.mllifecycle.internal.AbOutcomes.TAG);
            String arm = model.aliases().entrySet().stream()
                    .filter(e -> e.getValue() == v.version() && !e.getKey().equals(controlAlias)
                            && tag != null && java.util.Arrays.stream(tag.split(";"))
                            .anyMatch(p -> p.startsWith(e.getKey() + "=")))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (arm == null) {
                return new GateResult(name, false, "not in split", "an arm of the split", v.reference()
                        + " is not an arm (other than '" + controlAlias + "') of the traffic split of '"
                        + v.modelName() + "'" + (tag == null ? ", which has none" : " (" + tag + ")"));
            }
            var d = io.mllifecycle.internal.AbOutcomes.compare(ctx.tracking(), v.modelName(), controlAlias, arm, metric,
                    confidence);
            boolean ok = d.rejected() && d.difference() > 0;
            String observed = String.format(Locale.ROOT, "difference %s, always-valid p %s", fmt(d.difference()),
                    fmt(d.alwaysValidPValue()));
            return new GateResult(name, ok, observed, "p ≤ " + fmt(1 - confidence) + " and difference > 0",
                    String.format(Locale.ROOT, "'%s' (%d outcomes) vs '%s' (%d outcomes): %s — %s", arm,
                            d.treatmentCount(), controlAlias, d.controlCount(), observed, ok ? "the challenger wins"
                                    : d.rejected() ? "the challenger is worse" : "no significant difference yet"));
        });
    }

    /**
     * Fairness computed from a validation set rather than logged metrics: the candidate's scores are
     * thresholded ({@code score ≥ threshold} predicts positive) and Fairlearn's group rates and disparities
     * are computed against the labels per value of the group column ({@link FairnessMetrics#compute}).
     * {@code bounds} maps disparity names ({@code demographic_parity_difference},
     * {@code demographic_parity_ratio}, {@code true_positive_rate_difference},
     * {@code false_positive_rate_difference}, {@code equal_opportunity_difference},
     * {@code equalized_odds_difference}) to bounds: an upper bound for the differences, a lower bound for the
     * ratio. The gate fails naming each disparity outside its bound, and fails for a bounded disparity that
     * is undefined on this data (e.g. a group with no actual positives), with the reason. The rates are
     * computed once, here. The stored message ends with each group's rows, positives and rates, which the
     * model card's quantitative analysis shows as a table.
     *
     * @param scores    the candidate's scores on the validation set, each in [0, 1]
     * @param labels    the true outcomes, each 0 or 1, one per score
     * @param groups    the group of each row (no null), one per score
     * @param threshold the decision threshold, in [0, 1]
     * @param bounds    at least one disparity name → finite bound
     * @throws IllegalArgumentException naming the argument, index and value for any invalid input
     */
    public static Gate fairness(double[] scores, double[] labels, String[] groups, double threshold,
                                Map<String, Double> bounds) {
        Checks.notNull("scores", scores);
        Checks.notNull("labels", labels);
        Checks.notNull("groups", groups);
        Checks.notNull("bounds", bounds);
        if (labels.length != scores.length || groups.length != scores.length) {
            throw new IllegalArgumentException("scores, labels and groups must have the same length, but had "
                    + scores.length + ", " + labels.length + " and " + groups.length);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], but was " + threshold);
        }
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException("bounds must name at least one disparity, but was empty");
        }
        java.util.Set<String> known = java.util.Set.of("demographic_parity_difference", "demographic_parity_ratio",
                "true_positive_rate_difference", "false_positive_rate_difference", "equal_opportunity_difference",
                "equalized_odds_difference");
        Map<String, Double> sorted = new TreeMap<>();
        bounds.forEach((k, v) -> {
            if (k == null || !known.contains(k)) {
                throw new IllegalArgumentException("bounds must name disparities of " + new java.util.TreeSet<>(known)
                        + ", but had '" + k + "'");
            }
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("bound of " + k + " must be finite, but was " + v);
            }
            sorted.put(k, v);
        });
        boolean[] y = new boolean[scores.length];
        boolean[] predicted = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] >= 0 && scores[i] <= 1)) {
                throw new IllegalArgumentException("scores[" + i + "] must be in [0, 1], but was " + scores[i]);
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "] must be 0 or 1, but was " + labels[i]);
            }
            y[i] = labels[i] == 1;
            predicted[i] = scores[i] >= threshold;
        }
        FairnessReport report = FairnessMetrics.compute(y, predicted, groups);
        Map<String, Disparity> disparities = Map.of(
                "demographic_parity_difference", report.demographicParityDifference(),
                "demographic_parity_ratio", report.demographicParityRatio(),
                "true_positive_rate_difference", report.truePositiveRateDifference(),
                "false_positive_rate_difference", report.falsePositiveRateDifference(),
                "equal_opportunity_difference", report.equalOpportunityDifference(),
                "equalized_odds_difference", report.equalizedOddsDifference());
        String name = "fairness on validation data: " + sorted.entrySet().stream()
                .map(e -> e.getKey() + (e.getKey().endsWith("ratio") ? " ≥ " : " ≤ ") + fmt(e.getValue()))
                .collect(Collectors.joining(", "));
        List<String> failures = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        sorted.forEach((k, bound) -> {
            Disparity d = disparities.get(k);
            if (d instanceof Disparity.Undefined u) {
                failures.add(k + " is undefined: " + u.reason());
                observed.add(k + "=undefined");
                return;
            }
            double v = d.valueOrThrow();
            observed.add(k + "=" + fmt(v));
            boolean ok = k.endsWith("ratio") ? v >= bound : v <= bound;
            if (!ok) {
                failures.add(k + " is " + fmt(v) + (k.endsWith("ratio") ? ", below " : ", above ") + fmt(bound));
            }
        });
        String groupsText = report.groups().stream().map(g -> "'" + g.group() + "' (" + g.count() + " rows)")
                .collect(Collectors.joining(", "));
        String observedText = String.join(", ", observed);
        return named(name, ctx -> new GateResult(name, failures.isEmpty(), observedText, sorted.toString(),
                (failures.isEmpty() ? "every bounded disparity is within its bound" : String.join("; ", failures))
                        + " over groups " + groupsText + ";" + io.mllifecycle.internal.FairnessEvidence.encode(report)));
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
            if (ctx.artifacts() == null) {
                return new GateResult(name, false, "", "", "the gate context has no artifact store to read the"
                        + " reference profile of " + ctx.candidate().reference() + " from");
            }
            DriftReport report = detector.compare(
                    ReferenceProfiles.load(ctx.artifacts(), ctx.candidate().profile()), table);
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

    /**
     * Data quality of a data set the caller holds (e.g. the validation set): {@code suite} is evaluated here,
     * once, and the gate passes when every expectation does. The result's {@code observed} counts the failing
     * expectations, {@code expected} names the suite's size, and its message names each failing expectation
     * with its observed value and bound (cut to the stored result's limit), so the stored {@code GateReport}
     * holds that evidence.
     *
     * @param data column → {@code double[]} ({@code NaN} missing) or {@code String[]} ({@code null} missing)
     * @throws IllegalArgumentException if an argument is null, a column is neither type, or the columns differ in
     *         length
     */
    public static Gate dataQuality(DataQualitySuite suite, Map<String, ?> data) {
        Checks.notNull("suite", suite);
        Checks.notNull("data", data);
        return dataQuality(suite, Table.of(data));
    }

    /** As {@link #dataQuality(DataQualitySuite, Map)} over a table. */
    public static Gate dataQuality(DataQualitySuite suite, Table data) {
        Checks.notNull("suite", suite);
        Checks.notNull("data", data);
        DataQualityReport report = suite.evaluate(data);
        String name = "data quality suite '" + suite.name() + "'";
        List<ExpectationResult> failures = report.failures();
        String observed = failures.size() + " of " + report.results().size() + " expectations failed";
        String expected = "all " + report.results().size() + " expectations pass";
        StringBuilder m = new StringBuilder(report.summary());
        for (ExpectationResult r : failures) {
            m.append("; ").append(r.name()).append(": observed ").append(r.observed()).append(", expected ")
                    .append(r.expected());
            if (!r.examples().isEmpty()) {
                m.append(", e.g. ").append(r.examples().get(0));
            }
        }
        String message = cut(m.toString());
        GateResult result = new GateResult(name, failures.isEmpty(), observed, expected, message);
        return named(name, ctx -> result);
    }

    /**
     * The candidate's training data passed {@code suite}: its source run must carry the outcome of
     * {@code run.checkDataQuality(suite, …)} (the tag {@code data_quality.<suite>}), and that outcome must be
     * {@code passed}. Fails naming the stored failures, or saying that the run has no such check.
     */
    public static Gate dataQuality(DataQualitySuite suite) {
        Checks.notNull("suite", suite);
        String tag = "data_quality." + suite.name();
        String name = "training data passed data quality suite '" + suite.name() + "'";
        return named(name, ctx -> {
            Optional<RunRecord> run = ctx.sourceRun();
            String value = run.map(r -> r.tags().get(tag)).orElse(null);
            if (value == null) {
                return new GateResult(name, false, "not checked", "passed", run.isEmpty()
                        ? ctx.candidate().reference() + " has no source run to read a data quality check from"
                        : "run " + run.get().id() + " of " + ctx.candidate().reference() + " has no check with suite '"
                                + suite.name() + "' (tag " + tag + "); call run.checkDataQuality(suite, data)");
            }
            boolean ok = value.equals("passed");
            return new GateResult(name, ok, ok ? "passed" : "failed", "passed", cut("run " + run.get().id() + ": "
                    + (ok ? "every expectation of '" + suite.name() + "' passed" : value)));
        });
    }

    private static String cut(String text) {
        return text.length() <= Checks.MAX_DESCRIPTION ? text : text.substring(0, Checks.MAX_DESCRIPTION - 1) + "…";
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
