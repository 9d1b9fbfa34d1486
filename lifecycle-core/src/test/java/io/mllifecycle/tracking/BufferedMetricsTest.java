package io.mllifecycle.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.LifecycleException;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.OutcomeUnknownException;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.TrackingStore;
import io.mllifecycle.testing.TestStores;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("buffered metric logging: batches from a background writer, back-pressure, errors surface")
class BufferedMetricsTest {
    private final LifecycleStore real = TestStores.newStore();
    /** Runs before each {@code logMetrics} of the buffer's writer; a test blocks or fails it. */
    private volatile Hook hook = (runId, points, requestId) -> { };
    private final List<String> requestIds = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    interface Hook {
        void before(String runId, List<MetricPoint> points, String requestId) throws Exception;
    }

    /** The test store, with the three-argument logMetrics (the buffer's only write) passing through the hook. */
    private final LifecycleStore store = LifecycleStore.of(tracking(real.tracking()), real.registry(),
            real.artifacts(), null);

    private TrackingStore tracking(TrackingStore delegate) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("logMetrics") && args.length == 3) {
                @SuppressWarnings("unchecked")
                List<MetricPoint> points = (List<MetricPoint>) args[1];
                requestIds.add((String) args[2]);
                hook.before((String) args[0], points, (String) args[2]);
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (TrackingStore) Proxy.newProxyInstance(TrackingStore.class.getClassLoader(),
                new Class<?>[] {TrackingStore.class}, h);
    }

    private Lifecycle buffered(int size, Duration interval) {
        return Lifecycle.builder().store(store).metricLogging(MetricLogging.BUFFERED).metricBufferSize(size)
                .metricFlushInterval(interval).build();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }

    private List<MetricPoint> stored(String runId, String key) {
        return real.tracking().metricHistory(runId, key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static List<Thread> writers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mllifecycle-metric-writer-")).toList();
    }

    @Test
    @DisplayName("points wait in the buffer until flush; then history and latest metrics have them in call order")
    void flush_writesPendingPointsInOrder() {
        Lifecycle lifecycle = buffered(10_000, Duration.ofMinutes(1));
        String id;
        try (Run run = lifecycle.experiment("e").startRun()) {
            id = run.id();
            assertThat(run.metricLogging()).isEqualTo(MetricLogging.BUFFERED);
            for (int step = 0; step < 100; step++) {
                run.logMetric("loss", 1.0 / (step + 1), step);
                run.logMetrics(Map.of("acc", step / 100.0), step);
            }
            assertThat(stored(run.id(), "loss")).as("nothing written before the interval or a flush").isEmpty();
            assertThat(real.tracking().latestMetrics(run.id())).isEmpty();
            run.flush();
            assertThat(stored(run.id(), "loss")).extracting(MetricPoint::step)
                    .containsExactly(LongStream.range(0, 100).boxed().toArray(Long[]::new));
            assertThat(stored(run.id(), "acc")).hasSize(100);
            assertThat(real.tracking().latestMetrics(run.id()).get("loss").step()).isEqualTo(99);
            assertThat(requestIds).as("100 calls of two keys written in few batches").hasSizeLessThanOrEqualTo(2);
            run.logMetric("loss", 0.001, 100);
        }
        lifecycle.close();
        assertThat(real.tracking().getRun(id).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(stored(id, "loss")).hasSize(101);
    }

    @Test
    @DisplayName("close writes what is pending before ending the run")
    void close_writesPendingPoints() {
        Lifecycle lifecycle = buffered(10_000, Duration.ofMinutes(1));
        Run run = lifecycle.experiment("e").startRun();
        run.logMetric("loss", 0.5, 1).logMetric("loss", 0.4, 2);
        run.close();
        assertThat(stored(run.id(), "loss")).extracting(MetricPoint::value).containsExactly(0.5, 0.4);
        assertThat(real.tracking().getRun(run.id()).status()).isEqualTo(RunStatus.FINISHED);
        assertThatThrownBy(() -> run.logMetric("loss", 0.3, 3)).isInstanceOf(ConflictException.class)
                .hasMessageContaining(run.id());
        lifecycle.close();
    }

    @Test
    @DisplayName("the interval writes points without a flush, from one named daemon thread that close stops")
    void interval_writesInTheBackground_andCloseStopsTheWriter() throws Exception {
        List<Thread> before = writers();
        Lifecycle lifecycle = buffered(10_000, Duration.ofMillis(20));
        Run run = lifecycle.experiment("e").startRun();
        run.logMetric("loss", 0.5, 1);
        await(() -> stored(run.id(), "loss").size() == 1, "the writer wrote the point");
        List<Thread> mine = writers().stream().filter(t -> !before.contains(t)).toList();
        assertThat(mine).as("one writer thread for the lifecycle").hasSize(1)
                .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
        Run other = lifecycle.experiment("e").startRun();
        other.logMetric("loss", 0.7, 1);
        lifecycle.close(); // writes what is pending and stops the thread
        assertThat(stored(other.id(), "loss")).hasSize(1);
        assertThat(mine.get(0).isAlive()).as("the lifecycle's writer thread ended on close").isFalse();
        assertThatThrownBy(() -> other.logMetric("loss", 0.6, 2)).isInstanceOf(LifecycleException.class)
                .hasMessageContaining("lifecycle is closed").hasMessageContaining("loss@2");
    }

    @Test
    @DisplayName("a full buffer makes the caller wait until the writer made room; nothing is dropped")
    void fullBuffer_blocksTheCaller_neverDrops() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        hook = (runId, points, id) -> {
            writes.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
        };
        Lifecycle lifecycle = buffered(10, Duration.ofMillis(5));
        Run run = lifecycle.experiment("e").startRun();
        Future<?> producer = pool.submit(() -> {
            for (int step = 0; step < 50; step++) {
                run.logMetric("loss", step, step);
            }
            return null;
        });
        await(() -> writes.get() == 1, "the writer took a batch and is stuck in the store");
        Thread.sleep(50);
        assertThat(producer.isDone()).as("the producer waits while the buffer is full").isFalse();
        assertThat(stored(run.id(), "loss")).isEmpty();
        release.countDown();
        producer.get(30, TimeUnit.SECONDS);
        run.close();
        assertThat(stored(run.id(), "loss")).extracting(MetricPoint::step)
                .containsExactly(LongStream.range(0, 50).boxed().toArray(Long[]::new));
        lifecycle.close();
    }

    @Test
    @DisplayName("an interrupt while waiting for room fails that call, keeps the flag, and logs nothing of it")
    void interruptWhileWaiting_failsTheCallWithTheFlagKept() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        hook = (runId, points, id) -> {
            stuck.countDown();
            release.await(30, TimeUnit.SECONDS);
        };
        Lifecycle lifecycle = buffered(3, Duration.ofMillis(5));
        Run run = lifecycle.experiment("e").startRun();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        AtomicInteger accepted = new AtomicInteger();
        Thread producer = new Thread(() -> {
            try {
                for (int step = 0; step < 100; step++) {
                    run.logMetric("loss", step, step);
                    accepted.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failure.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        producer.start();
        assertThat(stuck.await(30, TimeUnit.SECONDS)).isTrue();
        await(() -> producer.getState() == Thread.State.WAITING, "the producer waits for room");
        producer.interrupt();
        producer.join(30_000);
        assertThat(failure.get()).isInstanceOf(LifecycleException.class)
                .hasMessageContaining("interrupted while waiting for room").hasMessageContaining("loss@" + accepted.get())
                .hasMessageContaining("interrupt flag is kept");
        assertThat(flag.get()).isTrue();
        release.countDown();
        run.close();
        assertThat(stored(run.id(), "loss")).extracting(MetricPoint::step)
                .containsExactly(LongStream.range(0, accepted.get()).boxed().toArray(Long[]::new));
        lifecycle.close();
    }

    @Test
    @DisplayName("a failed background write surfaces on the next call and on close, naming the points")
    void writerError_surfacesOnNextCallAndOnClose() throws Exception {
        CountDownLatch thrown = new CountDownLatch(1);
        hook = (runId, points, id) -> {
            if (points.stream().anyMatch(p -> p.key().equals("bad"))) {
                thrown.countDown();
                throw new StoreException("simulated store failure");
            }
        };
        List<Thread> before = writers();
        Lifecycle lifecycle = buffered(10_000, Duration.ofMillis(5));
        Run run = lifecycle.experiment("e").startRun();
        run.logMetrics(List.of(new MetricPoint("bad", 1, 7, java.time.Instant.EPOCH),
                new MetricPoint("bad", 2, 8, java.time.Instant.EPOCH)));
        assertThat(thrown.await(30, TimeUnit.SECONDS)).as("the background writer tried").isTrue();
        Thread writer = writers().stream().filter(t -> !before.contains(t)).findFirst().orElseThrow();
        // back in its timed wait: the failed drain is over and recorded
        await(() -> writer.getState() == Thread.State.TIMED_WAITING, "the writer finished the failed drain");
        assertThatThrownBy(() -> run.logMetric("loss", 0.5, 9)).isInstanceOf(MetricWriteException.class)
                .hasMessageContaining("bad@7, bad@8").hasMessageContaining("simulated store failure")
                .satisfies(e -> assertThat(((MetricWriteException) e).unwritten()).extracting(MetricPoint::step)
                        .containsExactly(7L, 8L));
        run.logMetric("loss", 0.5, 9); // reported once; logging goes on
        assertThatThrownBy(run::close).isInstanceOf(MetricWriteException.class).hasMessageContaining("bad@7");
        assertThat(real.tracking().getRun(run.id()).status()).as("the run still ended").isEqualTo(RunStatus.FINISHED);
        assertThat(stored(run.id(), "loss")).hasSize(1);
        assertThat(stored(run.id(), "bad")).isEmpty();
        lifecycle.close();
    }

    @Test
    @DisplayName("flush reports a failure of its own write at once")
    void flush_reportsItsOwnFailure() {
        hook = (runId, points, id) -> {
            throw new StoreException("disk full");
        };
        Lifecycle lifecycle = buffered(10_000, Duration.ofMinutes(1));
        Run run = lifecycle.experiment("e").startRun();
        run.logMetric("loss", 0.5, 3);
        assertThatThrownBy(run::flush).isInstanceOf(MetricWriteException.class).hasMessageContaining("loss@3")
                .hasMessageContaining("disk full").hasMessageContaining(run.id());
        hook = (runId, points, id) -> { };
        lifecycle.close();
    }

    @Test
    @DisplayName("a batch whose outcome is unknown is repeated with the same request id, so it is stored once")
    void outcomeUnknown_isRetriedWithTheSameRequestId() {
        AtomicInteger calls = new AtomicInteger();
        hook = (runId, points, id) -> {
            if (calls.incrementAndGet() == 1) {
                real.tracking().logMetrics(runId, points, id); // committed, but the reply is "lost"
                throw new OutcomeUnknownException("connection reset after COMMIT", null);
            }
        };
        Lifecycle lifecycle = buffered(10_000, Duration.ofMinutes(1));
        Run run = lifecycle.experiment("e").startRun();
        run.logMetric("loss", 0.5, 1).logMetric("loss", 0.4, 2);
        run.flush();
        assertThat(requestIds).hasSize(2).containsOnly(requestIds.get(0));
        if (!TestStores.kind().equals("mem")) { // the in-memory store ignores request ids (documented default)
            assertThat(stored(run.id(), "loss")).extracting(MetricPoint::step).containsExactly(1L, 2L);
        }
        lifecycle.close();
    }

    @Test
    @DisplayName("several threads on several runs through a small buffer: every point stored, in step order per key")
    void concurrentRuns_smallBuffer_allPointsInOrder() throws Exception {
        Lifecycle lifecycle = buffered(64, Duration.ofMillis(10));
        Experiment exp = lifecycle.experiment("e");
        List<Future<String>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            runs.add(pool.submit(() -> {
                try (Run run = exp.startRun()) {
                    for (int step = 0; step < 300; step++) {
                        run.logMetric("loss", step, step);
                        if (step % 3 == 0) {
                            run.logMetrics(Map.of("a", 1.0, "b", 2.0), step);
                        }
                    }
                    return run.id();
                }
            }));
        }
        for (Future<String> f : runs) {
            String id = f.get(60, TimeUnit.SECONDS);
            assertThat(stored(id, "loss")).extracting(MetricPoint::step)
                    .containsExactly(LongStream.range(0, 300).boxed().toArray(Long[]::new));
            assertThat(stored(id, "a")).hasSize(100);
        }
        lifecycle.close();
    }

    @Test
    @DisplayName("the lifecycle's mode can be overridden per run, both ways")
    void perRunOverride() {
        Lifecycle direct = Lifecycle.builder().store(store).build();
        try (Run run = direct.experiment("e").startRun(r -> r.metricLogging(MetricLogging.BUFFERED))) {
            assertThat(run.metricLogging()).isEqualTo(MetricLogging.BUFFERED);
            run.logMetric("loss", 0.5, 1);
            assertThat(stored(run.id(), "loss")).isEmpty();
        }
        try (Run run = direct.experiment("e").startRun()) {
            assertThat(run.metricLogging()).isEqualTo(MetricLogging.DIRECT);
            run.logMetric("loss", 0.5, 1);
            assertThat(stored(run.id(), "loss")).hasSize(1);
        }
        Lifecycle buffered = buffered(100, Duration.ofMinutes(1));
        try (Run run = buffered.experiment("e").startRun(r -> r.metricLogging(MetricLogging.DIRECT))) {
            run.logMetric("loss", 0.5, 1);
            assertThat(stored(run.id(), "loss")).hasSize(1);
        }
        direct.close();
        buffered.close();
    }

    @Test
    @DisplayName("bad settings are refused, naming the setting and the value")
    void badSettings() {
        assertThatThrownBy(() -> Lifecycle.builder().metricBufferSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metricBufferSize").hasMessageContaining("but was 0");
        assertThatThrownBy(() -> Lifecycle.builder().metricFlushInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metricFlushInterval")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> Lifecycle.builder().metricLogging(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metricLogging");
        Lifecycle lifecycle = buffered(100, Duration.ofMinutes(1));
        try (Run run = lifecycle.experiment("e").startRun()) {
            assertThatThrownBy(() -> run.logMetric("loss", Double.NaN, 4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'loss'").hasMessageContaining("step 4");
            assertThatThrownBy(() -> run.logMetrics(java.util.Arrays.asList((MetricPoint) null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("points[0]");
        }
        lifecycle.close();
    }
}
