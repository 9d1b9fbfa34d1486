package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.util.List;

/**
 * One key of a run search's order. Runs lacking the field sort after every run that has it, in both
 * directions; runs equal on every key are ordered by run id (start order).
 *
 * @param field     what to order by: metrics by latest value, params, tags and text attributes as text
 *                  (by Unicode code point), {@code start_time}/{@code end_time} as numbers
 * @param ascending ascending or descending
 */
public record OrderBy(RunField field, boolean ascending) {
    public OrderBy {
        Checks.notNull("field", field);
    }

    /** @return descending by {@code field} */
    public static OrderBy desc(RunField field) {
        return new OrderBy(field, false);
    }

    /** @return ascending by {@code field} */
    public static OrderBy asc(RunField field) {
        return new OrderBy(field, true);
    }

    /**
     * Parses a comma-separated order: {@code "metrics.auc DESC, params.depth, start_time ASC"} (ascending
     * when no direction is given; an empty string is no order).
     *
     * @throws FilterSyntaxException naming the position and what was expected
     */
    public static List<OrderBy> parse(String order) {
        Checks.notNull("order", order);
        return new FilterParser(order).orderList();
    }

    /** @return the key in the order syntax, e.g. {@code metrics.auc DESC} */
    @Override
    public String toString() {
        return field + (ascending ? " ASC" : " DESC");
    }
}
