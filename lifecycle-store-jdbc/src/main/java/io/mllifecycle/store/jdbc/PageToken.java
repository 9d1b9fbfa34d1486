package io.mllifecycle.store.jdbc;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.spi.Digests;
import io.mllifecycle.store.MetricFilter;
import io.mllifecycle.store.RunQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The keyset cursor of a run search: the sort key of the last run of a page (its order-metric value, or
 * "none" when it lacks the metric, and its id) plus a fingerprint of the query, so that a token handed to
 * another query — other experiment, filters or order — is refused as {@link RunQuery} requires.
 *
 * @param ordered whether the query orders by a metric
 * @param value   the last run's order-metric value; null if unordered or the run lacks the metric
 * @param runId   the last run's id
 */
record PageToken(boolean ordered, Double value, String runId) {
    private static final String VERSION = "j1";

    /** @return the token continuing after this cursor for {@code query} */
    String encode(RunQuery query) {
        String head = !ordered ? "id" : value == null ? "none" : Long.toHexString(Double.doubleToLongBits(value));
        String raw = VERSION + "|" + fingerprint(query) + "|" + head + "|" + runId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException naming pageToken if it is not a token of a page of {@code query} */
    static PageToken decode(String token, RunQuery query) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 4);
            if (parts.length != 4 || !parts[0].equals(VERSION) || !parts[1].equals(fingerprint(query))) {
                throw new IllegalArgumentException("not a token of this query");
            }
            boolean ordered = query.orderByMetric() != null;
            if (ordered == parts[2].equals("id")) {
                throw new IllegalArgumentException("token of another order");
            }
            Double value = !ordered || parts[2].equals("none") ? null
                    : Double.longBitsToDouble(Long.parseUnsignedLong(parts[2], 16));
            return new PageToken(ordered, value, parts[3]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("pageToken is not a token from a page of this query (same experiment,"
                    + " filters and order): " + Checks.quote(token), e);
        }
    }

    /** A short hash of everything but page size and token that decides which runs come in which order. */
    private static String fingerprint(RunQuery q) {
        StringBuilder b = new StringBuilder();
        field(b, q.experimentId());
        for (Map.Entry<String, String> e : q.params().entrySet()) {
            field(b, "p" + e.getKey());
            field(b, e.getValue());
        }
        for (Map.Entry<String, String> e : q.tags().entrySet()) {
            field(b, "t" + e.getKey());
            field(b, e.getValue());
        }
        for (MetricFilter m : q.metrics()) {
            field(b, "m" + m.key());
            field(b, m.op().name() + Long.toHexString(Double.doubleToLongBits(m.value())));
        }
        field(b, String.valueOf(q.status()));
        field(b, String.valueOf(q.orderByMetric()));
        field(b, Boolean.toString(q.ascending()));
        byte[] hash = Digests.newSha256().digest(b.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 12);
    }

    private static void field(StringBuilder b, String value) {
        b.append(value.length()).append(':').append(value);
    }
}
