package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;
import java.util.Map;

/**
 * A registered model.
 *
 * @param name        unique model name (no {@code / @ :})
 * @param description free text
 * @param tags        labels
 * @param aliases     alias → version number, e.g. {@code champion → 7}
 * @param createdAt   when registered
 */
public record RegisteredModelRecord(String name, String description, Map<String, String> tags,
                                    Map<String, Integer> aliases, Instant createdAt) {
    public RegisteredModelRecord {
        Checks.modelName("name", name);
        Checks.notNull("description", description);
        tags = Copies.sorted("tags", tags);
        aliases = Copies.sorted("aliases", aliases);
        Checks.notNull("createdAt", createdAt);
    }
}
