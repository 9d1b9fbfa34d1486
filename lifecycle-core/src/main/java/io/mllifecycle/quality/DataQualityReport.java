package io.mllifecycle.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.store.spi.Checks;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link DataQualitySuite} found in one data set: a result per expectation, in suite order, failing and
 * passing alike.
 *
 * @param suite   the suite's name
 * @param rows    the data's row count
 * @param results one per expectation, in suite order
 */
public record DataQualityReport(String suite, long rows, List<ExpectationResult> results) {
    /** Media type of {@link #toJson()}. */
    public static final String MEDIA_TYPE = "application/vnd.mllifecycle.data-quality-report.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public DataQualityReport {
        Checks.name("suite", suite);
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be ≥ 0, but was " + rows);
        }
        results = List.copyOf(results);
    }

    /** @return whether every expectation passed */
    public boolean passed() {
        return results.stream().allMatch(ExpectationResult::passed);
    }

    /** @return the failing expectations, in suite order */
    public List<ExpectationResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /** @return the result of the expectation named {@code name}, if the suite has it */
    public Optional<ExpectationResult> result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** @return one line: the suite, the rows and how many expectations failed */
    public String summary() {
        List<ExpectationResult> failed = failures();
        return "data quality '" + suite + "' over " + rows + " rows: " + (failed.isEmpty()
                ? "all " + results.size() + " expectations passed"
                : failed.size() + " of " + results.size() + " expectations failed ("
                        + String.join(", ", failed.stream().map(ExpectationResult::name).toList()) + ")");
    }

    /** @return the summary, then a line per expectation (failing first) with its example rows indented */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(summary());
        for (ExpectationResult r : failures()) {
            b.append("\n").append(r.message());
            r.examples().forEach(e -> b.append("\n    ").append(e));
        }
        results.stream().filter(ExpectationResult::passed).forEach(r -> b.append("\n").append(r.message()));
        return b.toString();
    }

    /** @return the report as Markdown: a heading, a table of every expectation, and the failing rows */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("### Data quality: ").append(md(suite)).append("\n\n")
                .append(md(summary())).append("\n\n| | Expectation | Observed | Expected |\n|---|---|---|---|\n");
        for (ExpectationResult r : results) {
            b.append("| ").append(r.passed() ? "✓" : "✗").append(" | ").append(md(r.name())).append(" | ")
                    .append(md(r.observed())).append(" | ").append(md(r.expected())).append(" |\n");
        }
        for (ExpectationResult r : failures()) {
            if (!r.examples().isEmpty()) {
                b.append("\n**").append(md(r.name())).append("**, example rows:\n\n");
                r.examples().forEach(e -> b.append("- ").append(md(e.toString())).append('\n'));
            }
        }
        return b.toString();
    }

    /**
     * @return the report as JSON ({@link #MEDIA_TYPE}): {@code suite}, {@code rows}, {@code passed} and
     *     {@code results} with each result's fields; a missing value is {@code null}, ±∞ the strings
     *     {@code "Infinity"} and {@code "-Infinity"}
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode().put("suite", suite).put("rows", rows).put("passed", passed());
        ArrayNode list = root.putArray("results");
        for (ExpectationResult r : results) {
            ObjectNode o = list.addObject().put("name", r.name()).put("kind", r.kind()).put("passed", r.passed())
                    .put("observed", r.observed()).put("expected", r.expected()).put("checked", r.checked())
                    .put("unexpected", r.unexpected());
            ArrayNode examples = o.putArray("examples");
            for (OffendingRow e : r.examples()) {
                ObjectNode row = examples.addObject().put("row", e.row());
                ObjectNode values = row.putObject("values");
                e.values().forEach((k, v) -> {
                    if (v instanceof Double d) {
                        if (d.isNaN()) {
                            values.putNull(k);
                        } else if (d.isInfinite()) {
                            values.put(k, d > 0 ? "Infinity" : "-Infinity");
                        } else {
                            values.put(k, d);
                        }
                    } else if (v == null) {
                        values.putNull(k);
                    } else {
                        values.put(k, v.toString());
                    }
                });
                if (!e.note().isEmpty()) {
                    row.put("note", e.note());
                }
            }
        }
        return root.toString();
    }

    private static String md(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
