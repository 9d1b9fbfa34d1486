package io.mllifecycle.report;

/**
 * How a report is rendered: where it links to and how much of a large input it shows.
 *
 * @param links         how pages link to each other
 * @param topCategories categories shown per categorical column before the rest are summed as
 *                      {@code other}, ≥ 1
 * @param maxPoints     points kept per curve (longer series are thinned evenly, first and last kept),
 *                      ≥ 2
 * @param maxRows       rows of long tables (audit events, versions) shown before a note says how
 *                      many were left out, ≥ 1
 */
public record ReportOptions(ReportLinks links, int topCategories, int maxPoints, int maxRows) {

    /** The defaults: no links, 20 categories, 400 points per curve, 500 rows. */
    public static final ReportOptions DEFAULTS = new ReportOptions(ReportLinks.none(), 20, 400, 500);

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the setting and its value when one is out of range
     */
    public ReportOptions {
        if (links == null) {
            throw new IllegalArgumentException("links must not be null");
        }
        if (topCategories < 1) {
            throw new IllegalArgumentException("topCategories must be >= 1, but was " + topCategories);
        }
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be >= 2, but was " + maxPoints);
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, but was " + maxRows);
        }
    }

    /** These options with other links. */
    public ReportOptions withLinks(ReportLinks links) {
        return new ReportOptions(links, topCategories, maxPoints, maxRows);
    }

    /** These options with another number of categories shown per column. */
    public ReportOptions withTopCategories(int topCategories) {
        return new ReportOptions(links, topCategories, maxPoints, maxRows);
    }

    /** These options with another number of points per curve. */
    public ReportOptions withMaxPoints(int maxPoints) {
        return new ReportOptions(links, topCategories, maxPoints, maxRows);
    }

    /** These options with another number of table rows shown. */
    public ReportOptions withMaxRows(int maxRows) {
        return new ReportOptions(links, topCategories, maxPoints, maxRows);
    }
}
