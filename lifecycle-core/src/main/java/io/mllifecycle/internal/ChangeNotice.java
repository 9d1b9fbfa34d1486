package io.mllifecycle.internal;

import java.util.Map;

/**
 * What the registry write path announces after a committed change; the registry turns it into its public
 * {@code RegistryEvent} for listeners. Not API.
 *
 * @param type    the {@code RegistryEvent.Type} name
 * @param model   the model
 * @param version the version, or 0 for a model-level change
 * @param details further facts
 */
public record ChangeNotice(String type, String model, int version, Map<String, String> details) {
    public ChangeNotice {
        details = Map.copyOf(details);
    }
}
