package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.MetricFilter.Comparison;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What PostgreSQL could get wrong that the in-memory store cannot: sizes, precision, large batches. */
class PostgresSpecificsTest {
    private final TestDatabase db = new TestDatabase();
    private JdbcStore store;
    private String experiment;

    @BeforeEach
    void open() {
        store = db.openNew();
        experiment = store.tracking().createExperiment("churn", "", Map.of(), Instant.EPOCH).id();
    }

    @AfterEach
    void close() {
        store.close();
        db.dropAll();
    }

    private RunRecord run(String name, Instant start) {
        return store.tracking().createRun(new NewRun(experiment, null, name, Map.of(), start, RunSource.unknown()));
    }

    @Test
    @DisplayName("param and tag values of the longest allowed length in multi-byte characters are stored and searchable")
    void longMultiByteValues_storedAndSearched() {
        String longParam = "é".repeat(6000);
        String longTag = "€".repeat(8000);
        RunRecord r = run("long", Instant.EPOCH);
        run("other", Instant.EPOCH);
        store.tracking().logParams(r.id(), Map.of("blob", longParam));
        store.tracking().setTags(r.id(), Map.of("note", longTag));
        List<RunRecord> found = store.tracking().searchRuns(RunQuery.builder(experiment).param("blob", longParam)
                .tag("note", longTag).build()).runs();
        assertThat(found).extracting(RunRecord::id).containsExactly(r.id());
    }

    @Test
    @DisplayName("instants keep their nanoseconds, which timestamptz would cut to microseconds")
    void instants_exactToTheNanosecond() {
        Instant start = Instant.parse("2026-03-04T05:06:07.123456789Z");
        RunRecord r = run("precise", start);
        store.tracking().logMetrics(r.id(), List.of(new MetricPoint("loss", 0.5, 1, start.plusNanos(1))));
        RunRecord back = store.tracking().getRun(r.id());
        assertThat(back.startTime()).isEqualTo(start);
        assertThat(back.latestMetrics().get("loss").timestamp()).isEqualTo(start.plusNanos(1));
    }

    @Test
    @DisplayName("a batch of 20 000 points is appended in order and the latest value follows the greatest step")
    void largeBatch_inOrder() {
        RunRecord r = run("big", Instant.EPOCH);
        List<MetricPoint> batch = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            batch.add(new MetricPoint(i % 2 == 0 ? "loss" : "auc", i, 20_000 - i, Instant.EPOCH));
        }
        store.tracking().logMetrics(r.id(), batch);
        List<MetricPoint> loss = store.tracking().metricHistory(r.id(), "loss", Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(loss).hasSize(10_000);
        assertThat(loss).extracting(MetricPoint::value).isSorted();
        assertThat(store.tracking().latestMetrics(r.id()).get("loss").value()).isEqualTo(0.0);
        assertThat(store.tracking().latestMetrics(r.id()).get("auc").step()).isEqualTo(19_999);
    }

    @Test
    @DisplayName("search filters and order run in SQL across pages: threshold, order by metric, missing values last")
    void search_thresholdOrderAndPages() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            RunRecord r = run("r" + i, Instant.EPOCH.plusSeconds(i));
            store.tracking().logParams(r.id(), Map.of("depth", i % 3 == 0 ? "6" : "4"));
            if (i % 5 != 0) {
                store.tracking().logMetrics(r.id(), List.of(new MetricPoint("auc", (i * 7 % 30) / 30.0, 1, Instant.EPOCH)));
            }
        }
        RunQuery q = RunQuery.builder(experiment).param("depth", "6").metric("auc", Comparison.AT_LEAST, 0.2)
                .orderBy("auc", false).pageSize(2).build();
        List<RunRecord> all = new ArrayList<>();
        String token = null;
        do {
            var page = store.tracking().searchRuns(q.withPageToken(token));
            all.addAll(page.runs());
            token = page.nextPageToken();
        } while (token != null);
        for (RunRecord r : all) {
            assertThat(r.params().get("depth")).isEqualTo("6");
            assertThat(r.latestMetrics().get("auc").value()).isGreaterThanOrEqualTo(0.2);
            expected.add(r.id());
        }
        assertThat(all).extracting(r -> r.latestMetrics().get("auc").value())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(all).hasSizeGreaterThan(2);
        assertThat(expected).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("a text value PostgreSQL cannot hold (U+0000) is a bad argument and stores nothing")
    void nulCharacter_rejected() {
        RunRecord r = run("nul", Instant.EPOCH);
        assertThatThrownBy(() -> store.tracking().logParams(r.id(), Map.of("p", "a\u0000b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logParams");
        assertThat(store.tracking().getRun(r.id()).params()).isEmpty();
    }

    @Test
    @DisplayName("a closed store fails every call with a StoreException")
    void closed_fails() {
        store.close();
        assertThatThrownBy(() -> store.tracking()).isInstanceOf(StoreException.class).hasMessageContaining("closed");
        store = db.openNew();
    }
}
