package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;
import java.util.Map;

/**
 * A stored experiment: a named group of runs.
 *
 * @param id          store-assigned id, URL-safe
 * @param name        unique name
 * @param description free text, possibly empty
 * @param tags        mutable key/value labels
 * @param createdAt   creation time
 * @param archived    archived experiments keep their runs but are hidden from default listings
 */
public record ExperimentRecord(String id, String name, String description, Map<String, String> tags,
                               Instant createdAt, boolean archived) {
    public ExperimentRecord {
        Checks.notNull("id", id);
        Checks.name("name", name);
        Checks.notNull("description", description);
        tags = Copies.sorted("tags", tags);
        Checks.notNull("createdAt", createdAt);
    }
}
