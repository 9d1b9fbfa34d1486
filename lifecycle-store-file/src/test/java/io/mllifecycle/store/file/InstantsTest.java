package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class InstantsTest {
    @Property
    void parse_roundTripsToString(@ForAll @LongRange(min = -100_000_000_000L, max = 300_000_000_000L) long seconds,
                                  @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant i = Instant.ofEpochSecond(seconds, nanos);
        assertThat(Instants.parse(i.toString())).isEqualTo(i);
    }

    @Test
    void parse_everyFractionLength() {
        for (String s : new String[] {"2026-01-02T03:04:05Z", "2026-01-02T03:04:05.1Z", "2026-01-02T03:04:05.12Z",
                "2026-01-02T03:04:05.123456Z", "2026-01-02T03:04:05.123456789Z", "+12026-01-02T03:04:05Z"}) {
            assertThat(Instants.parse(s)).as(s).isEqualTo(Instant.parse(s));
        }
    }

    @Test
    void parse_invalidDate_fails() {
        assertThatThrownBy(() -> Instants.parse("2026-02-30T03:04:05Z")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Instants.parse("2026-01-02T25:04:05Z")).isInstanceOf(DateTimeException.class);
    }
}
