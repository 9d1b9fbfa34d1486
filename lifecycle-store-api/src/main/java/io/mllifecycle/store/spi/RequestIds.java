package io.mllifecycle.store.spi;

import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewModelVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * Client request ids that make retried writes idempotent: a store keeps, with the first write of an id, a
 * fingerprint of what was asked, and answers a repeat of the id by returning the first result when the
 * fingerprints match or refusing it when they differ — so every store tells a retry from a reused id alike.
 */
public final class RequestIds {
    private RequestIds() {}

    /**
     * @return the fingerprint of a registration: everything but its time (a retry built later is the same
     *         registration) and the request id itself
     */
    public static String fingerprint(NewModelVersion spec) {
        MessageDigest md = Digests.newSha256();
        field(md, spec.modelName());
        field(md, spec.sourceRunId());
        field(md, spec.artifactDigest());
        field(md, spec.description());
        map(md, spec.tags());
        map(md, spec.card());
        field(md, spec.profile() == null ? null : spec.profile().mediaType());
        field(md, spec.profile() == null ? null : spec.profile().digest());
        field(md, spec.actor());
        return Digests.format(md.digest());
    }

    /** Marks fingerprints of metric batches made from the points' binary form (see {@link #fingerprint(List)}). */
    private static final String POINTS_V2 = "m2:";

    /**
     * @return the fingerprint of a metric batch: every point, in order — its key, the value's bits, the step
     *         and the timestamp as numbers (a batch is fingerprinted on every logged batch, and formatting the
     *         numbers as text, as the first version did, cost more than storing the points)
     */
    public static String fingerprint(List<MetricPoint> points) {
        MessageDigest md = Digests.newSha256();
        ByteBuffer b = ByteBuffer.allocate(8_192 + 300);
        String lastKey = null;
        byte[] key = null;
        for (MetricPoint p : points) {
            if (p.key() != lastKey) { // a loop's batch repeats one key String: encode it once per run of them
                lastKey = p.key();
                key = lastKey.getBytes(StandardCharsets.UTF_8);
            }
            if (b.remaining() < key.length + 32) {
                md.update(b.array(), 0, b.position());
                b.clear();
            }
            b.putInt(key.length).put(key).putLong(Double.doubleToLongBits(p.value())).putLong(p.step())
                    .putLong(p.timestamp().getEpochSecond()).putInt(p.timestamp().getNano());
        }
        md.update(b.array(), 0, b.position());
        return POINTS_V2 + Digests.format(md.digest());
    }

    /**
     * @throws ConflictException if a repeated request id of a metric batch came with other points; a
     *     fingerprint stored by an earlier version (decimal text form) is compared in that form
     */
    public static void checkRepeat(String requestId, String where, String storedFingerprint, List<MetricPoint> points,
                                   String fingerprint) {
        checkRepeat(requestId, where, storedFingerprint,
                storedFingerprint.startsWith(POINTS_V2) ? fingerprint : textFingerprint(points));
    }

    /** The metric-batch fingerprint of the first version, for ids stored by it. */
    static String textFingerprint(List<MetricPoint> points) {
        MessageDigest md = Digests.newSha256();
        for (MetricPoint p : points) {
            field(md, p.key());
            field(md, Long.toString(Double.doubleToLongBits(p.value())));
            field(md, Long.toString(p.step()));
            field(md, p.timestamp().toString());
        }
        return Digests.format(md.digest());
    }

    /**
     * @throws ConflictException if a repeated request id came with a different fingerprint
     */
    public static void checkRepeat(String requestId, String where, String storedFingerprint, String fingerprint) {
        if (!storedFingerprint.equals(fingerprint)) {
            throw new ConflictException("request id " + Checks.quote(requestId) + " was already used for " + where
                    + " with different content; a retry must repeat the first call exactly, a new write needs a new id");
        }
    }

    private static void map(MessageDigest md, Map<String, String> entries) {
        field(md, Integer.toString(entries.size()));
        entries.forEach((k, v) -> {
            field(md, k);
            field(md, v);
        });
    }

    private static void field(MessageDigest md, String value) {
        if (value == null) {
            md.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        md.update((byte) 1);
        md.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(bytes);
    }
}
