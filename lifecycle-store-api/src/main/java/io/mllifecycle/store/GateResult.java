package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

/**
 * Outcome of one validation gate.
 *
 * @param gate     the gate's name, e.g. {@code metric auc ≥ 0.85}
 * @param passed   whether it passed
 * @param observed what was observed, e.g. {@code 0.83}, or empty
 * @param expected what was required, e.g. {@code ≥ 0.85}, or empty
 * @param message  a sentence a person reads, naming metric, observed value and bound
 */
public record GateResult(String gate, boolean passed, String observed, String expected, String message) {
    public GateResult {
        Checks.name("gate", gate);
        Checks.description("observed", observed);
        Checks.description("expected", expected);
        Checks.description("message", message);
    }
}
