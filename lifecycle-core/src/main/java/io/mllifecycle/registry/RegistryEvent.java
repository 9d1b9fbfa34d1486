package io.mllifecycle.registry;

import java.time.Instant;
import java.util.Map;

/**
 * A change in the registry, delivered to {@link RegistryListener}s after it was stored.
 *
 * @param type    what kind of change
 * @param model   the model's name
 * @param version the version concerned, or 0 for model-level changes
 * @param time    when
 * @param actor   who
 * @param details further facts, e.g. {@code from}, {@code to}, {@code alias}; a {@code STAGE_CHANGED} from a
 *                promotion carries {@code gated}: {@code true} when the passing gate report was stored with the
 *                change (it is then the version's last gate report)
 */
public record RegistryEvent(Type type, String model, int version, Instant time, String actor,
                            Map<String, String> details) {
    /** Kinds of registry change. */
    public enum Type {
        VERSION_REGISTERED, STAGE_CHANGED, ALIAS_MOVED, GATES_EVALUATED, VERSION_UPDATED, POLICY_CHANGED,
        TRANSITION_REQUESTED, REQUEST_DECIDED, ARTIFACT_PURGED, VERSION_DELETED, MODEL_DELETED
    }

    public RegistryEvent {
        details = Map.copyOf(details);
    }
}
