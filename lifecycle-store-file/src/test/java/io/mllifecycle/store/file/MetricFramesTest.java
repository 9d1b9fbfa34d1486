package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.spi.Ids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary metric batch of format 4: every point comes back as it was, and older JSON batches still read. */
class MetricFramesTest {
    private static final Path FILE = Path.of("metrics/x.log");
    @TempDir
    Path dir;

    @Test
    void everyPointRoundTripsExactly() {
        SplittableRandom random = new SplittableRandom(3);
        String[] keys = {"loss", "val loss", "métrique", "損失", "k".repeat(250), "a\"b\\c"};
        double[] specials = {0.0, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, 1e-300, 0.1};
        for (int round = 0; round < 200; round++) {
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < random.nextInt(1, 300); i++) {
                double value = i % 5 == 0 ? specials[random.nextInt(specials.length)] : random.nextDouble() * 2e9 - 1e9;
                Instant t = switch (i % 4) {
                    case 0 -> Instant.MIN;
                    case 1 -> Instant.MAX;
                    default -> Instant.ofEpochSecond(random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L),
                            random.nextInt(1_000_000_000));
                };
                points.add(new MetricPoint(keys[random.nextInt(keys.length)], value, random.nextLong(), t));
            }
            List<MetricPoint> back = MetricFrames.decode(frame(MetricFrames.encode(points)), FILE);
            assertThat(back).isEqualTo(points);
            for (int i = 0; i < points.size(); i++) { // equals() on records compares doubles by bits, but be explicit
                assertThat(Double.doubleToRawLongBits(back.get(i).value()))
                        .isEqualTo(Double.doubleToRawLongBits(points.get(i).value()));
            }
        }
    }

    @Test
    void aBatchOfManyDistinctKeysRoundTrips() {
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            points.add(new MetricPoint("m" + (i % 65_535), i, i, Instant.EPOCH));
        }
        assertThat(MetricFrames.decode(frame(MetricFrames.encode(points)), FILE)).isEqualTo(points);
        List<MetricPoint> tooMany = new ArrayList<>();
        for (int i = 0; i < 65_536; i++) {
            tooMany.add(new MetricPoint("m" + i, i, i, Instant.EPOCH));
        }
        assertThatThrownBy(() -> MetricFrames.encode(tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65535 distinct keys");
    }

    @Test
    void aRunLogWrittenAsJsonByFormatThreeIsReadAndAppendedToInBinary() throws Exception {
        String runId = Ids.next(Instant.now());
        Path log = Layout.metricLog(dir, runId);
        Files.createDirectories(log.getParent());
        List<MetricPoint> old = List.of(new MetricPoint("loss", 0.5, 1, Instant.parse("2026-01-01T00:00:00Z")),
                new MetricPoint("loss", 0.25, 2, Instant.parse("2026-01-01T00:00:01.5Z")));
        byte[] json = Frames.encode(Json.points(old)); // what formats 1-3 appended
        assertThat(new String(json, 18, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("[{");
        Files.write(log, json);
        MetricLogs logs = new MetricLogs(dir, FileIo.DEFAULT);
        List<MetricPoint> next = List.of(new MetricPoint("loss", 0.125, 3, Instant.parse("2026-01-01T00:00:02Z")),
                new MetricPoint("acc", 0.9, 3, Instant.parse("2026-01-01T00:00:02Z")));
        long length = logs.append(runId, json.length, true, next, false);
        assertThat(Files.readAllBytes(log)[json.length + 18]).isEqualTo(MetricFrames.BINARY);
        List<MetricPoint> all = new ArrayList<>(old);
        all.addAll(next);
        assertThat(new MetricLogs(dir, FileIo.DEFAULT).read(runId, length, true)).isEqualTo(all);
    }

    @Test
    void aBinaryBatchThatDoesNotAddUpIsDamageNotPoints() {
        byte[] good = MetricFrames.encode(List.of(new MetricPoint("loss", 1, 1, Instant.EPOCH)));
        byte[] shortened = java.util.Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> MetricFrames.decode(frame(shortened), FILE)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("offset 0 of metrics/x.log").hasMessageContaining("claims 1 points in 29 bytes");
        byte[] badKey = good.clone();
        badKey[1 + 2 + 2 + 4 + 4 + 1] = 7; // the point's key index
        assertThatThrownBy(() -> MetricFrames.decode(frame(badKey), FILE)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("names key 7 of 1");
        byte[] badNano = good.clone();
        badNano[badNano.length - 4] = (byte) 0x80;
        assertThatThrownBy(() -> MetricFrames.decode(frame(badNano), FILE)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("nanosecond");
        byte[] nan = MetricFrames.encode(List.of(new MetricPoint("loss", 1, 1, Instant.EPOCH)));
        java.nio.ByteBuffer.wrap(nan).putLong(1 + 2 + 2 + 4 + 4 + 2, Double.doubleToRawLongBits(Double.NaN));
        assertThatThrownBy(() -> MetricFrames.decode(frame(nan), FILE)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("must be finite");
        byte[] cut = java.util.Arrays.copyOf(good, 3);
        assertThatThrownBy(() -> MetricFrames.decode(frame(cut), FILE)).isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("ends early");
    }

    private static Frames.Frame frame(byte[] payload) {
        byte[] data = new byte[payload.length + 5];
        System.arraycopy(payload, 0, data, 5, payload.length);
        return new Frames.Frame(0, data, 5, payload.length);
    }
}
