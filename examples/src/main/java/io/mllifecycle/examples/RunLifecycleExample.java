package io.mllifecycle.examples;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.tracking.PurgePlan;
import io.mllifecycle.tracking.PurgeResult;
import java.time.Duration;
import java.util.List;

/**
 * Deleting, restoring and purging runs and reaping stale ones, as in the README's "Deleting and purging runs"
 * section: the code between the {@code README} markers is the README's snippet ({@code ReadmeSnippetsTest}
 * checks).
 */
public final class RunLifecycleExample {
    private RunLifecycleExample() {}

    /** What the snippet saw, for the test to check. */
    public record Outcome(RunPage deleted, PurgePlan plan, List<String> kept, PurgeResult purged,
                          List<RunRecord> reaped) {}

    /** Runs the README's snippet on the run {@code runId} of the experiment "scratch". */
    public static Outcome run(Lifecycle lifecycle, String runId) {
        // README: run lifecycle
        lifecycle.deleteRun(runId);                                    // hidden from searches, restorable
        RunPage deleted = lifecycle.searchRuns(RunQuery.builder().viewType(ViewType.DELETED_ONLY).build());
        lifecycle.restoreRun(runId);
        lifecycle.deleteExperiment("scratch");                         // hides its runs, takes no new ones
        PurgePlan plan = lifecycle.planPurge(Duration.ofDays(30));     // dry run: what, bytes freed, what is kept
        List<String> kept = plan.skipped().stream().map(c -> c.name() + ": " + c.skipReason()).toList();
        PurgeResult purged = plan.apply();                             // rechecks, purges, frees unshared blobs
        List<RunRecord> reaped = lifecycle.reapStaleRuns(Duration.ofHours(1)); // RUNNING, silent 1 h: KILLED
        // README: end
        return new Outcome(deleted, plan, kept, purged, reaped);
    }
}
