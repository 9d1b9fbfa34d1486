package io.mllifecycle.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * Why a monitor asks for retraining.
 *
 * @param model    model name
 * @param version  monitored version
 * @param at       end of the window that met the policy (data time)
 * @param reason   the policy's condition and what was observed
 * @param evidence the windows that met it, oldest first
 */
public record RetrainingRequest(String model, int version, Instant at, String reason, List<WindowResult> evidence) {
    public RetrainingRequest {
        evidence = List.copyOf(evidence);
    }
}
