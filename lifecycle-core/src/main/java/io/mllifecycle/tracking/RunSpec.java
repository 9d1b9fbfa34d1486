package io.mllifecycle.tracking;

import io.mllifecycle.store.spi.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/** Settings of a run about to start: name, initial tags, parent. Passed to {@link Experiment#startRun}. */
public final class RunSpec {
    private String name;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String parentRunId;
    private MetricLogging metricLogging;

    RunSpec() {}

    /** A readable name; default {@code run-<time>}. */
    public RunSpec name(String name) {
        this.name = Checks.name("run name", name);
        return this;
    }

    /** An initial tag. */
    public RunSpec tag(String key, String value) {
        tags.put(Checks.key("tag key", key), Checks.tagValue("tag '" + key + "'", value));
        return this;
    }

    /** Makes the run a child of {@code parentRunId} (a sweep's trial under the sweep). */
    public RunSpec parent(String parentRunId) {
        this.parentRunId = Checks.notNull("parentRunId", parentRunId);
        return this;
    }

    /** How this run's metric calls reach the store; default the lifecycle's setting. */
    public RunSpec metricLogging(MetricLogging logging) {
        this.metricLogging = Checks.notNull("metricLogging", logging);
        return this;
    }

    MetricLogging metricLogging() {
        return metricLogging;
    }

    String nameOr(String fallback) {
        return name == null ? fallback : name;
    }

    Map<String, String> tags() {
        return tags;
    }

    String parentRunId() {
        return parentRunId;
    }
}
