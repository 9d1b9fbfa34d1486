package io.mllifecycle.gate;

import io.mllifecycle.store.LifecycleException;
import java.util.List;

/** A stored or supplied governance policy had errors; {@link #errors()} lists every one, naming field and value. */
public class GovernancePolicyException extends LifecycleException {
    private static final long serialVersionUID = 1L;
    private final List<String> errors;

    /** @param source where the policy came from; @param errors every problem found */
    public GovernancePolicyException(String source, List<String> errors) {
        super(source + " has " + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ":\n  - "
                + String.join("\n  - ", errors));
        this.errors = List.copyOf(errors);
    }

    /** @return every problem, in document order */
    public List<String> errors() {
        return errors;
    }
}
