package io.mllifecycle.store.spi;

import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewModelVersion;
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

    /** @return the fingerprint of a metric batch: every point, in order */
    public static String fingerprint(List<MetricPoint> points) {
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
