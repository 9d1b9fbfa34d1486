package io.mllifecycle.drift;

import java.time.Instant;
import java.util.List;

/**
 * A window of consecutive rows cut by a {@link Chunker}. Windows are half-open in time: every row
 * has {@code start <= timestamp < end}.
 *
 * @param <T>      the row type
 * @param index    0 for the first window a chunker emitted, then 1, 2, …
 * @param start    inclusive start: the period start, or for count windows the first row's time
 * @param end      exclusive end: the period end, or for count windows the last row's time + 1 ns
 * @param firstRow position of the window's first row in the stream (0-based)
 * @param rows     the rows in stream order, at least one; unmodifiable
 */
public record Window<T>(int index, Instant start, Instant end, long firstRow, List<T> rows) {

    /**
     * Copies the rows and rejects impossible values.
     *
     * @throws IllegalArgumentException if a component is null, {@code rows} is empty, a position
     *         is negative, or {@code end} is not after {@code start}
     */
    public Window {
        if (start == null || end == null || rows == null) {
            throw new IllegalArgumentException("start, end and rows must not be null");
        }
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start, but was " + end + " <= " + start);
        }
        if (index < 0 || firstRow < 0 || rows.isEmpty()) {
            throw new IllegalArgumentException("index and firstRow must be >= 0 and rows non-empty, but were "
                    + index + ", " + firstRow + ", " + rows.size() + " rows");
        }
        rows = List.copyOf(rows);
    }

    /** Number of rows in the window. */
    public int size() {
        return rows.size();
    }

    /** Position just after the window's last row: the window holds rows {@code [firstRow, endRow)}. */
    public long endRow() {
        return firstRow + rows.size();
    }
}
