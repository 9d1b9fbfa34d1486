package io.mllifecycle.store.tck;

import static io.mllifecycle.store.tck.Fixtures.at;
import static io.mllifecycle.store.tck.Fixtures.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RunAttribute;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.RunStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The search language on a store: filter strings in MLflow's syntax, several order keys, one, several
 * or all experiments, keyset paging with a count. Expected results are written out by hand for a fixed
 * set of runs (not computed by the reference evaluation), so the in-memory store is checked too.
 *
 * <p>The runs, in start order: in experiment {@code churn} {@code a b c d e} ({@code e} a child of
 * {@code a}), in {@code fraud} {@code f}:
 * <pre>
 * run status   params                     tags                              auc    loss  "val loss"
 * a   FINISHED model=cnn depth=6          team=risk_ml  mllifecycle.user=ana 0.91   0.2
 * b   FINISHED model=gbm depth=4          team=risk%                         0.85
 * c   RUNNING  model=CNN-large depth=6    team=growth   mllifecycle.user=bo  0.85   0.3
 * d   FAILED   model=gbm                                                     —
 * e   KILLED   depth=8                    team=Risk                          -1.5          0.5
 * f   RUNNING  model=cnn depth=6          team=risk                          0.99
 * </pre>
 */
public abstract class RunSearchCompatibilityKit extends StoreCompatibilitySupport {
    private String churn;
    private String fraud;
    private final Map<String, RunRecord> byName = new LinkedHashMap<>();
    private final Map<String, String> nameById = new HashMap<>();

    private void seed() {
        churn = Fixtures.experiment(store(), "churn").id();
        fraud = Fixtures.experiment(store(), "fraud").id();
        RunRecord a = create(churn, null, "a", 1, Map.of("model", "cnn", "depth", "6"),
                Map.of("team", "risk_ml", RunAttribute.USER_TAG, "ana"), Map.of("auc", 0.91, "loss", 0.2));
        create(churn, null, "b", 2, Map.of("model", "gbm", "depth", "4"), Map.of("team", "risk%"),
                Map.of("auc", 0.85));
        create(churn, null, "c", 3, Map.of("model", "CNN-large", "depth", "6"),
                Map.of("team", "growth", RunAttribute.USER_TAG, "bo"), Map.of("auc", 0.85, "loss", 0.3));
        create(churn, null, "d", 4, Map.of("model", "gbm"), Map.of(), Map.of());
        create(churn, a.id(), "e", 5, Map.of("depth", "8"), Map.of("team", "Risk"),
                Map.of("auc", -1.5, "val loss", 0.5));
        create(fraud, null, "f", 6, Map.of("model", "cnn", "depth", "6"), Map.of("team", "risk"), Map.of("auc", 0.99));
        end("a", RunStatus.FINISHED, 100);
        end("b", RunStatus.FINISHED, 101);
        end("d", RunStatus.FAILED, 103);
        end("e", RunStatus.KILLED, 104);
    }

    private RunRecord create(String experiment, String parent, String name, long start, Map<String, String> params,
                             Map<String, String> tags, Map<String, Double> metrics) {
        RunRecord r = tracking().createRun(new NewRun(experiment, parent, name, tags, at(start), RunSource.unknown()));
        if (!params.isEmpty()) {
            tracking().logParams(r.id(), params);
        }
        List<io.mllifecycle.store.MetricPoint> points = new ArrayList<>();
        metrics.forEach((k, v) -> {
            points.add(point(k, 7.0, 0));
            points.add(point(k, v, 1));
        });
        tracking().logMetrics(r.id(), points);
        byName.put(name, r);
        nameById.put(r.id(), name);
        return r;
    }

    private void end(String name, RunStatus status, long second) {
        tracking().endRun(byName.get(name).id(), status, at(second), status == RunStatus.FAILED ? "boom" : null);
    }

    private String id(String name) {
        return byName.get(name).id();
    }

    /**
     * @return the names of every run the query finds, over all pages of {@code pageSize}, checking the count
     *     and that the first page without a count has the same runs and token
     */
    private List<String> names(Function<RunQuery.Builder, RunQuery.Builder> query, int pageSize) {
        RunQuery q = query.apply(RunQuery.builder()).pageSize(pageSize).countMatches().build();
        RunPage page = tracking().searchRuns(q);
        RunPage uncounted = tracking().searchRuns(q.withCountMatches(false));
        assertThat(uncounted.counted()).as("counted() of %s without countMatches", q).isFalse();
        assertThat(uncounted.runs()).as("runs of %s without a count", q).isEqualTo(page.runs());
        assertThat(uncounted.nextPageToken()).as("token of %s without a count", q).isEqualTo(page.nextPageToken());
        long count = page.count();
        List<String> out = new ArrayList<>();
        while (true) {
            assertThat(page.count()).as("count on every page of %s", q).isEqualTo(count);
            page.runs().forEach(r -> out.add(nameById.get(r.id())));
            if (!page.hasNext()) {
                break;
            }
            assertThat(page.runs()).as("a page before the last is full").hasSize(pageSize);
            page = tracking().searchRuns(q.withPageToken(page.nextPageToken()));
        }
        assertThat(count).as("count of %s", q).isEqualTo(out.size());
        return out;
    }

    private List<String> churn(String filter) {
        return names(b -> b.experiments(churn).filter(filter), 100);
    }

    private DynamicTest filter(String filter, String... expected) {
        return DynamicTest.dynamicTest(filter + " → " + String.join(" ", expected),
                () -> assertThat(churn(filter)).containsExactly(expected));
    }

    @TestFactory
    @DisplayName("filter strings select the runs MLflow's semantics select")
    Stream<DynamicTest> filters() {
        seed();
        return Stream.of(
                filter("", "a", "b", "c", "d", "e"),
                filter("metrics.auc > 0.8 and params.depth = '6'", "a", "c"),
                filter("metrics.auc = 0.85", "b", "c"),
                filter("metrics.auc != 0.85", "a", "e"),
                filter("metrics.auc < 0", "e"),
                filter("metrics.auc >= 0.91 AND metrics.auc <= 0.91", "a"),
                filter("metrics.`val loss` = 0.5", "e"),
                filter("metrics.\"val loss\" < 1", "e"),
                filter("params.model = \"gbm\"", "b", "d"),
                filter("params.model != 'gbm'", "a", "c"),
                filter("tags.team LIKE 'risk%'", "a", "b"),
                filter("tags.team ILIKE 'RISK%'", "a", "b", "e"),
                filter("tags.team LIKE 'risk\\%'", "b"),
                filter("tags.team LIKE 'risk_'", "b"),
                filter("tags.team LIKE 'risk\\_ml'", "a"),
                filter("tags.team LIKE '%\\_%'", "a"),
                filter("tags.team LIKE 'risk'"),
                filter("params.model LIKE '%nn%'", "a"),
                filter("params.model ILIKE 'cnn%'", "a", "c"),
                filter("params.model IN ('gbm')", "b", "d"),
                filter("params.model IN ('cnn', 'CNN-large', 'xgb')", "a", "c"),
                filter("params.model NOT IN ('gbm', 'cnn')", "c"),
                filter("params.model NOT IN ('nothing')", "a", "b", "c", "d"),
                filter("metrics.loss IS NULL", "b", "d", "e"),
                filter("metrics.loss IS NOT NULL", "a", "c"),
                filter("params.model is null", "e"),
                filter("tags.team IS NOT NULL and tags.team != 'growth'", "a", "b", "e"),
                filter("tags.mllifecycle.user = 'ana'", "a"),
                filter("attributes.status = 'FINISHED'", "a", "b"),
                filter("status IN ('FAILED', 'KILLED')", "d", "e"),
                filter("attributes.status != 'RUNNING'", "a", "b", "d", "e"),
                filter("attributes.run_name = 'c'", "c"),
                filter("run_name LIKE '_'", "a", "b", "c", "d", "e"),
                filter("attributes.user = 'ana'", "a"),
                filter("attributes.user IS NULL", "b", "d", "e"),
                filter("attributes.end_time IS NULL", "c"),
                filter("attributes.end_time >= " + at(101).toEpochMilli(), "b", "d", "e"),
                filter("attributes.start_time > " + at(3).toEpochMilli(), "d", "e"),
                filter("attributes.start_time <= " + at(3).toEpochMilli() + " and params.depth = '6'", "a", "c"),
                filter("attributes.parent_run_id IS NOT NULL", "e"),
                filter("attributes.parent_run_id = '" + id("a") + "'", "e"),
                filter("attributes.parent_run_id != 'x'", "e"),
                filter("attributes.run_id IN ('" + id("b") + "')", "b"),
                filter("attributes.run_id NOT IN ('" + id("b") + "', '" + id("c") + "')", "a", "d", "e"),
                filter("attributes.experiment_id = '" + churn + "'", "a", "b", "c", "d", "e"),
                filter("attributes.experiment_id = '" + fraud + "'"));
    }

    @Test
    @DisplayName("a search covers one experiment, several, or every experiment when none is named")
    void searchRuns_experiments() {
        seed();
        assertThat(names(b -> b.experiments(churn, fraud).filter("params.model = 'cnn'"), 100)).containsExactly("a", "f");
        assertThat(names(b -> b.experiments(fraud).filter("params.model = 'cnn'"), 100)).containsExactly("f");
        assertThat(names(b -> b.filter("params.depth = '6'"), 100)).containsExactly("a", "c", "f");
        assertThat(names(b -> b.filter("attributes.experiment_id = '" + fraud + "'"), 100)).containsExactly("f");
        assertThat(names(b -> b.experiments(fraud, churn, fraud).order("metrics.auc DESC"), 1))
                .containsExactly("f", "a", "b", "c", "e", "d");
        assertThatThrownBy(() -> tracking().searchRuns(RunQuery.builder().experiments(churn, "missing").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("missing");
    }

    @TestFactory
    @DisplayName("orders by several keys, missing keys last in both directions, ties by run id, on every page size")
    Stream<DynamicTest> orders() {
        seed();
        Map<String, List<String>> cases = new LinkedHashMap<>();
        cases.put("metrics.auc DESC", List.of("a", "b", "c", "e", "d"));
        cases.put("metrics.auc", List.of("e", "b", "c", "a", "d"));
        cases.put("metrics.loss desc", List.of("c", "a", "b", "d", "e"));
        cases.put("params.depth DESC, metrics.auc ASC", List.of("e", "c", "a", "b", "d"));
        cases.put("params.depth ASC, metrics.auc DESC", List.of("b", "a", "c", "e", "d"));
        cases.put("tags.team ASC", List.of("e", "c", "b", "a", "d"));
        cases.put("tags.team DESC", List.of("a", "b", "c", "e", "d"));
        cases.put("attributes.start_time DESC", List.of("e", "d", "c", "b", "a"));
        cases.put("attributes.end_time ASC", List.of("a", "b", "d", "e", "c"));
        cases.put("attributes.status, metrics.auc DESC", List.of("d", "a", "b", "e", "c"));
        cases.put("user DESC, run_name DESC", List.of("c", "a", "e", "d", "b"));
        cases.put("params.model, tags.team", List.of("c", "a", "b", "d", "e"));
        cases.put("metrics.missing DESC", List.of("a", "b", "c", "d", "e"));
        List<DynamicTest> tests = new ArrayList<>();
        cases.forEach((order, expected) -> {
            for (int pageSize : new int[] {1, 2, 3, 100}) {
                tests.add(DynamicTest.dynamicTest(order + ", pages of " + pageSize, () ->
                        assertThat(names(b -> b.experiments(churn).order(order), pageSize))
                                .containsExactlyElementsOf(expected)));
            }
        });
        return tests.stream();
    }

    @Test
    @DisplayName("the count is of every match, not of the page, and a page beyond a filter's last is empty")
    void searchRuns_count() {
        seed();
        RunPage page = tracking().searchRuns(RunQuery.builder(churn).filter("metrics.auc IS NOT NULL")
                .order("metrics.auc DESC").pageSize(2).countMatches().build());
        assertThat(page.runs()).hasSize(2);
        assertThat(page.count()).isEqualTo(4);
        RunPage none = tracking().searchRuns(RunQuery.builder(churn).filter("params.model = 'nothing'")
                .countMatches().build());
        assertThat(none.runs()).isEmpty();
        assertThat(none.count()).isZero();
        assertThat(none.hasNext()).isFalse();
    }

    @Test
    @DisplayName("a page is counted only when the query asks, and a token continues with or without a count")
    void searchRuns_countOnlyOnRequest() {
        seed();
        RunQuery q = RunQuery.builder(churn).filter("metrics.auc IS NOT NULL").order("metrics.auc DESC").pageSize(2)
                .build();
        assertThat(q.countMatches()).isFalse();
        RunPage page = tracking().searchRuns(q);
        assertThat(page.counted()).isFalse();
        assertThat(page.runs()).hasSize(2);
        assertThatThrownBy(page::count).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("countMatches");
        RunPage counted = tracking().searchRuns(q.withCountMatches(true).withPageToken(page.nextPageToken()));
        assertThat(counted.counted()).isTrue();
        assertThat(counted.count()).isEqualTo(4);
        assertThat(counted.runs()).extracting(r -> nameById.get(r.id())).doesNotContainAnyElementsOf(
                page.runs().stream().map(r -> nameById.get(r.id())).toList());
        assertThat(tracking().searchRuns(q.withPageToken(page.nextPageToken())).runs()).isEqualTo(counted.runs());
    }

    @Test
    @DisplayName("a page token is refused by a query with another filter, order or experiments, and kept across page sizes")
    void searchRuns_tokens() {
        seed();
        RunQuery q = RunQuery.builder(churn).filter("metrics.auc > 0").order("metrics.auc DESC").pageSize(1).build();
        String token = tracking().searchRuns(q).nextPageToken();
        assertThat(token).isNotNull();
        for (RunQuery other : List.of(
                RunQuery.builder(churn).filter("metrics.auc > 0.1").order("metrics.auc DESC").pageToken(token).build(),
                RunQuery.builder(churn).filter("metrics.auc > 0").order("metrics.auc ASC").pageToken(token).build(),
                RunQuery.builder(churn).filter("metrics.auc > 0").order("metrics.auc DESC, run_name").pageToken(token)
                        .build(),
                RunQuery.builder().experiments(churn, fraud).filter("metrics.auc > 0").order("metrics.auc DESC").pageToken(token)
                        .build(),
                RunQuery.builder().filter("metrics.auc > 0").order("metrics.auc DESC").pageToken(token).build(),
                RunQuery.builder(churn).filter("metrics.auc > 0").order("metrics.auc DESC")
                        .pageToken(token.substring(0, token.length() - 2)).build())) {
            assertThatThrownBy(() -> tracking().searchRuns(other)).as("token of %s used for %s", q, other)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageToken");
        }
        RunPage rest = tracking().searchRuns(new RunQuery(q.experimentIds(), q.filter(), q.orderBy(), 10, token));
        assertThat(rest.runs()).extracting(r -> nameById.get(r.id())).containsExactly("b", "c");
        RunQuery spelledOtherwise = RunQuery.builder(churn).filter("metrics.`auc` >  0.0").order("metrics.auc desc")
                .pageSize(1).pageToken(token).build();
        assertThat(tracking().searchRuns(spelledOtherwise).runs()).extracting(r -> nameById.get(r.id()))
                .containsExactly("b");
    }

    @Test
    @DisplayName("values with quotes, backslashes and non-ASCII letters are compared exactly")
    void searchRuns_awkwardValues() {
        seed();
        RunRecord q = create(churn, null, "q", 7, Map.of("note", "it's \\ 50% «grün»"), Map.of(), Map.of());
        assertThat(churn("params.note = 'it''s \\ 50% «grün»'")).containsExactly("q");
        assertThat(churn("params.note = \"it's \\ 50% «grün»\"")).containsExactly("q");
        assertThat(churn("params.note LIKE 'it''s \\\\ 50\\% «gr_n»'")).containsExactly("q");
        assertThat(churn("params.note ILIKE 'IT''S%«GRÜN»'")).as("ILIKE folds ASCII letters only").isEmpty();
        assertThat(churn("params.note ILIKE 'IT''S%«grün»'")).containsExactly("q");
        assertThat(q.id()).isNotNull();
    }
}
