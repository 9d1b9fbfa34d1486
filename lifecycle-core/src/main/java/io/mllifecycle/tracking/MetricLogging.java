package io.mllifecycle.tracking;

/**
 * How {@link Run#logMetric(String, double, long)} and the other metric calls of a run hand points to the
 * store. Set for every run with {@code Lifecycle.builder().metricLogging(…)}, per run with
 * {@link RunSpec#metricLogging(MetricLogging)}.
 */
public enum MetricLogging {
    /**
     * Each call writes its points to the store before returning (the default): a returned point is as
     * durable as the store's mode makes it (a SYNC file store: on disk), and reads see it at once. A
     * point costs one store write, so a training loop logging one point per call runs at the store's
     * write rate.
     */
    DIRECT,

    /**
     * Each call puts its points into the lifecycle's bounded in-memory buffer and returns; one background
     * writer (a daemon thread per lifecycle) hands them to the store in batches, each run's pending points in
     * one write, every flush interval and whenever the buffer is half full. A full buffer makes the caller
     * wait (back-pressure); points are never dropped. {@link Run#flush()}, closing or ending the run, and
     * closing the lifecycle write every pending point and wait for the store.
     *
     * <p>What it can lose: points accepted but not yet written when the process dies (kill -9, out of
     * memory, a JVM crash) — at most one flush interval of points, and at most the buffer's size. Once
     * written they are as durable as the store's mode makes them, so an OS crash or power loss loses in
     * addition what the store's mode loses (nothing for a SYNC file store). Points of one run, and so of one
     * key, are stored in the order of the calls; each call's points stay all-or-nothing. Reads of the store
     * ({@code latestMetrics}, {@code metricHistory}, search) see points only once written (after a flush).
     * A point the writer could not write is reported by the run's next metric call or flush and by its
     * close, as a {@link MetricWriteException} naming the points; a batch whose outcome is unknown is
     * retried with the same request id, so it is never stored twice.
     */
    BUFFERED
}
