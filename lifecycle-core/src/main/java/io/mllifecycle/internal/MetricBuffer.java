package io.mllifecycle.internal;

import io.mllifecycle.store.LifecycleException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.OutcomeUnknownException;
import io.mllifecycle.store.TrackingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded buffer of buffered metric logging, one per lifecycle, and its background writer (one daemon
 * thread, started with the first buffered run, stopped by {@link #close()}). Not API.
 *
 * <p>Invariants: {@code buffered} counts every point accepted and not yet written or given up, so memory is
 * bounded by the capacity (a single call larger than the capacity is admitted only into an empty buffer).
 * Each run's points are taken and written under that run's write lock, by whichever thread drains it (the
 * writer or a caller's flush), and each drain takes everything pending, so they reach the store in call
 * order. Each store call carries a fresh request id, and a call whose outcome is unknown is repeated with the
 * same id, so it is stored once.
 */
public final class MetricBuffer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricBuffer.class);
    private static final AtomicInteger WRITERS = new AtomicInteger();
    /** Most points in one store call: a run's backlog is written in calls of about this size (whole calls). */
    static final int MAX_BATCH = 8_192;
    /** Attempts of a store call whose outcome was unknown, with the same request id. */
    private static final int ATTEMPTS = 3;

    /** Points a drain could not store, and why. */
    public record Failure(List<MetricPoint> points, RuntimeException cause) {}

    private final TrackingStore store;
    private final int capacity;
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition work = lock.newCondition();
    private final Set<RunBuffer> dirty = new LinkedHashSet<>();
    private int buffered;
    private boolean closed;
    private Thread writer;

    /**
     * @param store    where points go
     * @param capacity most points held at once, over all runs
     * @param interval how long a point may wait for the writer
     */
    public MetricBuffer(TrackingStore store, int capacity, Duration interval) {
        this.store = store;
        this.capacity = capacity;
        this.intervalNanos = interval.toNanos();
    }

    /** @return the buffer of a run; starts the writer thread if it is not running */
    public RunBuffer open(String runId) {
        lock.lock();
        try {
            if (closed) {
                throw new LifecycleException("the lifecycle is closed, so run " + runId
                        + " cannot buffer metrics; open a new lifecycle");
            }
            if (writer == null) {
                writer = new Thread(this::writeLoop, "mllifecycle-metric-writer-" + WRITERS.incrementAndGet());
                writer.setDaemon(true);
                writer.start();
            }
        } finally {
            lock.unlock();
        }
        return new RunBuffer(runId);
    }

    /** @return points accepted and not yet written, over all runs */
    public int buffered() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /** @return the capacity in points */
    public int capacity() {
        return capacity;
    }

    private void writeLoop() {
        while (true) {
            List<RunBuffer> runs;
            boolean last;
            lock.lock();
            try {
                long wait = intervalNanos;
                // wake at the interval, or early once half the buffer is used (so producers rarely wait)
                while (!closed && wait > 0 && (dirty.isEmpty() || 2 * buffered < capacity)) {
                    try {
                        wait = work.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        // only close() stops the writer; an interrupt from elsewhere is not a reason to lose points
                        LOG.debug("metric writer interrupted; it stops only when the lifecycle closes");
                    }
                }
                last = closed;
                runs = new ArrayList<>(dirty);
                dirty.clear();
            } finally {
                lock.unlock();
            }
            for (RunBuffer run : runs) {
                try {
                    run.drain();
                } catch (RuntimeException e) {
                    LOG.error("metric writer: draining run {} failed unexpectedly", run.runId, e);
                }
            }
            if (last) {
                return;
            }
        }
    }

    /**
     * Writes every pending point of every run and stops the writer; waits for it (an interrupt does not cut
     * the wait short, since accepted points would be lost; the flag is kept). Points logged later are refused.
     */
    @Override
    public void close() {
        Thread w;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            w = writer;
            work.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        if (w != null) {
            boolean interrupted = false;
            while (w.isAlive()) {
                try {
                    w.join(TimeUnit.SECONDS.toMillis(1));
                } catch (InterruptedException e) {
                    interrupted = true; // the final drain must finish, or accepted points are lost
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One run's pending points, its write lock and the failures not yet reported. */
    public final class RunBuffer {
        private final String runId;
        private final Object writeLock = new Object();
        /** Guarded by the buffer's lock: whole calls, in call order. */
        private List<List<MetricPoint>> pending = new ArrayList<>();
        /** Guarded by the buffer's lock. */
        private final List<Failure> unreported = new ArrayList<>();
        private final List<Failure> all = new ArrayList<>();

        private RunBuffer(String runId) {
            this.runId = runId;
        }

        /** @return the run's id */
        public String runId() {
            return runId;
        }

        /**
         * Accepts one call's points (already checked), waiting while the buffer is full.
         *
         * @return failures of earlier points not yet reported; if any, {@code points} were not accepted
         * @throws LifecycleException if the thread is interrupted while waiting (flag kept; nothing accepted)
         *     or the lifecycle is closed
         */
        public List<Failure> add(List<MetricPoint> points) {
            if (points.isEmpty()) {
                return takeUnreported();
            }
            lock.lock();
            try {
                while (true) {
                    if (!unreported.isEmpty()) {
                        List<Failure> f = List.copyOf(unreported);
                        unreported.clear();
                        return f;
                    }
                    if (closed) {
                        throw new LifecycleException("the lifecycle is closed, so run " + runId + " accepts no"
                                + " more buffered metrics; " + describe(points) + " not logged");
                    }
                    if (buffered == 0 || buffered + points.size() <= capacity) {
                        break;
                    }
                    work.signalAll(); // the writer drains now rather than at the interval
                    try {
                        notFull.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new LifecycleException("interrupted while waiting for room in the metric buffer ("
                                + capacity + " points, full); " + describe(points) + " of run " + runId
                                + " not logged; the interrupt flag is kept", e);
                    }
                }
                pending.add(points);
                buffered += points.size();
                dirty.add(this);
                if (2 * buffered >= capacity) {
                    work.signalAll();
                }
                return List.of();
            } finally {
                lock.unlock();
            }
        }

        /**
         * Writes this run's pending points on the calling thread and returns once the store took them.
         *
         * @return failures not yet reported (of this flush or of the writer before)
         */
        public List<Failure> flush() {
            drain();
            return takeUnreported();
        }

        /** @return every failure of this run since it opened (for close, which reports them all again) */
        public List<Failure> failures() {
            lock.lock();
            try {
                unreported.clear();
                return List.copyOf(all);
            } finally {
                lock.unlock();
            }
        }

        private List<Failure> takeUnreported() {
            lock.lock();
            try {
                List<Failure> f = List.copyOf(unreported);
                unreported.clear();
                return f;
            } finally {
                lock.unlock();
            }
        }

        /** Takes everything pending and writes it, in batches of whole calls; holding the run's write lock. */
        void drain() {
            synchronized (writeLock) {
                List<List<MetricPoint>> calls;
                lock.lock();
                try {
                    calls = pending;
                    pending = new ArrayList<>();
                    dirty.remove(this);
                } finally {
                    lock.unlock();
                }
                int from = 0;
                while (from < calls.size()) {
                    List<MetricPoint> batch = new ArrayList<>();
                    int to = from;
                    while (to < calls.size() && (batch.isEmpty() || batch.size() + calls.get(to).size() <= MAX_BATCH)) {
                        List<MetricPoint> call = calls.get(to++);
                        if (call.size() == 1) { // a training loop's call: one point (addAll would copy an array)
                            batch.add(call.get(0));
                        } else {
                            batch.addAll(call);
                        }
                    }
                    try {
                        write(batch);
                    } catch (RuntimeException e) {
                        List<MetricPoint> lost = new ArrayList<>(batch);
                        calls.subList(to, calls.size()).forEach(lost::addAll);
                        LOG.error("could not write {} buffered metric points of run {}", lost.size(), runId, e);
                        release(lost.size(), new Failure(List.copyOf(lost), e));
                        return;
                    }
                    release(batch.size(), null);
                    from = to;
                }
            }
        }

        private void write(List<MetricPoint> batch) {
            String requestId = "mb-" + UUID.randomUUID();
            for (int attempt = 1; ; attempt++) {
                try {
                    store.logMetrics(runId, batch, requestId);
                    return;
                } catch (OutcomeUnknownException e) {
                    if (attempt >= ATTEMPTS) {
                        throw e;
                    }
                    LOG.warn("outcome of writing {} metric points of run {} unknown; repeating with request id {}",
                            batch.size(), runId, requestId, e);
                }
            }
        }

        private void release(int points, Failure failure) {
            lock.lock();
            try {
                buffered -= points;
                if (failure != null) {
                    unreported.add(failure);
                    all.add(failure);
                }
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static String describe(List<MetricPoint> points) {
        MetricPoint p = points.get(0);
        return points.size() == 1 ? "the point " + p.key() + "@" + p.step()
                : "the " + points.size() + " points from " + p.key() + "@" + p.step();
    }
}
