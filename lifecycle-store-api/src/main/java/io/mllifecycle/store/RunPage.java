package io.mllifecycle.store;

import java.util.List;

/**
 * One page of a run search.
 *
 * @param runs          the runs of this page, in query order
 * @param nextPageToken token for the next page, or null when this is the last
 * @param count         how many runs match the query in all (every page), counted when this page was read
 */
public record RunPage(List<RunRecord> runs, String nextPageToken, long count) {
    public RunPage {
        runs = Copies.list("runs", runs);
        if (count < runs.size()) {
            throw new IllegalArgumentException("count must be at least the " + runs.size()
                    + " runs of the page, but was " + count);
        }
    }

    /** @return true when there is another page */
    public boolean hasNext() {
        return nextPageToken != null;
    }
}
