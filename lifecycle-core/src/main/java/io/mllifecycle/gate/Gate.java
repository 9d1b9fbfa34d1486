package io.mllifecycle.gate;

import io.mllifecycle.store.GateResult;

/**
 * A check a model version must pass to change stage. Built-ins are in {@link Gates}; any lambda that
 * returns a {@link GateResult} is a gate too. A gate that throws counts as failed, with the exception
 * in its message; it never lets a promotion through.
 */
@FunctionalInterface
public interface Gate {

    /** Evaluates the gate for the candidate in {@code context}. */
    GateResult evaluate(GateContext context);

    /** @return a short name for reports; lambdas should be wrapped with {@link Gates#named} */
    default String name() {
        return "custom gate";
    }
}
