package io.mllifecycle.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Turns a column's findings and corrected p-values into its verdict and the reason for it. */
final class ColumnDecision {

    private final double level;
    private final double effectFloor;
    private final double missingRateFloor;
    private final Correction correction;

    ColumnDecision(Correction correction, double level, double effectFloor, double missingRateFloor) {
        this.correction = correction;
        this.level = level;
        this.effectFloor = effectFloor;
        this.missingRateFloor = missingRateFloor;
    }

    /** {@code adjusted[i]} is the corrected p-value of outcome i, NaN when it took no part. */
    ColumnReport decide(ColumnAnalyzer.Work w, double[] adjusted) {
        ColumnAnalyzer.Input in = w.input();
        if (w.insufficient() != null) {
            return new ColumnReport(in.name(), in.type(), Verdict.INSUFFICIENT_DATA, null, List.of(), null,
                    null, w.referenceCount(), w.currentCount(), w.referenceMissing(), w.currentMissing(),
                    "not decided: " + w.insufficient());
        }
        List<TestOutcome> outcomes = new ArrayList<>(w.outcomes());
        for (int i = 0; i < outcomes.size(); i++) {
            outcomes.set(i, outcomes.get(i).withAdjusted(adjusted[i]));
        }
        TestOutcome primary = outcomes.get(w.primary());
        @Nullable TestOutcome missing = w.missing() < 0 ? null : outcomes.get(w.missing());
        PsiResult psi = w.psi();
        boolean rejected = primary.adjustedPValue() <= level;
        boolean bigEnough = Double.isNaN(effectFloor) || psi != null && psi.value() >= effectFloor;
        boolean missingDrift = missing != null && missing.adjustedPValue() <= level
                && Math.abs(missing.statistic()) >= missingRateFloor;
        Verdict verdict;
        DriftTest deciding;
        String reason;
        if (rejected && bigEnough) {
            verdict = Verdict.DRIFT;
            deciding = primary.test();
            reason = "drift: " + test(primary) + effect(psi) + where(psi, primary);
        } else if (missingDrift) {
            verdict = Verdict.DRIFT;
            deciding = DriftTest.MISSING_RATE;
            reason = String.format(Locale.ROOT, "drift in missing values: the missing rate went from %.2f%% to "
                    + "%.2f%% (%s)", 100 * rate(w.referenceMissing(), w.referenceCount()),
                    100 * rate(w.currentMissing(), w.currentCount()), p(missing));
        } else {
            verdict = Verdict.NO_DRIFT;
            deciding = primary.test();
            reason = rejected
                    ? String.format(Locale.ROOT, "no drift: %s, but PSI %.4g is below the effect-size floor %.4g",
                            test(primary), psi == null ? 0.0 : psi.value(), effectFloor)
                    : "no drift: " + test(primary) + effect(psi);
        }
        String top = deciding == DriftTest.MISSING_RATE ? missing.topBin()
                : psi != null ? psi.topBin().label() : primary.topBin();
        return new ColumnReport(in.name(), in.type(), verdict, deciding, outcomes, psi, top,
                w.referenceCount(), w.currentCount(), w.referenceMissing(), w.currentMissing(), reason);
    }

    private String test(TestOutcome o) {
        return String.format(Locale.ROOT, "%s = %.4g, %s", o.test(), o.statistic(), p(o));
    }

    private String p(TestOutcome o) {
        String compare = o.adjustedPValue() <= level ? "<=" : ">";
        return correction == Correction.NONE
                ? String.format(Locale.ROOT, "p = %.3g %s %.3g", o.pValue(), compare, level)
                : String.format(Locale.ROOT, "p = %.3g, %s-adjusted %.3g %s %.3g", o.pValue(),
                        correction, o.adjustedPValue(), compare, level);
    }

    private static String effect(@Nullable PsiResult psi) {
        return psi == null ? "" : String.format(Locale.ROOT, "; PSI %.4g (%s)", psi.value(), psi.severity());
    }

    private static String where(@Nullable PsiResult psi, TestOutcome primary) {
        if (psi == null) {
            return primary.topBin() == null ? "" : "; largest difference " + primary.topBin();
        }
        PsiBin top = psi.topBin();
        return String.format(Locale.ROOT, "; most change in bin %s: reference %d (%.1f%%) -> current %d (%.1f%%)",
                top.label(), top.referenceCount(), 100.0 * top.referenceCount() / psi.referenceSize(),
                top.currentCount(), 100.0 * top.currentCount() / psi.currentSize());
    }

    private static double rate(long missing, long present) {
        return missing == 0 ? 0.0 : (double) missing / (missing + present);
    }
}
