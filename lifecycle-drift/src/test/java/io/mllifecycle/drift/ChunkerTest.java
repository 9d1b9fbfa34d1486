package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    record Row(Instant at, double value) {}

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Function<Row, Instant> AT = Row::at;

    private static Row row(long secondsAfterT0) {
        return new Row(T0.plusSeconds(secondsAfterT0), secondsAfterT0);
    }

    @Test
    void byCount_lastWindowShorter() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rows.add(row(i));
        }
        List<Window<Row>> windows = Chunker.byCount(3).split(rows, AT);

        assertThat(windows).extracting(Window::size).containsExactly(3, 3, 1);
        assertThat(windows).extracting(Window::firstRow).containsExactly(0L, 3L, 6L);
        assertThat(windows.get(1).endRow()).isEqualTo(6);
        assertThat(windows.get(0).start()).isEqualTo(T0);
        assertThat(windows.get(0).end()).isEqualTo(T0.plusSeconds(2).plusNanos(1));
        assertThat(windows).extracting(Window::index).containsExactly(0, 1, 2);
    }

    @Test
    void byCount_exactMultipleHasNoEmptyWindow() {
        List<Window<Row>> windows = Chunker.byCount(2).split(List.of(row(0), row(1), row(2), row(3)), AT);
        assertThat(windows).hasSize(2);
        assertThat(Chunker.byCount(2).split(List.<Row>of(), AT)).isEmpty();
    }

    @Test
    void byPeriod_rowOnBoundaryOpensNextWindow() {
        List<Row> rows = List.of(row(0), row(3599), row(3600), row(3601), row(7199));
        List<Window<Row>> windows = Chunker.byPeriod(Duration.ofHours(1)).split(rows, AT);

        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).rows()).extracting(Row::value).containsExactly(0.0, 3599.0);
        assertThat(windows.get(0).start()).isEqualTo(T0);
        assertThat(windows.get(0).end()).isEqualTo(T0.plusSeconds(3600));
        assertThat(windows.get(1).rows()).extracting(Row::value).containsExactly(3600.0, 3601.0, 7199.0);
        assertThat(windows.get(1).firstRow()).isEqualTo(2);
    }

    @Test
    void byPeriod_alignedToEpochAndSkipsEmptyPeriods() {
        List<Row> rows = List.of(row(1800), row(3 * 3600 + 5));
        List<Window<Row>> windows = Chunker.byPeriod(Duration.ofHours(1)).split(rows, AT);

        assertThat(windows).extracting(Window::start).containsExactly(T0, T0.plusSeconds(3 * 3600));
        assertThat(windows).extracting(Window::index).containsExactly(0, 1);
    }

    @Test
    void byPeriod_customOriginAndTimesBeforeIt() {
        Instant origin = T0.plusSeconds(600);
        List<Window<Row>> windows = Chunker.byPeriod(Duration.ofMinutes(30), origin)
                .split(List.of(row(0), row(599), row(600)), AT);
        assertThat(windows).extracting(Window::start).containsExactly(T0.minusSeconds(1200), origin);
        assertThat(windows.get(0).end()).isEqualTo(origin);
    }

    @Test
    void open_emitsWindowWhenLaterRowArrives() {
        List<Window<Row>> seen = new ArrayList<>();
        WindowCollector<Row> collector = Chunker.byPeriod(Duration.ofMinutes(1)).open(AT, seen::add);
        collector.add(row(0));
        collector.add(row(59));
        assertThat(seen).isEmpty();
        collector.add(row(60));
        assertThat(seen).hasSize(1);
        collector.close();
        assertThat(seen).hasSize(2);
        assertThatThrownBy(() -> collector.add(row(61))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void split_rowsOutOfOrder() {
        assertThatThrownBy(() -> Chunker.byCount(10).split(List.of(row(5), row(4)), AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows must be in non-decreasing time order, but row 1 at 2026-11-23T10:00:04Z "
                        + "came after row 0 at 2026-11-23T10:00:05Z");
    }

    @Test
    void split_nullTimestamp() {
        assertThatThrownBy(() -> Chunker.byCount(10).split(List.of(row(1), new Row(null, 0)), AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timestamp of row 1 must not be null");
    }

    @Test
    void byCount_zero() {
        assertThatThrownBy(() -> Chunker.byCount(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rows must be at least 1, but was 0");
    }

    @Test
    void byPeriod_notPositive() {
        assertThatThrownBy(() -> Chunker.byPeriod(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be positive, but was PT0S");
    }
}
