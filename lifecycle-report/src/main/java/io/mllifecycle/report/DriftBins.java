package io.mllifecycle.report;

import io.mllifecycle.drift.BinKind;
import io.mllifecycle.drift.PsiBin;
import io.mllifecycle.drift.PsiResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bins of a column as a report shows them: numeric ranges in order; for categories the
 * {@code top} largest (by reference plus current share) in descending order, the rest summed into one
 * {@code other} bin; then {@code UNSEEN} and {@code MISSING}. Shares are the raw count shares.
 */
record DriftBins(List<Bin> bins, int otherCategories) {

    /** One shown bin; {@code special} for MISSING, UNSEEN and other. */
    record Bin(String kind, String label, double lower, double upper, long referenceCount, long currentCount,
            double referenceShare, double currentShare, double contribution, boolean special) {}

    static DriftBins of(PsiResult psi, int top) {
        double n = psi.referenceSize();
        double m = psi.currentSize();
        List<Bin> ranges = new ArrayList<>();
        List<PsiBin> categories = new ArrayList<>();
        List<Bin> tail = new ArrayList<>();
        for (PsiBin b : psi.bins()) {
            switch (b.kind()) {
                case RANGE -> ranges.add(bin(b, n, m, false));
                case CATEGORY -> categories.add(b);
                default -> tail.add(bin(b, n, m, true));
            }
        }
        List<Bin> out = new ArrayList<>(ranges);
        int other = 0;
        if (!categories.isEmpty()) {
            categories.sort(Comparator.comparingDouble((PsiBin b) -> -(b.referenceCount() / n + b.currentCount() / m))
                    .thenComparing(PsiBin::label));
            for (int i = 0; i < Math.min(top, categories.size()); i++) {
                out.add(bin(categories.get(i), n, m, false));
            }
            if (categories.size() > top) {
                long rc = 0;
                long cc = 0;
                double contribution = 0;
                for (PsiBin b : categories.subList(top, categories.size())) {
                    rc += b.referenceCount();
                    cc += b.currentCount();
                    contribution += b.contribution();
                }
                other = categories.size() - top;
                out.add(new Bin("OTHER", "other (" + other + " categories)", Double.NaN, Double.NaN, rc, cc, rc / n,
                        cc / m, contribution, true));
            }
        }
        out.addAll(tail);
        return new DriftBins(List.copyOf(out), other);
    }

    private static Bin bin(PsiBin b, double n, double m, boolean special) {
        return new Bin(b.kind().name(), b.label(), b.lower(), b.upper(), b.referenceCount(), b.currentCount(),
                b.referenceCount() / n, b.currentCount() / m, b.contribution(), special || b.kind() != BinKind.RANGE
                        && b.kind() != BinKind.CATEGORY);
    }

    double[] referenceShares() {
        return bins.stream().mapToDouble(Bin::referenceShare).toArray();
    }

    double[] currentShares() {
        return bins.stream().mapToDouble(Bin::currentShare).toArray();
    }

    double[] contributions() {
        return bins.stream().mapToDouble(Bin::contribution).toArray();
    }

    /** Short labels for chart axes: a range by its upper edge ({@code ≤ 5.87}), the last by its lower ({@code > 13.9}). */
    List<String> labels() {
        return bins.stream().map(b -> {
            if (!"RANGE".equals(b.kind())) {
                return b.label();
            }
            return Double.isInfinite(b.upper()) ? ">" + Html.num(b.lower()) : "≤" + Html.num(b.upper());
        }).toList();
    }
}
