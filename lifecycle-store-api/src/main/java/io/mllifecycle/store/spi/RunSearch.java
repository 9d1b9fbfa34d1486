package io.mllifecycle.store.spi;

import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.MetricPoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Ordering and keyset paging of runs as {@link RunQuery} defines them, for stores that filter in
 * memory or in an index. Page tokens carry the sort key of the last run returned, so a page does not
 * repeat or skip runs when runs are added between calls.
 */
public final class RunSearch {
    private RunSearch() {}

    /** @return the order of {@code query}: metric value (missing last), then run id */
    public static Comparator<RunRecord> order(RunQuery query) {
        Comparator<RunRecord> byId = Comparator.comparing(RunRecord::id);
        String key = query.orderByMetric();
        if (key == null) {
            return byId;
        }
        Comparator<Double> values = query.ascending() ? Comparator.naturalOrder() : Comparator.reverseOrder();
        return Comparator.comparing((RunRecord r) -> metric(r, key), Comparator.nullsLast(values)).thenComparing(byId);
    }

    /**
     * Sorts the runs that match {@code query} and cuts the page.
     *
     * @param matching every run that passes the query's filters, in any order
     * @throws IllegalArgumentException if the page token is not one this query produced
     */
    public static RunPage page(List<RunRecord> matching, RunQuery query) {
        Comparator<RunRecord> order = order(query);
        List<RunRecord> sorted = new ArrayList<>(matching);
        sorted.sort(order);
        int start = 0;
        if (query.pageToken() != null) {
            Cursor cursor = decode(query.pageToken(), query);
            while (start < sorted.size() && !cursor.isBefore(sorted.get(start), query)) {
                start++;
            }
        }
        int end = Math.min(sorted.size(), start + query.pageSize());
        List<RunRecord> page = sorted.subList(start, end);
        String next = end < sorted.size() ? encode(page.get(page.size() - 1), query) : null;
        return new RunPage(page, next);
    }

    private static Double metric(RunRecord run, String key) {
        MetricPoint p = run.latestMetrics().get(key);
        return p == null ? null : p.value();
    }

    private record Cursor(Double value, String runId) {
        /** @return true if {@code run} sorts strictly after this cursor */
        boolean isBefore(RunRecord run, RunQuery query) {
            RunRecord probe = run;
            int c;
            if (query.orderByMetric() == null) {
                c = runId.compareTo(probe.id());
            } else {
                Double v = metric(probe, query.orderByMetric());
                c = compareValues(value, v, query.ascending());
                if (c == 0) {
                    c = runId.compareTo(probe.id());
                }
            }
            return c < 0;
        }

        private static int compareValues(Double a, Double b, boolean ascending) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : 1) : -1; // missing sorts last
            }
            return ascending ? Double.compare(a, b) : Double.compare(b, a);
        }
    }

    private static String encode(RunRecord last, RunQuery query) {
        String metric = query.orderByMetric();
        Double v = metric == null ? null : metric(last, metric);
        String raw = fingerprint(query) + "|"
                + (metric == null ? "id" : v == null ? "none" : Long.toHexString(Double.doubleToLongBits(v)))
                + "|" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A short hash of everything that decides which runs a query returns and in which order (the page
     * size and token aside), so that a token handed to another query is recognised and refused.
     */
    private static String fingerprint(RunQuery query) {
        StringBuilder b = new StringBuilder();
        java.util.function.Consumer<String> field = f -> b.append(f.length()).append(':').append(f);
        field.accept(query.experimentId());
        query.params().forEach((k, v) -> {
            field.accept("p" + k);
            field.accept(v);
        });
        query.tags().forEach((k, v) -> {
            field.accept("t" + k);
            field.accept(v);
        });
        query.metrics().forEach(m -> field.accept("m" + m.key() + m.op() + Double.doubleToLongBits(m.value())));
        field.accept(String.valueOf(query.status()));
        field.accept(String.valueOf(query.orderByMetric()));
        field.accept(Boolean.toString(query.ascending()));
        byte[] hash = Digests.newSha256().digest(b.toString().getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(hash, 0, 8);
    }

    private static Cursor decode(String token, RunQuery query) {
        boolean ordered = query.orderByMetric() != null;
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int first = raw.indexOf('|');
            int bar = raw.indexOf('|', first + 1);
            if (!raw.substring(0, first).equals(fingerprint(query))) {
                throw new IllegalArgumentException("token of another query");
            }
            String head = raw.substring(first + 1, bar);
            String id = raw.substring(bar + 1);
            if (!ordered) {
                if (!head.equals("id")) {
                    throw new IllegalArgumentException("ordered token used for an unordered query");
                }
                return new Cursor(null, id);
            }
            if (head.equals("id")) {
                throw new IllegalArgumentException("unordered token used for an ordered query");
            }
            return new Cursor(head.equals("none") ? null : Double.longBitsToDouble(Long.parseUnsignedLong(head, 16)), id);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("pageToken is not a token from a page of this query (same"
                    + " experiment, filters and order): " + Checks.quote(token), e);
        }
    }
}
