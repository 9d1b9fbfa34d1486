package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;
import java.util.List;

/**
 * Evidence of one gate evaluation, kept with the model version whether it passed or not.
 *
 * @param targetStage the stage the evaluation was for
 * @param results     each gate's outcome
 * @param evaluatedAt when
 * @param actor       who asked
 * @param overridden  true when the gates were skipped by an explicit, audited override
 */
public record GateReport(Stage targetStage, List<GateResult> results, Instant evaluatedAt, String actor,
                         boolean overridden) {
    public GateReport {
        Checks.notNull("targetStage", targetStage);
        results = Copies.list("results", results);
        Checks.notNull("evaluatedAt", evaluatedAt);
        Checks.name("actor", actor);
    }

    /** @return true when every gate passed (an empty report passes) */
    public boolean passed() {
        return results.stream().allMatch(GateResult::passed);
    }
}
