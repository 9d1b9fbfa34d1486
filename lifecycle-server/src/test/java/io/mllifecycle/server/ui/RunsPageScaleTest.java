package io.mllifecycle.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.server.Role;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.spi.RunSearch;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs table over 10^5 runs of the in-memory store: first page, a page in the middle (keyset token,
 * nothing before it is rendered or skipped through), a filtered and sorted page. Each is timed over HTTP
 * beside a baseline measured in the same run — the store's own {@code searchRuns} for the same query —
 * so the figure shows what the page adds. Figures go to the log and {@code target/webui-scale.txt};
 * nothing asserts on time, the test checks the pages are right.
 */
@DisplayName("runs table at 10^5 runs")
class RunsPageScaleTest {
    private static final Logger LOG = LoggerFactory.getLogger(RunsPageScaleTest.class);
    private static final int RUNS = 100_000;
    private static Lifecycle lifecycle;
    private static UiServer ui;
    private static String cookie;
    private static String experiment;

    @BeforeAll
    static void start() throws Exception {
        lifecycle = Lifecycle.open("mem:scale");
        LifecycleStore store = lifecycle.store();
        experiment = store.tracking().createExperiment("scale", "", Map.of(), Instant.EPOCH).id();
        Random r = new Random(11);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < RUNS; i++) {
            Instant at = t0.plusSeconds(i);
            RunRecord run = store.tracking().createRun(new NewRun(experiment, null, String.format(Locale.ROOT, "r%06d", i),
                    Map.of(), at, RunSource.unknown()));
            store.tracking().logParams(run.id(), Map.of("depth", Integer.toString(i % 10)));
            store.tracking().logMetrics(run.id(), List.of(new MetricPoint("auc", r.nextDouble(), 0, at),
                    new MetricPoint("loss", r.nextDouble(), 0, at)));
            store.tracking().endRun(run.id(), RunStatus.FINISHED, at.plusSeconds(1), null);
        }
        ui = new UiServer(lifecycle, Files.createTempDirectory("webui-scale"), b -> { });
        cookie = ui.login(Role.READER);
    }

    @AfterAll
    static void stop() {
        ui.close();
        lifecycle.close();
    }

    /** Median of 7 timings after 3 warm-up calls, in milliseconds. */
    private static double median(Supplier<?> call) {
        for (int i = 0; i < 3; i++) {
            call.get();
        }
        double[] ms = new double[7];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    @Test
    @DisplayName("first, middle and filtered pages are right; their times beside the store's search")
    void pages_at_scale() throws Exception {
        String base = "/ui/runs?experiment=" + experiment;
        HttpResponse<String> first = ui.get(base, cookie);
        assertThat(first.body()).contains("Runs 1&ndash;50 of 100000 matching.").contains(">r000000<")
                .contains(">r000049<").doesNotContain(">r000050<");

        RunQuery byAuc = RunQuery.builder(experiment).order("metrics.auc DESC").pageSize(50).build();
        // the token a reader holds after paging to the middle: after the 50 000th run in this order
        List<RunRecord> all = new ArrayList<>();
        RunQuery big = RunQuery.builder(experiment).order("metrics.auc DESC").pageSize(RunQuery.MAX_PAGE_SIZE).build();
        while (true) {
            var page = lifecycle.store().tracking().searchRuns(big);
            all.addAll(page.runs());
            if (!page.hasNext()) {
                break;
            }
            big = big.withPageToken(page.nextPageToken());
        }
        assertThat(all).hasSize(RUNS);
        RunRecord at = all.get(RUNS / 2 - 1);
        String token = RunSearch.token(byAuc, RunSearch.sortKey(byAuc, at), at.id());
        String middle = base + "&order=" + UiLinks.enc("metrics.auc DESC") + "&page=" + token + "&pn=1001";
        HttpResponse<String> mid = ui.get(middle, cookie);
        assertThat(mid.statusCode()).isEqualTo(200);
        assertThat(mid.body()).contains("Runs 50001&ndash;50050 of 100000 matching.")
                .contains(">" + all.get(RUNS / 2).name() + "<").contains(">" + all.get(RUNS / 2 + 49).name() + "<")
                .doesNotContain(">" + at.name() + "<").contains("class=\"next\"");

        String filtered = base + "&filter=" + UiLinks.enc("params.depth = '3' and metrics.auc > 0.5") + "&order="
                + UiLinks.enc("metrics.loss ASC");
        HttpResponse<String> f = ui.get(filtered, cookie);
        long matching = all.stream().filter(x -> x.params().get("depth").equals("3")
                && x.latestMetrics().get("auc").value() > 0.5).count();
        assertThat(f.body()).contains("of " + matching + " matching.");

        RunQuery storeFirst = RunQuery.builder(experiment).pageSize(50).build();
        RunQuery storeMiddle = byAuc.withPageToken(token);
        RunQuery storeFiltered = RunQuery.builder(experiment).filter("params.depth = '3' and metrics.auc > 0.5")
                .order("metrics.loss ASC").pageSize(50).build();
        var tracking = lifecycle.store().tracking();
        String figures = String.format(Locale.ROOT, "runs table over %d runs (in-memory store), median of 7, ms:%n"
                        + "  first page      store.searchRuns %.1f   /ui/runs page %.1f%n"
                        + "  page 1001       store.searchRuns %.1f   /ui/runs page %.1f%n"
                        + "  filter + sort   store.searchRuns %.1f   /ui/runs page %.1f%n", RUNS,
                median(() -> tracking.searchRuns(storeFirst)), median(() -> ui.get(base, cookie)),
                median(() -> tracking.searchRuns(storeMiddle)), median(() -> ui.get(middle, cookie)),
                median(() -> tracking.searchRuns(storeFiltered)), median(() -> ui.get(filtered, cookie)));
        // the same first page rendered in-process, without HTTP: what the page itself costs beyond the search
        Views views = new Views(lifecycle);
        WebUi.Request req = new WebUi.Request("/runs", WebUi.parseForm("experiment=" + experiment),
                new io.mllifecycle.server.Principal("reader", Role.READER, false));
        figures += String.format(Locale.ROOT, "  first page in-process: store.searchRuns %.1f   Views.render %.1f%n",
                median(() -> tracking.searchRuns(storeFirst)), median(() -> views.render(req)));
        LOG.info("{}", figures);
        Files.writeString(Path.of("target/webui-scale.txt"), figures, StandardCharsets.UTF_8);
    }
}
