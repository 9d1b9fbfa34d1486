package io.mllifecycle.examples;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.tracking.MetricLogging;
import io.mllifecycle.tracking.Run;
import java.time.Duration;

/**
 * Buffered per-point logging, as in the README's "Fast per-point logging" section: the code between the
 * {@code README} markers is the README's snippet ({@code BufferedLoggingExampleTest} checks).
 */
public final class BufferedLoggingExample {
    private BufferedLoggingExample() {}

    /**
     * A training loop logging one point per call through the buffer; the store is the caller's.
     *
     * @return the run's id
     */
    public static String train(LifecycleStore store) {
        String runId;
        // README:buffered:begin
        try (Lifecycle lifecycle = Lifecycle.builder().store(store)
                .metricLogging(MetricLogging.BUFFERED)               // default: DIRECT
                .metricBufferSize(32_768)                            // points, over all runs
                .metricFlushInterval(Duration.ofMillis(500))         // bounds what a kill -9 loses
                .build();
             Run run = lifecycle.experiment("train").startRun()) {
            runId = run.id();
            for (int step = 0; step < 1_000; step++) {
                run.logMetric("loss", 1.0 / (step + 1), step);       // returns at once; waits only when full
            }
            run.flush();                                             // durable now; close() does it too
        }
        // README:buffered:end
        return runId;
    }
}
