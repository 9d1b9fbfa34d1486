package io.mllifecycle.retirement;

import io.mllifecycle.store.LifecycleException;
import java.util.List;

/** A policy file had errors; {@link #errors()} lists every one, each naming the field and the value. */
public class PolicyValidationException extends LifecycleException {
    private static final long serialVersionUID = 1L;
    private final List<String> errors;

    /** @param source where the policy came from; @param errors every problem found */
    public PolicyValidationException(String source, List<String> errors) {
        super(source + " has " + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ":\n  - "
                + String.join("\n  - ", errors));
        this.errors = List.copyOf(errors);
    }

    /** @return every problem, in document order */
    public List<String> errors() {
        return errors;
    }
}
