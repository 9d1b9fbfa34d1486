package io.mllifecycle.server;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.RegisteredModelRecord;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The one place that writes a registered model's own metadata (create, description, tags), for
 * which core has no handle method: the store write and its audit event in one atomic store call, under
 * the caller's actor.
 * Versions, stages and aliases go through core's registry instead.
 */
final class ModelMetadata {
    private ModelMetadata() {}

    static RegisteredModelRecord create(Lifecycle lifecycle, Clock clock, String name, String description,
                                        Map<String, String> tags, Map<String, String> details) {
        return lifecycle.store().registry().createModel(name, description, tags, clock.instant(),
                List.of(new AuditEntry(clock.instant(), lifecycle.actor(), "model.create", name, details)));
    }

    static RegisteredModelRecord update(Lifecycle lifecycle, Clock clock, String name, String description,
                                        Map<String, String> tags, Map<String, String> details) {
        return lifecycle.store().registry().updateModel(name, description, tags,
                List.of(new AuditEntry(clock.instant(), lifecycle.actor(), "model.update", name, details)));
    }
}
