package io.mllifecycle.store;

import java.util.List;

/**
 * One page of a run search.
 *
 * @param runs          the runs of this page, in query order
 * @param nextPageToken token for the next page, or null when this is the last
 */
public record RunPage(List<RunRecord> runs, String nextPageToken) {
    public RunPage {
        runs = Copies.list("runs", runs);
    }

    /** @return true when there is another page */
    public boolean hasNext() {
        return nextPageToken != null;
    }
}
