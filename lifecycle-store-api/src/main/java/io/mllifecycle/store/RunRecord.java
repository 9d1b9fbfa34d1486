package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored run with everything but its metric series (only the latest value of each metric is here).
 *
 * @param id            store-assigned, time-ordered, URL-safe id
 * @param experimentId  the experiment it belongs to
 * @param parentRunId   the parent run of a nested run (sweeps), or null
 * @param name          a readable name, not necessarily unique
 * @param status        current status
 * @param startTime     when it started
 * @param endTime       when it ended, or null while {@link RunStatus#RUNNING}
 * @param failure       for a FAILED run the exception class and message, else null
 * @param params        write-once hyper-parameters
 * @param tags          mutable labels
 * @param latestMetrics latest point of each metric key (greatest step; on equal steps the later append)
 * @param inputs        dataset versions used, in the order logged
 * @param artifacts     logical path → content digest
 * @param source        where the code ran
 * @param deletedAt     when the run was (soft) deleted, or null while it is not; a deleted run is hidden from
 *                      searches unless asked ({@link ViewType}) and takes no writes until restored
 * @param lastHeartbeat when the store last accepted a write to the run (its creation, params, metrics, tags,
 *                      inputs, artifacts, its end), stamped by the store's clock; null given means
 *                      {@code startTime}
 */
public record RunRecord(String id, String experimentId, String parentRunId, String name, RunStatus status,
                        Instant startTime, Instant endTime, String failure, Map<String, String> params,
                        Map<String, String> tags, Map<String, MetricPoint> latestMetrics,
                        List<RunInput> inputs, Map<String, String> artifacts, RunSource source,
                        Instant deletedAt, Instant lastHeartbeat) {
    public RunRecord {
        Checks.notNull("id", id);
        Checks.notNull("experimentId", experimentId);
        Checks.name("name", name);
        Checks.notNull("status", status);
        Checks.notNull("startTime", startTime);
        if (status.isTerminal() != (endTime != null)) {
            throw new IllegalArgumentException("endTime must be set exactly when the run has ended,"
                    + " but status was " + status + " and endTime " + endTime);
        }
        params = Copies.sorted("params", params);
        tags = Copies.sorted("tags", tags);
        latestMetrics = Copies.metrics("latestMetrics", latestMetrics);
        inputs = Copies.list("inputs", inputs);
        artifacts = Copies.sorted("artifacts", artifacts);
        Checks.notNull("source", source);
        if (lastHeartbeat == null) {
            lastHeartbeat = startTime;
        }
    }

    /** A run that is not deleted and whose heartbeat is its start time. */
    public RunRecord(String id, String experimentId, String parentRunId, String name, RunStatus status,
                     Instant startTime, Instant endTime, String failure, Map<String, String> params,
                     Map<String, String> tags, Map<String, MetricPoint> latestMetrics,
                     List<RunInput> inputs, Map<String, String> artifacts, RunSource source) {
        this(id, experimentId, parentRunId, name, status, startTime, endTime, failure, params, tags, latestMetrics,
                inputs, artifacts, source, null, null);
    }

    /** @return whether the run itself was deleted (its experiment may be deleted too; see the store) */
    public boolean deleted() {
        return deletedAt != null;
    }

    /** @return a copy deleted at {@code at} (null: restored) */
    public RunRecord withDeletedAt(Instant at) {
        return new RunRecord(id, experimentId, parentRunId, name, status, startTime, endTime, failure, params, tags,
                latestMetrics, inputs, artifacts, source, at, lastHeartbeat);
    }

    /** @return a copy whose last heartbeat is {@code at} */
    public RunRecord withHeartbeat(Instant at) {
        return new RunRecord(id, experimentId, parentRunId, name, status, startTime, endTime, failure, params, tags,
                latestMetrics, inputs, artifacts, source, deletedAt, Checks.notNull("heartbeat", at));
    }

    /** @return a copy with these params */
    public RunRecord withParams(Map<String, String> newParams) {
        return new RunRecord(id, experimentId, parentRunId, name, status, startTime, endTime, failure, newParams, tags,
                latestMetrics, inputs, artifacts, source, deletedAt, lastHeartbeat);
    }

    /** @return a copy with these tags */
    public RunRecord withTags(Map<String, String> newTags) {
        return new RunRecord(id, experimentId, parentRunId, name, status, startTime, endTime, failure, params, newTags,
                latestMetrics, inputs, artifacts, source, deletedAt, lastHeartbeat);
    }

    /**
     * @return the latest value of metric {@code key}, or NaN when the run has none (logged values are finite);
     *     as {@code latestMetrics().get(key).value()} without making the point, for searches over many runs
     */
    public double latestValue(String key) {
        if (latestMetrics instanceof MetricArrayMap m) {
            return m.value(key);
        }
        MetricPoint p = latestMetrics.get(key);
        return p == null ? Double.NaN : p.value();
    }

    /** @return a copy with these latest metric values */
    public RunRecord withLatestMetrics(Map<String, MetricPoint> latest) {
        return new RunRecord(id, experimentId, parentRunId, name, status, startTime, endTime, failure, params, tags,
                latest, inputs, artifacts, source, deletedAt, lastHeartbeat);
    }

    /** @return a copy with these inputs */
    public RunRecord withInputs(List<RunInput> newInputs) {
        return new RunRecord(id, experimentId, parentRunId, name, status, startTime, endTime, failure, params, tags,
                latestMetrics, newInputs, artifacts, source, deletedAt, lastHeartbeat);
    }

    /** @return a copy with these artifacts */
    public RunRecord withArtifacts(Map<String, String> newArtifacts) {
        return new RunRecord(id, experimentId, parentRunId, name, status, startTime, endTime, failure, params, tags,
                latestMetrics, inputs, newArtifacts, source, deletedAt, lastHeartbeat);
    }

    /** @return a copy that ended with {@code newStatus} at {@code end} */
    public RunRecord ended(RunStatus newStatus, Instant end, String failureText) {
        return new RunRecord(id, experimentId, parentRunId, name, newStatus, startTime, end, failureText, params, tags,
                latestMetrics, inputs, artifacts, source, deletedAt, lastHeartbeat);
    }
}
