package io.mllifecycle.benchmarks;

import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.file.FileStore;
import io.mllifecycle.store.memory.InMemoryStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;

/**
 * Open time and retained heap of a file store with {@code runs} runs of {@link ScaleData} (default
 * 10^6; built on first use in BATCHED mode and reused, generation time is printed but is not a figure).
 *
 * <p>Heap: the used heap of {@link MemoryMXBean} after a full GC (several {@code System.gc()} calls until
 * the figure settles) with the store open, minus the same before opening, divided by the runs: what
 * the open store retains per run, its index and everything else it keeps. Open time: wall clock of
 * {@code FileStore.open} (replaying the journal) and the CPU time of the thread that opens it (the wall
 * clock depends on how loaded the machine is; the load average is printed beside it), then the wall clock
 * of the first search; then wall clock and CPU time per search, warm, on the file store and on the
 * in-memory reference store filled with the same runs. Run with a heap large
 * enough not to disturb the store, in a JVM of its own:
 * {@code java -Xmx4g -cp lifecycle-benchmarks/target/benchmarks.jar io.mllifecycle.benchmarks.ScaleCheck 1000000}
 */
public final class ScaleCheck {
    private ScaleCheck() {}

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long t0 = System.nanoTime();
        Path dir = ScaleData.fileStore(runs);
        System.out.printf("store %s ready in %.1f s (0 when reused)%n", dir, (System.nanoTime() - t0) / 1e9);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = settledHeap(memory);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long c1 = threads.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        FileStore store = FileStore.open(dir);
        long t2 = System.nanoTime();
        long c2 = threads.getCurrentThreadCpuTime();
        RunQuery query = ScaleData.query(ScaleData.experimentId(store));
        RunPage first = store.tracking().searchRuns(query);
        long t3 = System.nanoTime();
        ScaleSearchBenchmark.check(first);
        long after = settledHeap(memory);
        double perRun = (after - before) / (double) runs;
        System.out.printf("runs=%d open=%.2f s wall (%.2f s CPU of the opening thread, load average %.1f on %d"
                        + " cores) first search=%.1f ms heap retained=%.1f MB = %.0f bytes/run (target <= 1024: %s)%n",
                runs, (t2 - t1) / 1e9, (c2 - c1) / 1e9, load, Runtime.getRuntime().availableProcessors(),
                (t3 - t2) / 1e6, (after - before) / 1e6, perRun, perRun <= 1024 ? "OK" : "ABOVE");
        // keep the store reachable until after the measurement
        System.out.println("first page: " + first.runs().size() + " runs, best auc "
                + first.runs().get(0).latestMetrics().get("auc").value());
        searches("file store", () -> store.tracking().searchRuns(query), threads);
        store.close();
        InMemoryStore reference = new InMemoryStore();
        RunQuery referenceQuery = ScaleData.query(ScaleData.fill(reference.tracking(), runs));
        searches("in-memory reference", () -> reference.tracking().searchRuns(referenceQuery), threads);
    }

    /**
     * Times {@value #SEARCHES} searches after as many for warm-up: wall clock and CPU time of this thread
     * per search, as the wall clock of a machine shared with other builds says little on its own.
     */
    private static void searches(String what, java.util.function.Supplier<RunPage> search,
                                 java.lang.management.ThreadMXBean threads) {
        for (int i = 0; i < SEARCHES; i++) {
            ScaleSearchBenchmark.check(search.get());
        }
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < SEARCHES; i++) {
            ScaleSearchBenchmark.check(search.get());
        }
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        System.out.printf("%s search (first page of 100, %s ordered by %s): %.1f ms wall, %.1f ms CPU per search"
                        + " (mean of %d, load average %.1f)%n", what, ScaleData.FILTER, ScaleData.ORDER,
                (t1 - t0) / 1e6 / SEARCHES, (c1 - c0) / 1e6 / SEARCHES, SEARCHES,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static final int SEARCHES = 20;

    private static long settledHeap(MemoryMXBean memory) {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 1 << 16) {
                return used;
            }
            last = used;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return used;
            }
        }
        return last;
    }
}
