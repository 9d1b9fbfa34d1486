package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded load on loopback: 32 clients log metrics (half single log-metric, half log-batch of 100
 * points) and 8 resolve an alias, for a fixed time (2 s here; {@code -Dlifecycle.server.loadSeconds=N}
 * for longer). Checks correctness only: every acknowledged write is in the store, nothing else is, no
 * request failed. Throughput and latency are logged for information; the speed targets are measured
 * by {@code ServerLoadBenchmark} in lifecycle-benchmarks.
 */
class LoadTest {
    private static final Logger LOG = LoggerFactory.getLogger(LoadTest.class);
    private static final int WRITERS = 32;
    private static final int RESOLVERS = 8;
    private static final int BATCH = 100;

    @TempDir
    Path dir;

    record Client(String runId, boolean batch, long[] acked, List<Long> latencies, int[] failures) {}

    @Test
    @DisplayName("32 writers and 8 resolvers on loopback: every acknowledged point is stored, no request fails")
    void everyAcknowledgedWriteIsStored() throws Exception {
        long seconds = Long.getLong("lifecycle.server.loadSeconds", 2);
        Lifecycle lifecycle = Lifecycle.open(System.getProperty("lifecycle.server.loadStore", "file:" + dir.resolve("store")));
        try (TestServer server = new TestServer(lifecycle, dir, b -> b.threads(16))) {
            var tracking = lifecycle.store().tracking();
            String exp = tracking.createExperiment("load", "", Map.of(), Instant.now()).id();
            String modelRun = tracking.createRun(new NewRun(exp, null, "model", Map.of(), Instant.now(),
                    RunSource.unknown())).id();
            server.sendBytes(Role.WRITER, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + modelRun
                    + "/artifacts/m.bin", new byte[] {1}, "application/octet-stream");
            lifecycle.models().register("m", modelRun, "m.bin", s -> { });
            lifecycle.models().model("m").setAlias("champion", 1);

            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String run = tracking.createRun(new NewRun(exp, null, "w" + i, Map.of(), Instant.now(),
                        RunSource.unknown())).id();
                clients.add(new Client(run, i % 2 == 1, new long[1], new ArrayList<>(), new int[1]));
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(4)).build();
            String writer = "Bearer " + server.tokens.get(Role.WRITER);
            String reader = "Bearer " + server.tokens.get(Role.READER);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + RESOLVERS);
            List<Future<?>> futures = new ArrayList<>();
            for (Client c : clients) {
                futures.add(pool.submit(() -> {
                    long step = 0;
                    while (!stop.get()) {
                        String body;
                        int points;
                        if (c.batch()) {
                            StringBuilder b = new StringBuilder("{\"run_id\":\"" + c.runId() + "\",\"metrics\":[");
                            for (int k = 0; k < BATCH; k++) {
                                b.append(k == 0 ? "" : ",").append("{\"key\":\"loss\",\"value\":").append(step * 0.001)
                                        .append(",\"timestamp\":").append(1_700_000_000_000L + step).append(",\"step\":")
                                        .append(step++).append('}');
                            }
                            body = b.append("]}").toString();
                            points = BATCH;
                        } else {
                            body = "{\"run_id\":\"" + c.runId() + "\",\"key\":\"loss\",\"value\":" + (step * 0.001)
                                    + ",\"timestamp\":" + (1_700_000_000_000L + step) + ",\"step\":" + (step++) + "}";
                            points = 1;
                        }
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url()
                                        + "/api/2.0/mlflow/runs/" + (c.batch() ? "log-batch" : "log-metric")))
                                .header("Authorization", writer).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        c.latencies().add(System.nanoTime() - t0);
                        if (r.statusCode() == 200) {
                            c.acked()[0] += points;
                        } else {
                            c.failures()[0]++;
                        }
                    }
                    return null;
                }));
            }
            List<Long> resolveLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
            int[] resolveFailures = new int[1];
            for (int i = 0; i < RESOLVERS; i++) {
                futures.add(pool.submit(() -> {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url()
                                        + "/api/lifecycle/v1/resolve?ref=m@champion")).header("Authorization", reader)
                                .build(), HttpResponse.BodyHandlers.ofString());
                        resolveLatencies.add(System.nanoTime() - t0);
                        if (r.statusCode() != 200 || !r.body().contains("\"version\":1")) {
                            synchronized (resolveFailures) {
                                resolveFailures[0]++;
                            }
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            stop.set(true);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            long singles = 0;
            long batched = 0;
            List<Long> singleLat = new ArrayList<>();
            List<Long> batchLat = new ArrayList<>();
            for (Client c : clients) {
                assertThat(c.failures()[0]).as("failed requests of " + c.runId()).isZero();
                List<MetricPoint> stored = tracking.metricHistory(c.runId(), "loss", Long.MIN_VALUE, Long.MAX_VALUE);
                assertThat((long) stored.size()).as("points stored for " + c.runId()).isEqualTo(c.acked()[0]);
                for (int k = 0; k < stored.size(); k++) {
                    assertThat(stored.get(k).step()).isEqualTo(k);
                }
                if (c.batch()) {
                    batched += c.acked()[0];
                    batchLat.addAll(c.latencies());
                } else {
                    singles += c.acked()[0];
                    singleLat.addAll(c.latencies());
                }
            }
            assertThat(resolveFailures[0]).isZero();
            assertThat(singles).isPositive();
            assertThat(batched).isPositive();
            LOG.info("load over {} s: log-metric {} req/s (p50 {} ms, p99 {} ms); log-batch {} points/s (p50 {} ms, p99"
                    + " {} ms); resolve {} req/s (p50 {} ms, p99 {} ms)", seconds, singles / seconds,
                    ms(singleLat, 0.5), ms(singleLat, 0.99), batched / seconds, ms(batchLat, 0.5), ms(batchLat, 0.99),
                    resolveLatencies.size() / seconds, ms(resolveLatencies, 0.5), ms(resolveLatencies, 0.99));
        }
    }

    static String ms(List<Long> nanos, double q) {
        if (nanos.isEmpty()) {
            return "-";
        }
        long[] a;
        synchronized (nanos) {
            a = nanos.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(a);
        return String.format(java.util.Locale.ROOT, "%.2f", a[(int) Math.min(a.length - 1, Math.floor(q * a.length))]
                / 1e6);
    }

}
