package io.mllifecycle.quality;

import io.mllifecycle.store.LifecycleException;
import java.util.List;

/**
 * A suite's JSON form had errors; {@link #errors()} lists every one, each naming the path in the document (e.g.
 * {@code expectations[2].min}) and the value found.
 */
public class DataQualitySuiteException extends LifecycleException {
    private static final long serialVersionUID = 1L;
    private final List<String> errors;

    /** @param source where the suite came from; @param errors every problem found, in document order */
    public DataQualitySuiteException(String source, List<String> errors) {
        super(source + " has " + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ":\n  - "
                + String.join("\n  - ", errors));
        this.errors = List.copyOf(errors);
    }

    /** @return every problem, in document order */
    public List<String> errors() {
        return errors;
    }
}
