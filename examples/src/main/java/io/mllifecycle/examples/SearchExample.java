package io.mllifecycle.examples;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.tracking.Experiment;
import io.mllifecycle.tracking.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The search language of the README's "Searching runs" section: the code between the {@code README}
 * markers is the README's snippet, character for character ({@code SearchExampleTest} checks).
 */
public final class SearchExample {
    private SearchExample() {}

    /** Tracks a small sweep in two experiments. */
    public static void sweep(Lifecycle lifecycle) {
        for (String experiment : new String[] {"churn", "fraud"}) {
            Experiment exp = lifecycle.experiment(experiment);
            for (int depth = 4; depth <= 8; depth += 2) {
                int d = depth;
                try (Run run = exp.startRun(r -> r.name("depth-" + d).tag("team", "risk-" + experiment)
                        .tag("sweep", "s7"))) {
                    run.logParam("depth", d);
                    run.logMetric("val_auc", 0.7 + d / 100.0 + (experiment.equals("fraud") ? 0.05 : 0), 1);
                }
            }
        }
    }

    /** What the README's snippet finds, for the test to check. */
    public record Found(RunPage page, long total, List<RunRecord> all, Optional<RunRecord> best) {}

    /** Runs the README's snippet. */
    public static Found search(Lifecycle lifecycle) {
        // README:search:begin
        RunPage page = lifecycle.searchRuns(
                "metrics.val_auc > 0.75 and params.depth IN ('6', '8') and tags.team LIKE 'risk%'",
                "metrics.val_auc DESC, attributes.start_time",               // several keys; missing values last
                "churn", "fraud");                                           // none named: every experiment
        long total = lifecycle.countRuns(                                 // a search counts only on request
                "metrics.val_auc > 0.75 and params.depth IN ('6', '8') and tags.team LIKE 'risk%'", "churn", "fraud");
        System.out.println(total + " runs match; first page: " + page.runs().size());

        RunQuery query = RunQuery.builder()
                .experiments(lifecycle.experimentIds("churn"))
                .filter("attributes.status = 'FINISHED' and metrics.`val_auc` IS NOT NULL")
                .order("params.depth DESC").pageSize(2).build();
        List<RunRecord> all = new ArrayList<>();
        for (RunPage p = lifecycle.searchRuns(query); ; p = lifecycle.searchRuns(query.withPageToken(p.nextPageToken()))) {
            all.addAll(p.runs());                                             // keyset pages: no repeats, no gaps
            if (!p.hasNext()) {
                break;
            }
        }

        Optional<RunRecord> best = lifecycle.experiment("churn").bestRun("val_auc", true, "tags.sweep = 's7'");
        // README:search:end
        return new Found(page, total, all, best);
    }
}
