package io.mllifecycle.gate;

import io.mllifecycle.store.GateResult;
import java.util.ArrayList;
import java.util.List;

/** Evaluates gates for the registry; a gate that throws or returns nothing counts as failed. */
public final class GateEvaluation {
    private GateEvaluation() {}

    /** @return one result per gate, in order; every gate is evaluated even after a failure */
    public static List<GateResult> evaluate(List<Gate> gates, GateContext context) {
        List<GateResult> results = new ArrayList<>(gates.size());
        for (Gate g : gates) {
            results.add(Gates.safely(g, context));
        }
        return results;
    }
}
