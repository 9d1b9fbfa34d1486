package io.mllifecycle.drift;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link ColumnAnalyzer} over many columns on several threads; results keep column order. */
final class ParallelColumns {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelColumns.class);

    private ParallelColumns() {}

    /**
     * Analyses the columns on up to {@code parallelism} threads: the caller and helpers submitted to
     * the executor take columns from a shared counter. The caller never waits for a helper that has
     * not started, so a busy or exhausted executor only costs parallelism, never a deadlock.
     */
    static ColumnAnalyzer.Work[] analyze(List<ColumnAnalyzer.Input> inputs, ColumnAnalyzer analyzer,
            int parallelism, Executor executor) {
        int n = inputs.size();
        ColumnAnalyzer.Work[] work = new ColumnAnalyzer.Work[n];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    work[i] = analyzer.analyze(inputs.get(i));
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e instanceof RuntimeException r ? r
                            : new IllegalStateException("column '" + inputs.get(i).name() + "' failed", e));
                } finally {
                    done.countDown();
                }
            }
        };
        int helpers = Math.min(parallelism, n) - 1;
        for (int h = 0; h < helpers; h++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                LOG.debug("executor rejected a helper; continuing with fewer threads", e);
                break;
            }
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while columns were being compared", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return work;
    }
}
