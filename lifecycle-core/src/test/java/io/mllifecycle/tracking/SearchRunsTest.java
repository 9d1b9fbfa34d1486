package io.mllifecycle.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.FilterSyntaxException;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.memory.InMemoryStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("searching runs with the filter language through the lifecycle and an experiment")
class SearchRunsTest {
    private final Lifecycle lifecycle = Lifecycle.builder().store(new InMemoryStore())
            .clock(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC)).actor("ci").build();

    /** churn: s7/d4 0.81, s7/d6 0.86, s8/d6 0.90, s7 failed 0.99; fraud: s7/d6 0.70. */
    @BeforeEach
    void seed() {
        Experiment churn = lifecycle.experiment("churn");
        finished(churn, "s7", "4", 0.81);
        finished(churn, "s7", "6", 0.86);
        finished(churn, "s8", "6", 0.90);
        try (Run failed = churn.startRun(r -> r.name("failed").tag("sweep", "s7"))) {
            failed.logMetric("val_auc", 0.99, 1);
            failed.fail(new IllegalStateException("diverged"));
        }
        finished(lifecycle.experiment("fraud"), "s7", "6", 0.70);
    }

    private static void finished(Experiment exp, String sweep, String depth, double auc) {
        try (Run run = exp.startRun(r -> r.name(sweep + "-d" + depth).tag("sweep", sweep))) {
            run.logParam("depth", depth);
            run.logMetric("val_auc", auc, 1);
        }
    }

    private static List<String> names(RunPage page) {
        return page.runs().stream().map(RunRecord::name).toList();
    }

    @Test
    @DisplayName("bestRun takes a filter: the best FINISHED run of sweep s7, not the failed one")
    void bestRun_withFilter() {
        Experiment churn = lifecycle.experiment("churn");
        assertThat(churn.bestRun("val_auc", true, "tags.sweep = 's7'")).map(RunRecord::name).contains("s7-d6");
        assertThat(churn.bestRun("val_auc", false, "tags.sweep = 's7'")).map(RunRecord::name).contains("s7-d4");
        assertThat(churn.bestRun("val_auc", true)).map(RunRecord::name).contains("s8-d6");
        assertThat(churn.bestRun("val_auc", true, "tags.sweep = 's9'")).isEmpty();
    }

    @Test
    @DisplayName("an experiment searches its own runs by filter and order")
    void experiment_searchRuns() {
        Experiment churn = lifecycle.experiment("churn");
        RunPage page = churn.searchRuns("params.depth = '6'");
        assertThat(names(page)).containsExactly("s7-d6", "s8-d6");
        assertThat(page.counted()).as("a search counts only on request").isFalse();
        assertThat(churn.countRuns("params.depth = '6'")).isEqualTo(2);
        assertThat(churn.searchRuns(q -> q.filter("params.depth = '6'").countMatches()).count()).isEqualTo(2);
        assertThat(names(churn.searchRuns("metrics.val_auc > 0.8", "metrics.val_auc DESC")))
                .containsExactly("failed", "s8-d6", "s7-d6", "s7-d4");
    }

    @Test
    @DisplayName("the lifecycle searches several named experiments or all of them, and pages on with the token")
    void lifecycle_searchRuns() {
        assertThat(names(lifecycle.searchRuns("tags.sweep = 's7' and params.depth = '6'", "metrics.val_auc DESC",
                "churn", "fraud"))).containsExactly("s7-d6", "s7-d6");
        assertThat(lifecycle.searchRuns("", "").counted()).isFalse();
        assertThat(lifecycle.countRuns("")).isEqualTo(5);
        assertThat(lifecycle.countRuns("params.depth = '6'", "churn", "fraud")).isEqualTo(3);
        RunQuery q = RunQuery.builder().experiments(lifecycle.experimentIds("churn", "fraud"))
                .filter("attributes.status = 'FINISHED'").order("metrics.val_auc ASC").pageSize(3).countMatches().build();
        RunPage first = lifecycle.searchRuns(q);
        RunPage second = lifecycle.searchRuns(q.withPageToken(first.nextPageToken()));
        assertThat(names(first)).containsExactly("s7-d6", "s7-d4", "s7-d6");
        assertThat(names(second)).containsExactly("s8-d6");
        assertThat(second.count()).isEqualTo(4);
        assertThat(second.hasNext()).isFalse();
    }

    @Test
    @DisplayName("a bad filter or an unknown experiment is refused with the position or the name")
    void badInput() {
        assertThatThrownBy(() -> lifecycle.experiment("churn").searchRuns("metrics.val_auc LIKE 'x'"))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessageStartingWith("LIKE does not apply to metric 'val_auc', which is numeric");
        assertThatThrownBy(() -> lifecycle.searchRuns("", "", "nope")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> lifecycle.searchRuns(null, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filter");
        assertThatThrownBy(() -> lifecycle.experiment("churn").bestRun("val_auc", true, "tags.sweep = s7"))
                .isInstanceOf(FilterSyntaxException.class).hasMessageContaining("expected a quoted string");
    }
}
