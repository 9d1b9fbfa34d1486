package io.mllifecycle.drift;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Cuts a stream of timestamped rows into windows for monitoring: by row count or by time period.
 * Rows must arrive in non-decreasing time order. Windows never overlap and are half-open:
 * <ul>
 *   <li>{@link #byCount(int) byCount(n)}: rows {@code [k·n, (k+1)·n)}; the last window may be
 *       shorter (it is emitted when the stream ends).</li>
 *   <li>{@link #byPeriod(Duration) byPeriod(p)}: window k holds the rows with
 *       {@code origin + k·p <= time < origin + (k+1)·p}; the origin defaults to the epoch, so hourly
 *       windows start on the hour. A row exactly on a boundary opens the next window. Periods
 *       without rows produce no window.</li>
 * </ul>
 * A chunker is immutable; {@link #split} and {@link #open} may be called from many threads.
 */
public final class Chunker {

    private final int count;
    private final Duration period;
    private final Instant origin;

    private Chunker(int count, Duration period, Instant origin) {
        this.count = count;
        this.period = period;
        this.origin = origin;
    }

    /**
     * Windows of {@code rows} consecutive rows.
     *
     * @throws IllegalArgumentException if {@code rows} is below 1
     */
    public static Chunker byCount(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, but was " + rows);
        }
        return new Chunker(rows, Duration.ZERO, Instant.EPOCH);
    }

    /** Windows of one {@code period} each, aligned to the epoch; see {@link #byPeriod(Duration, Instant)}. */
    public static Chunker byPeriod(Duration period) {
        return byPeriod(period, Instant.EPOCH);
    }

    /**
     * Windows {@code [origin + k·period, origin + (k+1)·period)} for every integer k (rows before the
     * origin are allowed).
     *
     * @throws IllegalArgumentException if {@code period} is null, zero or negative, or
     *         {@code origin} is null
     */
    public static Chunker byPeriod(Duration period, Instant origin) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, but was " + period);
        }
        if (origin == null) {
            throw new IllegalArgumentException("origin must not be null");
        }
        return new Chunker(0, period, origin);
    }

    /**
     * Splits rows held in memory into windows.
     *
     * @param rows      the rows in non-decreasing time order; not null
     * @param timestamp the time of a row; must not return null
     * @throws IllegalArgumentException if an argument is null, a timestamp is null, or a row is
     *         earlier than the one before it (both rows are named)
     */
    public <T> List<Window<T>> split(Iterable<? extends T> rows, Function<? super T, Instant> timestamp) {
        if (rows == null) {
            throw new IllegalArgumentException("rows must not be null");
        }
        List<Window<T>> windows = new ArrayList<>();
        try (WindowCollector<T> collector = open(timestamp, windows::add)) {
            for (T row : rows) {
                collector.add(row);
            }
        }
        return windows;
    }

    /**
     * Opens a push-based splitter: add rows as they arrive; each window is handed to
     * {@code sink} as soon as a later row shows it is complete, the last one on
     * {@link WindowCollector#close()}.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public <T> WindowCollector<T> open(Function<? super T, Instant> timestamp,
            java.util.function.Consumer<? super Window<T>> sink) {
        if (timestamp == null || sink == null) {
            throw new IllegalArgumentException("timestamp and sink must not be null");
        }
        return new WindowCollector<>(this, timestamp, sink);
    }

    boolean byRows() {
        return count > 0;
    }

    int count() {
        return count;
    }

    /** Start of the period holding {@code t}. */
    Instant periodStart(Instant t) {
        Duration offset = Duration.between(origin, t);
        long k = offset.dividedBy(period); // truncates toward zero
        if (offset.isNegative() && !period.multipliedBy(k).equals(offset)) {
            k--; // floor for times before the origin
        }
        return origin.plus(period.multipliedBy(k));
    }

    Duration period() {
        return period;
    }

    @Override
    public String toString() {
        return byRows() ? "Chunker.byCount(" + count + ")" : "Chunker.byPeriod(" + period + ", " + origin + ")";
    }
}
