package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.util.Map;

/**
 * One version of a dataset, identified by its name and the digest of its whole content.
 *
 * @param name      dataset name
 * @param digest    SHA-256 over all of the content
 * @param schema    column name → type, in column order
 * @param rowCount  number of rows, ≥ 0
 * @param sourceUri where the content came from, or empty
 * @param profile   reference to its profile for drift (bytes in the artifact store, see {@link ProfileRef}),
 *                  or null
 */
public record DatasetVersion(String name, String digest, Map<String, ColumnType> schema, long rowCount,
                             String sourceUri, ProfileRef profile) {
    public DatasetVersion {
        Checks.name("dataset name", name);
        Checks.digest("digest", digest);
        Checks.notNull("schema", schema);
        java.util.LinkedHashMap<String, ColumnType> ordered = new java.util.LinkedHashMap<>();
        schema.forEach((k, v) -> ordered.put(Checks.key("schema column", k), Checks.notNull("schema['" + k + "']", v)));
        schema = java.util.Collections.unmodifiableMap(ordered);
        if (rowCount < 0) {
            throw new IllegalArgumentException("rowCount must be ≥ 0, but was " + rowCount);
        }
        Checks.tagValue("sourceUri", sourceUri);
    }
}
