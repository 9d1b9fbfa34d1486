package io.mllifecycle.drift;

import java.util.List;
import java.util.Locale;

/**
 * The result of {@link DriftDetector#compare}: a verdict per column and overall.
 *
 * @param columns    one report per column, in the order of the reference table
 * @param verdict    {@link Verdict#DRIFT} if any column drifted; else {@link Verdict#NO_DRIFT} if
 *                   any column could be decided; else {@link Verdict#INSUFFICIENT_DATA}
 * @param correction the multiple-testing correction applied across columns
 * @param level      the level q at which corrected p-values were compared
 */
public record DriftReport(List<ColumnReport> columns, Verdict verdict, Correction correction,
        double level) {

    /**
     * Copies the list and checks it.
     *
     * @throws IllegalArgumentException if a component is null or {@code level} is outside (0, 1)
     */
    public DriftReport {
        if (columns == null || verdict == null || correction == null) {
            throw new IllegalArgumentException("columns, verdict and correction must not be null");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), but was " + level);
        }
        columns = List.copyOf(columns);
    }

    /**
     * The report of one column.
     *
     * @throws IllegalArgumentException if there is no such column
     */
    public ColumnReport column(String name) {
        return columns.stream().filter(c -> c.column().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("column '" + name + "' is not in the report"));
    }

    /** The columns whose verdict is {@link Verdict#DRIFT}, in report order. */
    public List<ColumnReport> drifted() {
        return columns.stream().filter(c -> c.verdict() == Verdict.DRIFT).toList();
    }

    /** A few lines for a person: the overall verdict, then each column with the reason for its verdict. */
    public String summary() {
        long drifted = drifted().size();
        long insufficient = columns.stream().filter(c -> c.verdict() == Verdict.INSUFFICIENT_DATA).count();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%s: %d of %d columns drifted (%s, level %.3g)%s%n", verdict, drifted, columns.size(),
                correction, level, insufficient == 0 ? "" : "; " + insufficient + " with insufficient data"));
        int width = columns.stream().mapToInt(c -> c.column().length()).max().orElse(0);
        for (ColumnReport c : columns) {
            out.append(String.format(Locale.ROOT, "  %-" + Math.max(1, width) + "s  %-17s %s%n",
                    c.column(), c.verdict(), c.reason()));
        }
        return out.toString();
    }
}
