package io.mllifecycle.quality;

import io.mllifecycle.store.spi.Checks;
import java.util.List;

/**
 * The outcome of one expectation over one data set.
 *
 * @param name       the expectation's name
 * @param kind       its kind ({@link Expectation#kind()})
 * @param passed     whether the data met it
 * @param observed   what was observed, e.g. {@code 3 of 97 values outside, min -1, max 140}, or why it could not
 *                   be checked (e.g. {@code column 'age' does not exist})
 * @param expected   the bound, e.g. {@code all values of 'age' in [0, 120]}
 * @param checked    how many values (rows, keys) were checked; for a schema the number of expected columns, for
 *                   a row count the rows
 * @param unexpected how many of them failed; 0 when passed without exceptions allowed by {@code mostly}
 * @param examples   up to the suite's limit of failing rows, in row order
 */
public record ExpectationResult(String name, String kind, boolean passed, String observed, String expected,
                                long checked, long unexpected, List<OffendingRow> examples) {
    public ExpectationResult {
        Checks.name("name", name);
        Checks.notNull("kind", kind);
        Checks.notNull("observed", observed);
        Checks.notNull("expected", expected);
        examples = List.copyOf(examples);
    }

    /** @return one line a person reads: mark, name, observed value and bound */
    public String message() {
        return (passed ? "✓ " : "✗ ") + name + ": observed " + observed + "; expected " + expected;
    }

    @Override
    public String toString() {
        return message();
    }
}
