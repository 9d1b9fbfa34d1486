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
 * @param archived    archived experiments keep their runs but take no new runs until restored
 * @param deletedAt   when the experiment was (soft) deleted, or null while it is not: a deleted experiment
 *                    hides its runs, takes no new runs and is restorable until purged
 */
public record ExperimentRecord(String id, String name, String description, Map<String, String> tags,
                               Instant createdAt, boolean archived, Instant deletedAt) {
    public ExperimentRecord {
        Checks.notNull("id", id);
        Checks.name("name", name);
        Checks.notNull("description", description);
        tags = Copies.sorted("tags", tags);
        Checks.notNull("createdAt", createdAt);
    }

    /** An experiment that is not deleted. */
    public ExperimentRecord(String id, String name, String description, Map<String, String> tags,
                            Instant createdAt, boolean archived) {
        this(id, name, description, tags, createdAt, archived, null);
    }

    /** @return whether the experiment is deleted */
    public boolean deleted() {
        return deletedAt != null;
    }

    /** @return a copy deleted at {@code at} (null: restored) */
    public ExperimentRecord withDeletedAt(Instant at) {
        return new ExperimentRecord(id, name, description, tags, createdAt, archived, at);
    }
}
