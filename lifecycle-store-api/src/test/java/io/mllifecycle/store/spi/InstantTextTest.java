package io.mllifecycle.store.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast instant text must be the JDK's, byte for byte: journals keep it, and readers parse it. */
class InstantTextTest {

    @Test
    void writesWhatToStringWrites() {
        List<Instant> cases = new ArrayList<>(List.of(Instant.EPOCH, Instant.MIN, Instant.MAX,
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.ofEpochSecond(253_402_300_800L), Instant.ofEpochSecond(-62_167_219_201L),
                Instant.parse("2026-03-01T12:00:05.250Z"), Instant.parse("2026-03-01T12:00:05.000250Z"),
                Instant.parse("2026-03-01T12:00:05.000000250Z"), Instant.parse("2024-02-29T23:59:59.100Z"),
                Instant.ofEpochSecond(-1, 1), Instant.ofEpochSecond(0, 999_999_999)));
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            cases.add(Instant.ofEpochSecond(seconds, nanos));
        }
        byte[] buffer = new byte[40];
        for (Instant t : cases) {
            assertThat(InstantText.format(t)).as("seconds %d nanos %d", t.getEpochSecond(), t.getNano())
                    .isEqualTo(t.toString());
            int n = InstantText.write(t, buffer);
            assertThat(new String(buffer, 0, n, StandardCharsets.US_ASCII)).isEqualTo(t.toString());
        }
    }
}
