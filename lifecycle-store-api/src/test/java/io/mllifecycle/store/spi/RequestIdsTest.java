package io.mllifecycle.store.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.MetricPoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Metric-batch fingerprints: any change of a point changes it, and ids stored by the first version still match. */
class RequestIdsTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:05.250Z");

    @Test
    void anyChangeOfAPointChangesTheFingerprint() {
        List<MetricPoint> batch = List.of(new MetricPoint("loss", 0.5, 3, T), new MetricPoint("acc", 0.9, 3, T));
        String f = RequestIds.fingerprint(batch);
        assertThat(f).startsWith("m2:sha256:").isEqualTo(RequestIds.fingerprint(List.copyOf(batch)));
        List<List<MetricPoint>> others = List.of(
                List.of(new MetricPoint("loss", 0.5, 3, T)),
                List.of(new MetricPoint("acc", 0.9, 3, T), new MetricPoint("loss", 0.5, 3, T)),
                List.of(new MetricPoint("losS", 0.5, 3, T), new MetricPoint("acc", 0.9, 3, T)),
                List.of(new MetricPoint("loss", Math.nextUp(0.5), 3, T), new MetricPoint("acc", 0.9, 3, T)),
                List.of(new MetricPoint("loss", 0.5, 4, T), new MetricPoint("acc", 0.9, 3, T)),
                List.of(new MetricPoint("loss", 0.5, 3, T.plusNanos(1)), new MetricPoint("acc", 0.9, 3, T)),
                // the key's length is part of each point: "lossa" + "cc" is not "loss" + "acc"
                List.of(new MetricPoint("lossa", 0.5, 3, T), new MetricPoint("cc", 0.9, 3, T)));
        for (List<MetricPoint> other : others) {
            assertThat(RequestIds.fingerprint(other)).as("%s", other).isNotEqualTo(f);
        }
        assertThat(RequestIds.fingerprint(List.of(new MetricPoint("loss", -0.0, 3, T))))
                .isNotEqualTo(RequestIds.fingerprint(List.of(new MetricPoint("loss", 0.0, 3, T))));
    }

    @Test
    void largeBatchesAndLongKeysAreFingerprintedWhole() {
        List<MetricPoint> batch = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            batch.add(new MetricPoint(i % 7 == 0 ? "k".repeat(250) : "m" + i % 3, i, i, T.plusSeconds(i)));
        }
        String f = RequestIds.fingerprint(batch);
        List<MetricPoint> changedLast = new ArrayList<>(batch);
        changedLast.set(4_999, new MetricPoint("m0", 1, 4_999, T));
        assertThat(RequestIds.fingerprint(changedLast)).isNotEqualTo(f);
    }

    @Test
    void aFingerprintStoredByTheFirstVersionStillMatchesItsRetry() {
        SplittableRandom random = new SplittableRandom(5);
        String[] keys = {"loss", "val loss", "métrique", "損失"};
        for (int round = 0; round < 50; round++) {
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < 1 + round; i++) {
                points.add(new MetricPoint(keys[random.nextInt(keys.length)], random.nextDouble(), random.nextLong(),
                        Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                                random.nextInt(1_000_000_000))));
            }
            String stored = firstVersion(points);
            assertThat(RequestIds.textFingerprint(points)).isEqualTo(stored);
            assertThatCode(() -> RequestIds.checkRepeat("r1", "metrics of run x", stored, points,
                    RequestIds.fingerprint(points))).doesNotThrowAnyException();
            List<MetricPoint> other = points.subList(1, points.size());
            assertThatThrownBy(() -> RequestIds.checkRepeat("r1", "metrics of run x", stored, other,
                    RequestIds.fingerprint(other))).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("request id 'r1' was already used for metrics of run x with different content");
        }
        List<MetricPoint> one = List.of(new MetricPoint("loss", 1, 1, T));
        assertThatThrownBy(() -> RequestIds.checkRepeat("r2", "metrics of run x",
                RequestIds.fingerprint(List.of(new MetricPoint("loss", 2, 1, T))), one, RequestIds.fingerprint(one)))
                .isInstanceOf(ConflictException.class);
    }

    /** The fingerprint as the first version computed and stored it: decimal text fields, one update each. */
    private static String firstVersion(List<MetricPoint> points) {
        MessageDigest md = Digests.newSha256();
        for (MetricPoint p : points) {
            for (String value : new String[] {p.key(), Long.toString(Double.doubleToLongBits(p.value())),
                    Long.toString(p.step()), p.timestamp().toString()}) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                md.update((byte) 1);
                md.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                md.update((byte) ':');
                md.update(bytes);
            }
        }
        return Digests.format(md.digest());
    }
}
