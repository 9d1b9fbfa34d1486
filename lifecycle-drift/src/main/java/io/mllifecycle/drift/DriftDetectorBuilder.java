package io.mllifecycle.drift;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Configures a {@link DriftDetector}. Every setter checks its argument at once and throws
 * {@link IllegalArgumentException} naming the value and what was expected.
 */
public final class DriftDetectorBuilder {

    /** Immutable settings of a built detector. */
    record Settings(Correction correction, double level, int minSamples, double effectFloor,
            double missingRateFloor, PsiOptions psiOptions, List<DriftTest> numericTests,
            List<DriftTest> categoricalTests, Map<String, List<DriftTest>> overrides, int parallelism,
            Executor executor) {

        List<DriftTest> testsFor(String column, ColumnType type) {
            List<DriftTest> tests = overrides.get(column);
            return tests != null ? tests : type == ColumnType.NUMERIC ? numericTests : categoricalTests;
        }
    }

    private Correction correction = Correction.BENJAMINI_HOCHBERG;
    private double level = 0.05;
    private int minSamples = 30;
    private double effectFloor = Double.NaN;
    private double missingRateFloor = 0.0;
    private PsiOptions psiOptions = PsiOptions.defaults();
    private List<DriftTest> numericTests = List.of(DriftTest.KS, DriftTest.PSI);
    private List<DriftTest> categoricalTests = List.of(DriftTest.CHI_SQUARE, DriftTest.PSI);
    private final Map<String, List<DriftTest>> overrides = new HashMap<>();
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private Executor executor = ForkJoinPool.commonPool();

    DriftDetectorBuilder() {}

    /** The correction across columns (default {@link Correction#BENJAMINI_HOCHBERG}); not null. */
    public DriftDetectorBuilder correction(Correction correction) {
        if (correction == null) {
            throw new IllegalArgumentException("correction must not be null (use Correction.NONE)");
        }
        this.correction = correction;
        return this;
    }

    /** The level q that corrected p-values are compared with, in (0, 1) (default 0.05). */
    public DriftDetectorBuilder level(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), but was " + q);
        }
        this.level = q;
        return this;
    }

    /** The fewest non-missing values per side needed for a verdict, at least 1 (default 30). */
    public DriftDetectorBuilder minSamples(int minimum) {
        if (minimum < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, but was " + minimum);
        }
        this.minSamples = minimum;
        return this;
    }

    /**
     * Drift only if the main test rejects <em>and</em> the column's PSI is at least {@code psi}
     * (e.g. 0.1), so that huge samples do not flag trivial shifts. Finite and ≥ 0; off by default.
     */
    public DriftDetectorBuilder effectSizeFloor(double psi) {
        if (!(psi >= 0) || Double.isInfinite(psi)) {
            throw new IllegalArgumentException("effectSizeFloor must be a finite number >= 0, but was " + psi);
        }
        this.effectFloor = psi;
        return this;
    }

    /** A rejected missing-rate check counts only if the rates differ by at least this, in [0, 1] (default 0). */
    public DriftDetectorBuilder missingRateFloor(double difference) {
        if (!(difference >= 0 && difference <= 1)) {
            throw new IllegalArgumentException("missingRateFloor must be in [0, 1], but was " + difference);
        }
        this.missingRateFloor = difference;
        return this;
    }

    /** Bins and smoothing of PSI and the distances; its missing-value setting is replaced by {@code BIN}. */
    public DriftDetectorBuilder psiOptions(PsiOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("psiOptions must not be null");
        }
        this.psiOptions = options;
        return this;
    }

    /** Tests for numeric columns (default KS, PSI); see {@link #tests(String, DriftTest...)} for the rules. */
    public DriftDetectorBuilder numericTests(DriftTest... tests) {
        this.numericTests = checkTests("numericTests", tests, ColumnType.NUMERIC);
        return this;
    }

    /** Tests for categorical columns (default CHI_SQUARE, PSI). */
    public DriftDetectorBuilder categoricalTests(DriftTest... tests) {
        this.categoricalTests = checkTests("categoricalTests", tests, ColumnType.CATEGORICAL);
        return this;
    }

    /**
     * Tests for one column, replacing its type's defaults. The list must be non-empty, without
     * repeats, without {@link DriftTest#MISSING_RATE} (always run), and contain a test with a
     * p-value; the first such test decides. Whether the tests suit the column's type is checked
     * when the column is seen.
     */
    public DriftDetectorBuilder tests(String column, DriftTest... tests) {
        if (column == null) {
            throw new IllegalArgumentException("column must not be null");
        }
        overrides.put(column, checkTests("tests for column '" + column + "'", tests, null));
        return this;
    }

    /** Threads used to analyse columns, the caller included, at least 1 (default: available processors). */
    public DriftDetectorBuilder parallelism(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, but was " + threads);
        }
        this.parallelism = threads;
        return this;
    }

    /** Where helper threads run (default {@link ForkJoinPool#commonPool()}); not null. */
    public DriftDetectorBuilder executor(Executor executor) {
        if (executor == null) {
            throw new IllegalArgumentException("executor must not be null");
        }
        this.executor = executor;
        return this;
    }

    /** The detector; the builder may be reused. */
    public DriftDetector build() {
        return new DriftDetector(new Settings(correction, level, minSamples, effectFloor, missingRateFloor,
                psiOptions, numericTests, categoricalTests, Map.copyOf(overrides), parallelism, executor));
    }

    private static List<DriftTest> checkTests(String name, DriftTest[] tests, ColumnType type) {
        if (tests == null || tests.length == 0) {
            throw new IllegalArgumentException(name + " must list at least one test");
        }
        EnumSet<DriftTest> seen = EnumSet.noneOf(DriftTest.class);
        boolean decides = false;
        for (DriftTest t : tests) {
            if (t == null || t == DriftTest.MISSING_RATE) {
                throw new IllegalArgumentException(name + " must not contain " + t
                        + (t == null ? "" : " (it always runs when values are missing)"));
            }
            if (type != null && !t.supports(type)) {
                throw new IllegalArgumentException(name + " must suit " + type + " columns, but " + t + " does not");
            }
            if (!seen.add(t)) {
                throw new IllegalArgumentException(name + " lists " + t + " twice");
            }
            decides |= t.hasPValue();
        }
        if (!decides) {
            throw new IllegalArgumentException(name + " must contain a test with a p-value (KS, PSI or "
                    + "CHI_SQUARE), but was " + List.of(tests));
        }
        return List.of(tests);
    }
}
