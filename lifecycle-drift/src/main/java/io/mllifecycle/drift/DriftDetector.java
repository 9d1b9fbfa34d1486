package io.mllifecycle.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks many columns for drift at once and says why each one drifted.
 *
 * <pre>{@code
 * DriftReport report = DriftDetector.builder().build().compare(referenceTable, currentTable);
 * log.info(report.summary());
 * }</pre>
 *
 * <p>Per column (defaults, each overridable with {@link DriftDetectorBuilder}):
 * <ul>
 *   <li>numeric: {@link DriftTest#KS} on the non-missing values, then {@link DriftTest#PSI};
 *       categorical: {@link DriftTest#CHI_SQUARE}, then {@link DriftTest#PSI}. The first test with a
 *       p-value in a column's list is its <em>main</em> test.</li>
 *   <li>missing values ({@code NaN}, {@code null}) are counted; binned statistics (PSI, chi-square,
 *       distances) put them in a {@code MISSING} bin, and when either side has one the missing rate
 *       is a check of its own ({@link DriftTest#MISSING_RATE}: Pearson chi-square on missing versus
 *       present counts).</li>
 *   <li>a side with fewer non-missing values than the minimum (default 30) gives
 *       {@link Verdict#INSUFFICIENT_DATA} instead of a verdict.</li>
 * </ul>
 * The p-values of every main test and every missing-rate check form one family, corrected with
 * {@link Correction#BENJAMINI_HOCHBERG} at q = 0.05 by default. A column drifts when its main test
 * is rejected and (if an effect-size floor is set) its PSI is at least the floor, or when its
 * missing-rate check is rejected. Columns are analysed in parallel; the result does not depend on
 * the parallelism. Detectors are immutable and thread-safe.
 */
public final class DriftDetector {

    private static final Logger LOG = LoggerFactory.getLogger(DriftDetector.class);

    private final DriftDetectorBuilder.Settings settings;
    private final ColumnAnalyzer analyzer;
    private final ColumnDecision decision;

    DriftDetector(DriftDetectorBuilder.Settings settings) {
        this.settings = settings;
        this.analyzer = new ColumnAnalyzer(settings.psiOptions(), settings.minSamples(),
                !Double.isNaN(settings.effectFloor()));
        this.decision = new ColumnDecision(settings.correction(), settings.level(), settings.effectFloor(),
                settings.missingRateFloor());
    }

    /** A builder with the defaults described on this class. */
    public static DriftDetectorBuilder builder() {
        return new DriftDetectorBuilder();
    }

    /**
     * Compares two tables column by column. Both must have the same column names with the same
     * types; the report lists columns in the reference's order.
     *
     * @throws IllegalArgumentException if a table is null, a column is in one table only, the
     *         types of a column differ, a test was configured for a column type it does not support,
     *         or an override names a column the tables do not have
     */
    public DriftReport compare(Table reference, Table current) {
        require(reference, "reference");
        require(current, "current");
        List<ColumnAnalyzer.Input> inputs = new ArrayList<>();
        for (String name : reference.names()) {
            ColumnType type = reference.type(name);
            Object ref = type == ColumnType.NUMERIC ? reference.numeric(name) : reference.categorical(name);
            inputs.add(input(name, type, ref, current));
        }
        checkExtra(reference.names(), current);
        return run(inputs);
    }

    /**
     * Compares maps of column name to {@code double[]} or {@code String[]}; see
     * {@link #compare(Table, Table)} and {@link Table#of(Map)}.
     */
    public DriftReport compare(Map<String, ?> reference, Map<String, ?> current) {
        require(reference, "reference");
        require(current, "current");
        return compare(Table.of(reference), Table.of(current));
    }

    /**
     * Compares a current table with fitted reference profiles, one per column (the fast path for
     * repeated monitoring). Numeric profiles pair with {@code double[]} columns, categorical ones with
     * {@code String[]}.
     *
     * @throws IllegalArgumentException as {@link #compare(Table, Table)}, or if a profile is null
     */
    public DriftReport compare(Map<String, ReferenceProfile> profiles, Table current) {
        require(profiles, "profiles");
        require(current, "current");
        List<ColumnAnalyzer.Input> inputs = new ArrayList<>();
        for (Map.Entry<String, ReferenceProfile> e : profiles.entrySet()) {
            ReferenceProfile p = e.getValue();
            if (p == null) {
                throw new IllegalArgumentException("profile of column '" + e.getKey() + "' must not be null");
            }
            ColumnType type = p.isNumeric() ? ColumnType.NUMERIC : ColumnType.CATEGORICAL;
            inputs.add(input(e.getKey(), type, p, current));
        }
        checkExtra(profiles.keySet(), current);
        return run(inputs);
    }

    /**
     * Compares several current tables (e.g. the segments of a monitoring window), each with its own
     * reference profiles, as <em>one</em> family: the p-values of every main test and missing-rate check of
     * every group and column are corrected together with the detector's correction at its level, so that
     * testing many groups × columns does not inflate false alarms. Each report's verdicts follow from those
     * jointly corrected p-values; otherwise as {@link #compare(Map, Table)}.
     *
     * @param profiles the reference profiles of each group, by group name
     * @param current  the current table of each group, by the same names
     * @return one report per group, in the iteration order of {@code current}
     * @throws IllegalArgumentException if an argument is null or empty, a group of {@code current} has no
     *         profiles, or a table does not match its profiles (as {@link #compare(Map, Table)})
     */
    public Map<String, DriftReport> compareGroups(Map<String, Map<String, ReferenceProfile>> profiles,
                                                 Map<String, Table> current) {
        require(profiles, "profiles");
        require(current, "current");
        if (current.isEmpty()) {
            throw new IllegalArgumentException("current must have at least one group, but was empty");
        }
        List<ColumnAnalyzer.Input> inputs = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (Map.Entry<String, Table> g : current.entrySet()) {
            Map<String, ReferenceProfile> ref = profiles.get(g.getKey());
            if (ref == null) {
                throw new IllegalArgumentException("group '" + g.getKey() + "' has no reference profiles; groups with"
                        + " profiles are " + profiles.keySet());
            }
            require(g.getValue(), "current table of group '" + g.getKey() + "'");
            for (Map.Entry<String, ReferenceProfile> e : ref.entrySet()) {
                ReferenceProfile p = e.getValue();
                if (p == null) {
                    throw new IllegalArgumentException("profile of column '" + e.getKey() + "' of group '" + g.getKey()
                            + "' must not be null");
                }
                ColumnType type = p.isNumeric() ? ColumnType.NUMERIC : ColumnType.CATEGORICAL;
                inputs.add(input(e.getKey(), type, p, g.getValue()));
                owners.add(g.getKey());
            }
            checkExtra(ref.keySet(), g.getValue());
        }
        List<ColumnReport> reports = decideAll(inputs);
        Map<String, List<ColumnReport>> byGroup = new java.util.LinkedHashMap<>();
        current.keySet().forEach(k -> byGroup.put(k, new ArrayList<>()));
        for (int i = 0; i < reports.size(); i++) {
            byGroup.get(owners.get(i)).add(reports.get(i));
        }
        Map<String, DriftReport> out = new java.util.LinkedHashMap<>();
        byGroup.forEach((k, r) -> out.put(k, report(r)));
        return java.util.Collections.unmodifiableMap(out);
    }

    private ColumnAnalyzer.Input input(String name, ColumnType type, Object ref, Table current) {
        if (!current.has(name)) {
            throw new IllegalArgumentException("current has no column '" + name + "'; its columns are " + current.names());
        }
        if (current.type(name) != type) {
            throw new IllegalArgumentException("column '" + name + "' is " + type + " in the reference but "
                    + current.type(name) + " in current");
        }
        Object cur = type == ColumnType.NUMERIC ? current.numeric(name) : current.categorical(name);
        List<DriftTest> tests = settings.testsFor(name, type);
        for (DriftTest t : tests) {
            if (!t.supports(type)) {
                throw new IllegalArgumentException("test " + t + " does not support " + type + " column '" + name + "'");
            }
        }
        return new ColumnAnalyzer.Input(name, type, ref, cur, tests);
    }

    private void checkExtra(java.util.Set<String> referenceNames, Table current) {
        for (String name : current.names()) {
            if (!referenceNames.contains(name)) {
                throw new IllegalArgumentException("current column '" + name + "' is not in the reference; "
                        + "reference columns are " + referenceNames);
            }
        }
        for (String name : settings.overrides().keySet()) {
            if (!referenceNames.contains(name)) {
                throw new IllegalArgumentException("tests were set for column '" + name
                        + "', which the tables do not have; columns are " + referenceNames);
            }
        }
    }

    private DriftReport run(List<ColumnAnalyzer.Input> inputs) {
        long start = System.nanoTime();
        DriftReport report = report(decideAll(inputs));
        LOG.debug("compared {} columns in {} ms: {}", report.columns().size(), (System.nanoTime() - start) / 1_000_000,
                report.verdict());
        return report;
    }

    private DriftReport report(List<ColumnReport> reports) {
        Verdict overall = reports.stream().anyMatch(r -> r.verdict() == Verdict.DRIFT) ? Verdict.DRIFT
                : reports.stream().anyMatch(r -> r.verdict() == Verdict.NO_DRIFT) ? Verdict.NO_DRIFT
                : Verdict.INSUFFICIENT_DATA;
        return new DriftReport(reports, overall, settings.correction(), settings.level());
    }

    /** Analyses the inputs and decides each column with one correction over all of them. */
    private List<ColumnReport> decideAll(List<ColumnAnalyzer.Input> inputs) {
        ColumnAnalyzer.Work[] work = ParallelColumns.analyze(inputs, analyzer, settings.parallelism(),
                settings.executor());
        // one family: every main test and every missing-rate check of the decided columns
        List<double[]> slots = new ArrayList<>();
        List<Double> family = new ArrayList<>();
        for (ColumnAnalyzer.Work w : work) {
            double[] adjusted = new double[w.outcomes().size()];
            java.util.Arrays.fill(adjusted, Double.NaN);
            slots.add(adjusted);
            if (w.primary() >= 0) {
                family.add(w.outcomes().get(w.primary()).pValue());
            }
            if (w.missing() >= 0) {
                family.add(w.outcomes().get(w.missing()).pValue());
            }
        }
        double[] corrected = settings.correction().adjust(family.stream().mapToDouble(Double::doubleValue).toArray());
        int k = 0;
        List<ColumnReport> reports = new ArrayList<>(work.length);
        for (int i = 0; i < work.length; i++) {
            ColumnAnalyzer.Work w = work[i];
            if (w.primary() >= 0) {
                slots.get(i)[w.primary()] = corrected[k++];
            }
            if (w.missing() >= 0) {
                slots.get(i)[w.missing()] = corrected[k++];
            }
            reports.add(decision.decide(w, slots.get(i)));
        }
        return reports;
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
