package io.mllifecycle.drift;

import io.mllifecycle.drift.internal.BinnedCounts;
import io.mllifecycle.drift.internal.BinnedDistances;
import io.mllifecycle.drift.internal.DoubleSort;
import io.mllifecycle.drift.internal.Samples;
import io.mllifecycle.drift.internal.Binner;
import io.mllifecycle.drift.internal.Pearson;
import io.mllifecycle.drift.internal.PsiCalculator;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Computes every statistic of one column for {@link DriftDetector}, before the correction across
 * columns. Thread-safe: it holds only immutable settings.
 */
final class ColumnAnalyzer {

    private static final KsOptions KS_OPTIONS =
            new KsOptions(KsMethod.AUTO, KsAlternative.TWO_SIDED, NanPolicy.OMIT);

    /** One column to analyse: the reference is a {@code double[]}, {@code String[]} or profile. */
    record Input(String name, ColumnType type, Object reference, Object current, List<DriftTest> tests) {}

    /** The raw findings of one column. */
    record Work(Input input, @Nullable String insufficient, List<TestOutcome> outcomes, int primary,
            int missing, @Nullable PsiResult psi, long referenceCount, long currentCount,
            long referenceMissing, long currentMissing) {}

    private final PsiOptions psiOptions;
    private final int minSamples;
    private final boolean needPsi;

    ColumnAnalyzer(PsiOptions psiOptions, int minSamples, boolean needPsi) {
        this.psiOptions = psiOptions.withMissing(MissingValues.BIN);
        this.minSamples = minSamples;
        this.needPsi = needPsi;
    }

    Work analyze(Input original) {
        Input in = withExactProfile(original);
        long refMissing = missing(in.reference());
        long curMissing = missing(in.current());
        long refCount = size(in.reference()) - refMissing;
        long curCount = size(in.current()) - curMissing;
        if (refCount < minSamples || curCount < minSamples) {
            boolean ref = refCount < minSamples;
            String reason = String.format(java.util.Locale.ROOT, "%d non-missing %s values, fewer than the minimum %d",
                    ref ? refCount : curCount, ref ? "reference" : "current", minSamples);
            return new Work(in, reason, List.of(), -1, -1, null, refCount, curCount, refMissing, curMissing);
        }
        BinnedCounts bins = bins(in);
        PsiResult psi = needPsi || in.tests().contains(DriftTest.PSI)
                ? PsiCalculator.compute(bins, psiOptions, rankError(in.reference())) : null;
        List<TestOutcome> outcomes = new ArrayList<>();
        int primary = -1;
        for (DriftTest test : in.tests()) {
            if (primary < 0 && test.hasPValue()) {
                primary = outcomes.size();
            }
            outcomes.add(run(test, in, bins, psi));
        }
        int missingIndex = -1;
        if (refMissing + curMissing > 0) {
            missingIndex = outcomes.size();
            Pearson.Test t = Pearson.test(new long[] {refMissing, refCount}, new long[] {curMissing, curCount});
            double change = (double) curMissing / (curMissing + curCount)
                    - (double) refMissing / (refMissing + refCount);
            outcomes.add(new TestOutcome(DriftTest.MISSING_RATE, change, t.pValue(), Double.NaN, Binner.MISSING));
        }
        return new Work(in, null, outcomes, primary, missingIndex, psi, refCount, curCount, refMissing, curMissing);
    }

    private TestOutcome run(DriftTest test, Input in, BinnedCounts bins, @Nullable PsiResult psi) {
        return switch (test) {
            case KS -> ks(in);
            case PSI -> new TestOutcome(test, psi.value(), psi.pValue(), Double.NaN, psi.topBin().label());
            case CHI_SQUARE -> {
                Pearson.Test t = Pearson.test(bins.reference(), bins.current());
                yield new TestOutcome(test, t.statistic(), t.pValue(), Double.NaN, bins.labels()[t.topColumn()]);
            }
            case JENSEN_SHANNON -> distance(test, BinnedDistances.jensenShannon(bins), bins);
            case HELLINGER -> distance(test, BinnedDistances.hellinger(bins), bins);
            case L_INFINITY -> distance(test, BinnedDistances.lInfinity(bins), bins);
            case MISSING_RATE -> throw new IllegalStateException("MISSING_RATE is not a configurable test");
        };
    }

    private static TestOutcome distance(DriftTest test, BinnedDistances.Distance d, BinnedCounts bins) {
        return new TestOutcome(test, d.value(), Double.NaN, Double.NaN, bins.labels()[d.topBin()]);
    }

    private static TestOutcome ks(Input in) {
        double[] current = (double[]) in.current();
        KsResult r = in.reference() instanceof ReferenceProfile p
                ? KolmogorovSmirnov.twoSample(p, current, KS_OPTIONS)
                : KolmogorovSmirnov.twoSample((double[]) in.reference(), current, KS_OPTIONS);
        return new TestOutcome(DriftTest.KS, r.statistic(), r.pValue(), Double.NaN, "at x = " + r.location());
    }

    private BinnedCounts bins(Input in) {
        Object ref = in.reference();
        if (in.type() == ColumnType.NUMERIC) {
            return ref instanceof ReferenceProfile p
                    ? ProfileBins.numeric(p, (double[]) in.current(), psiOptions)
                    : Binner.numeric((double[]) ref, (double[]) in.current(), psiOptions.bins(), MissingValues.BIN);
        }
        return ref instanceof ReferenceProfile p
                ? ProfileBins.categorical(p, (String[]) in.current(), psiOptions)
                : Binner.categorical((String[]) ref, (String[]) in.current(), MissingValues.BIN);
    }

    /**
     * A raw numeric reference becomes an exact profile (one sorted copy), so KS and the PSI bins
     * share a single sort; the results are identical to those on the raw array.
     */
    private static Input withExactProfile(Input in) {
        if (!(in.reference() instanceof double[] values)) {
            return in;
        }
        Samples.Clean clean = DoubleSort.sortedClean("reference", values, NanPolicy.OMIT, 0);
        ReferenceProfile profile = ReferenceProfile.exact(in.name(), clean.nanCount(), clean.values());
        return new Input(in.name(), in.type(), profile, in.current(), in.tests());
    }

    private static double rankError(Object reference) {
        return reference instanceof ReferenceProfile p ? p.rankError() : 0.0;
    }

    private static long size(Object values) {
        if (values instanceof ReferenceProfile p) {
            return p.count() + p.missingCount();
        }
        return values instanceof double[] d ? d.length : ((String[]) values).length;
    }

    private static long missing(Object values) {
        long missing = 0;
        if (values instanceof ReferenceProfile p) {
            return p.missingCount();
        } else if (values instanceof double[] d) {
            for (double v : d) {
                missing += v != v ? 1 : 0;
            }
        } else {
            for (String s : (String[]) values) {
                missing += s == null ? 1 : 0;
            }
        }
        return missing;
    }
}
