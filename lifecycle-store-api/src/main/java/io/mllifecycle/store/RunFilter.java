package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed run filter: comparisons that must all hold (MLflow's syntax has {@code and} only). Immutable;
 * {@link #toString()} writes it back in the filter syntax, and parsing that text gives an equal filter.
 *
 * <p>The syntax, as MLflow's {@code search_runs} takes it:
 * <pre>
 * filter     := "" | comparison ( AND comparison )*
 * comparison := field ( "=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ) number      -- metrics, start_time, end_time
 *             | field ( "=" | "!=" | LIKE | ILIKE ) string                -- params, tags, text attributes
 *             | field [ NOT ] IN "(" string ( "," string )* ")"
 *             | field IS [ NOT ] NULL                                    -- lacks / has the field
 * field      := ( metrics | metric | params | param | parameters | parameter | tags | tag
 *               | attributes | attribute | attr | run ) "." key  |  attribute-name
 * key        := [A-Za-z0-9_]+ ( "." [A-Za-z0-9_]+ )*  |  "…"  |  `…`      -- quote keys with other characters
 * string     := '…' | "…"                                               -- a doubled quote stands for itself
 * </pre>
 * Keywords are case-insensitive, names are not. Attributes: {@code run_id run_name status start_time
 * end_time user parent_run_id experiment_id} (times in epoch milliseconds).
 *
 * @param clauses the comparisons, all of which must hold; empty matches every run
 */
public record RunFilter(List<Comparison> clauses) {
    /** The filter that matches every run. */
    public static final RunFilter ALL = new RunFilter(List.of());

    public RunFilter {
        clauses = Copies.list("clauses", clauses);
    }

    /**
     * Parses a filter string; blank matches every run.
     *
     * @throws FilterSyntaxException naming the position and what was expected there
     */
    public static RunFilter parse(String filter) {
        Checks.notNull("filter", filter);
        return new RunFilter(new FilterParser(filter).filter());
    }

    /** @return a filter of these clauses */
    public static RunFilter of(Comparison... clauses) {
        Checks.notNull("clauses", clauses);
        return new RunFilter(List.of(clauses));
    }

    /** @return this filter with {@code more} clauses added (all must hold) */
    public RunFilter and(List<Comparison> more) {
        Checks.notNull("more", more);
        List<Comparison> all = new ArrayList<>(clauses);
        all.addAll(more);
        return new RunFilter(all);
    }

    /** @return this filter with the clauses of {@code other} added */
    public RunFilter and(RunFilter other) {
        Checks.notNull("other", other);
        return and(other.clauses());
    }

    /** @return the filter in the filter syntax, clauses joined by {@code and}; empty for {@link #ALL} */
    @Override
    public String toString() {
        return String.join(" and ", clauses.stream().map(Comparison::toString).toList());
    }
}
