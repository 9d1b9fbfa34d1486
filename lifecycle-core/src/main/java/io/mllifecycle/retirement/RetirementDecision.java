package io.mllifecycle.retirement;

import io.mllifecycle.store.Stage;
import java.util.List;
import java.util.Map;

/**
 * The plan's decision for one version, with every reason that led to it and the evidence.
 *
 * @param model    model name
 * @param version  version number
 * @param stage    its stage when the plan was made (the compare-and-set expectation on apply)
 * @param action   what the plan does
 * @param reasons  sentences a person reads, e.g. {@code older than the 3 latest versions}
 * @param evidence facts behind the reasons (ages, the newer version, metric values …)
 */
public record RetirementDecision(String model, int version, Stage stage, RetirementAction action, List<String> reasons,
                                 Map<String, String> evidence) {
    public RetirementDecision {
        reasons = List.copyOf(reasons);
        evidence = Map.copyOf(evidence);
    }

    /** @return {@code model/version} */
    public String reference() {
        return model + "/" + version;
    }

    @Override
    public String toString() {
        return reference() + " (" + stage + "): " + action + " — " + String.join("; ", reasons);
    }
}
