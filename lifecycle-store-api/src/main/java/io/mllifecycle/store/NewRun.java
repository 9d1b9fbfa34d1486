package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;
import java.util.Map;

/**
 * What a caller supplies to create a run; the store assigns the id.
 *
 * @param experimentId an existing experiment
 * @param parentRunId  an existing run of the same experiment, or null
 * @param name         a readable name
 * @param tags         initial tags
 * @param startTime    start time
 * @param source       where the code runs
 */
public record NewRun(String experimentId, String parentRunId, String name, Map<String, String> tags,
                     Instant startTime, RunSource source) {
    public NewRun {
        Checks.notNull("experimentId", experimentId);
        Checks.name("run name", name);
        tags = Copies.sorted("tags", Checks.tags("tags", tags));
        Checks.notNull("startTime", startTime);
        Checks.notNull("source", source);
    }
}
