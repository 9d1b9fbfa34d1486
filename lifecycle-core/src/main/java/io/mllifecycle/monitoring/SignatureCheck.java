package io.mllifecycle.monitoring;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Signature#check} found: every problem of a batch at once.
 *
 * @param missing   input columns the batch lacks
 * @param extra     batch columns the signature does not have
 * @param wrongType input columns of the other type, each as {@code name (expected …, got …)}
 * @param nulls     columns that are not nullable but hold a missing value, each as {@code name (row i)}
 */
public record SignatureCheck(List<String> missing, List<String> extra, List<String> wrongType, List<String> nulls) {
    public SignatureCheck {
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        wrongType = List.copyOf(wrongType);
        nulls = List.copyOf(nulls);
    }

    /** @return true if nothing is missing, extra, of the wrong type or null where it may not be */
    public boolean ok() {
        return missing.isEmpty() && extra.isEmpty() && wrongType.isEmpty() && nulls.isEmpty();
    }

    /** @return every problem in one sentence, e.g. {@code missing columns [age]; wrong type [plan (…)]} */
    public String summary() {
        if (ok()) {
            return "matches";
        }
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("missing columns " + missing);
        }
        if (!extra.isEmpty()) {
            parts.add("extra columns " + extra);
        }
        if (!wrongType.isEmpty()) {
            parts.add("wrong type " + wrongType);
        }
        if (!nulls.isEmpty()) {
            parts.add("missing values in required columns " + nulls);
        }
        return String.join("; ", parts);
    }

    /** @return this check if it is {@link #ok()} @throws SignatureMismatchException naming every problem otherwise */
    public SignatureCheck orThrow() {
        if (!ok()) {
            throw new SignatureMismatchException("batch does not match the signature: " + summary(), this);
        }
        return this;
    }
}
