package io.mllifecycle.drift.internal;

/**
 * Pearson's chi-square statistic of a 2×K table (reference row, current row), as
 * {@code scipy.stats.chi2_contingency(table, correction=False)}; columns empty on both rows are
 * left out.
 */
public final class Pearson {

    private Pearson() {}

    /** The statistic, its p-value, K − 1 and the column with the largest term. */
    public record Test(double statistic, double pValue, int degreesOfFreedom, int topColumn) {}

    /** Runs the test; both rows must have a positive total. */
    public static Test test(long[] reference, long[] current) {
        long n = 0;
        long m = 0;
        for (int i = 0; i < reference.length; i++) {
            n += reference[i];
            m += current[i];
        }
        double total = (double) n + m;
        double statistic = 0;
        int columns = 0;
        int top = 0;
        double topTerm = -1;
        for (int i = 0; i < reference.length; i++) {
            long r = reference[i];
            long c = current[i];
            if (r + c == 0) {
                continue;
            }
            columns++;
            double column = (double) (r + c);
            double expectedR = n * column / total;
            double expectedC = m * column / total;
            double term = (r - expectedR) * (r - expectedR) / expectedR
                    + (c - expectedC) * (c - expectedC) / expectedC;
            statistic += term;
            if (term > topTerm) {
                topTerm = term;
                top = i;
            }
        }
        int dof = columns - 1;
        if (dof <= 0) {
            return new Test(0.0, 1.0, 0, top);
        }
        return new Test(statistic, ChiSquared.survival(dof, statistic), dof, top);
    }
}
