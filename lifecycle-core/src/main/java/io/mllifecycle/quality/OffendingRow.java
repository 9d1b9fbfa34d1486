package io.mllifecycle.quality;

import io.mllifecycle.store.spi.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An example of a row that failed an expectation.
 *
 * @param row    the row's index in the data, from 0
 * @param values the values the expectation looked at (all columns for a predicate), column → {@link Double}
 *               ({@code NaN} when missing) or {@link String} ({@code null} when missing), in column order
 * @param note   why this row fails, e.g. {@code duplicates row 3}, or empty
 */
public record OffendingRow(int row, Map<String, @Nullable Object> values, String note) {
    public OffendingRow {
        if (row < 0) {
            throw new IllegalArgumentException("row must be ≥ 0, but was " + row);
        }
        Checks.notNull("values", values);
        Checks.notNull("note", note);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public String toString() {
        return "row " + row + ": " + values.entrySet().stream().map(e -> e.getKey() + "=" + Text.value(e.getValue()))
                .collect(Collectors.joining(", ")) + (note.isEmpty() ? "" : " (" + note + ")");
    }
}
