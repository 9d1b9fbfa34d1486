package io.mllifecycle.server;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.RegisteredModelRecord;
import java.time.Clock;
import java.util.Map;

/**
 * The one place that writes a registered model's own metadata (create, description, tags), for
 * which core has no handle method: the store write and its audit event, under the caller's actor.
 * Versions, stages and aliases go through core's registry instead.
 */
final class ModelMetadata {
    private ModelMetadata() {}

    static RegisteredModelRecord create(Lifecycle lifecycle, Clock clock, String name, String description,
                                        Map<String, String> tags, Map<String, String> details) {
        RegisteredModelRecord m = lifecycle.store().registry().createModel(name, description, tags, clock.instant());
        lifecycle.audit().record("model.create", name, details);
        return m;
    }

    static RegisteredModelRecord update(Lifecycle lifecycle, String name, String description, Map<String, String> tags,
                                        Map<String, String> details) {
        RegisteredModelRecord m = lifecycle.store().registry().updateModel(name, description, tags);
        lifecycle.audit().record("model.update", name, details);
        return m;
    }
}
