package io.mllifecycle.store;

import java.util.List;

/**
 * One page of a run search.
 *
 * @param runs          the runs of this page, in query order
 * @param nextPageToken token for the next page, or null when this is the last
 * @param count         how many runs match the query in all (every page), counted when this page was read;
 *                      {@value #NOT_COUNTED} when the query did not ask ({@link RunQuery#countMatches()})
 */
public record RunPage(List<RunRecord> runs, String nextPageToken, long count) {
    /** The {@code count} of a page whose query did not ask for one. */
    public static final long NOT_COUNTED = -1;

    public RunPage {
        runs = Copies.list("runs", runs);
        if (count != NOT_COUNTED && count < runs.size()) {
            throw new IllegalArgumentException("count must be at least the " + runs.size()
                    + " runs of the page (or " + NOT_COUNTED + " when not counted), but was " + count);
        }
    }

    /** @return a page of a query that did not count its matches */
    public static RunPage uncounted(List<RunRecord> runs, String nextPageToken) {
        return new RunPage(runs, nextPageToken, NOT_COUNTED);
    }

    /** @return true when there is another page */
    public boolean hasNext() {
        return nextPageToken != null;
    }

    /** @return whether the query asked for a count, so that {@link #count()} is known */
    public boolean counted() {
        return count != NOT_COUNTED;
    }

    /**
     * @return how many runs match the query in all
     * @throws IllegalStateException if the query did not ask for a count ({@link RunQuery.Builder#countMatches()})
     */
    @Override
    public long count() {
        if (count == NOT_COUNTED) {
            throw new IllegalStateException("count was not requested: build the query with countMatches()"
                    + " (RunQuery.Builder#countMatches or RunQuery#withCountMatches(true)) to count every match");
        }
        return count;
    }
}
