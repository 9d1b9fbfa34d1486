package io.mllifecycle.drift;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Push-based window cutting, from {@link Chunker#open}: {@link #add} rows in time order, and each
 * completed {@link Window} goes to the sink; {@link #close()} emits the last, possibly partial
 * window. Not thread-safe: one stream, one collector.
 *
 * @param <T> the row type
 */
public final class WindowCollector<T> implements AutoCloseable {

    private final Chunker chunker;
    private final Function<? super T, Instant> timestamp;
    private final Consumer<? super Window<T>> sink;
    private final List<T> rows = new ArrayList<>();
    private long position;
    private long firstRow;
    private int index;
    private Instant previous;
    private Instant start;
    private Instant end;
    private boolean closed;

    WindowCollector(Chunker chunker, Function<? super T, Instant> timestamp, Consumer<? super Window<T>> sink) {
        this.chunker = chunker;
        this.timestamp = timestamp;
        this.sink = sink;
    }

    /**
     * Adds the next row.
     *
     * @throws IllegalArgumentException if its timestamp is null or earlier than the previous row's
     * @throws IllegalStateException if the collector was closed
     */
    public void add(T row) {
        if (closed) {
            throw new IllegalStateException("the collector was closed");
        }
        Instant t = timestamp.apply(row);
        if (t == null) {
            throw new IllegalArgumentException("timestamp of row " + position + " must not be null");
        }
        if (previous != null && t.isBefore(previous)) {
            throw new IllegalArgumentException("rows must be in non-decreasing time order, but row " + position
                    + " at " + t + " came after row " + (position - 1) + " at " + previous);
        }
        if (chunker.byRows()) {
            if (rows.isEmpty()) {
                start = t;
            }
        } else if (end == null || !t.isBefore(end)) {
            emit();
            start = chunker.periodStart(t);
            end = start.plus(chunker.period());
        }
        rows.add(row);
        previous = t;
        position++;
        if (chunker.byRows() && rows.size() == chunker.count()) {
            emit();
        }
    }

    /** Emits the last window if it has rows; adding afterwards fails. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            emit();
            closed = true;
        }
    }

    private void emit() {
        if (rows.isEmpty()) {
            return;
        }
        Instant windowEnd = chunker.byRows() ? previous.plusNanos(1) : end;
        Window<T> window = new Window<>(index++, start, windowEnd, firstRow, rows);
        firstRow += rows.size();
        rows.clear();
        sink.accept(window);
    }
}
