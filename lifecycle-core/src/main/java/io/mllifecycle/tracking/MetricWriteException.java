package io.mllifecycle.tracking;

import io.mllifecycle.store.LifecycleException;
import io.mllifecycle.store.MetricPoint;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Buffered metric points ({@link MetricLogging#BUFFERED}) that the background writer could not store, reported
 * by the run's next metric call, flush or close. The cause is the store's error; {@link #unwritten()} lists
 * the points that are not stored (log them again to retry).
 */
public class MetricWriteException extends LifecycleException {
    private static final long serialVersionUID = 1L;
    private static final int NAMED = 20;

    private final String runId;
    private final transient List<MetricPoint> unwritten;

    /**
     * @param runId     the run the points belong to
     * @param unwritten the points not stored, in call order
     * @param cause     why the store refused or failed
     */
    public MetricWriteException(String runId, List<MetricPoint> unwritten, Throwable cause) {
        super(message(runId, unwritten, cause), cause);
        this.runId = runId;
        this.unwritten = List.copyOf(unwritten);
    }

    private static String message(String runId, List<MetricPoint> points, Throwable cause) {
        String named = points.stream().limit(NAMED).map(p -> p.key() + "@" + p.step()).collect(Collectors.joining(", "));
        return points.size() + " buffered metric point" + (points.size() == 1 ? "" : "s") + " of run " + runId
                + " could not be written (" + cause.getMessage() + "): " + named
                + (points.size() > NAMED ? " and " + (points.size() - NAMED) + " more" : "")
                + "; see unwritten() to log them again";
    }

    /** @return the run the points belong to */
    public String runId() {
        return runId;
    }

    /** @return the points that are not stored, in call order (key and step name each) */
    public List<MetricPoint> unwritten() {
        return unwritten == null ? List.of() : unwritten;
    }
}
