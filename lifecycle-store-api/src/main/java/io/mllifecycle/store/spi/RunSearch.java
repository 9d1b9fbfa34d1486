package io.mllifecycle.store.spi;

import io.mllifecycle.store.OrderBy;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Ordering and keyset paging of runs as {@link RunQuery} defines them. Stores that filter in memory or
 * in an index use {@link #page}; stores that page in their own query language (SQL) use {@link #cursor}
 * and {@link #token} so that their tokens are the same as everyone's. A token carries the sort key of
 * the last run returned, so a page does not repeat or skip runs when runs are added between calls, and
 * a fingerprint of the query, so that a token handed to another query is refused.
 */
public final class RunSearch {
    private static final String VERSION = "r2";

    private RunSearch() {}

    /**
     * Where a page continues: the sort key of the last run of the previous page.
     *
     * @param values one per order key: a {@link Double}, a {@link String}, or null when that run lacked it
     * @param runId  the last run's id
     */
    public record Cursor(List<Object> values, String runId) {
        public Cursor {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
            Checks.notNull("runId", runId);
        }
    }

    /** @return the sort key of {@code run} under {@code query}'s order: one value (or null) per key */
    public static List<Object> sortKey(RunQuery query, RunRecord run) {
        List<Object> key = new ArrayList<>(query.orderBy().size());
        for (OrderBy o : query.orderBy()) {
            key.add(RunMatcher.value(o.field(), run));
        }
        return key;
    }

    /**
     * Compares two sort keys under {@code query}'s order: key by key, a missing value after any present
     * one in both directions, text by Unicode code point; then run id.
     */
    public static int compare(RunQuery query, List<Object> a, String aId, List<Object> b, String bId) {
        for (int i = 0; i < query.orderBy().size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c;
            if (x == null || y == null) {
                c = x == null ? (y == null ? 0 : 1) : -1;
            } else {
                c = x instanceof Double dx ? Double.compare(dx, (Double) y) : compareCodePoints((String) x, (String) y);
                if (!query.orderBy().get(i).ascending()) {
                    c = -c;
                }
            }
            if (c != 0) {
                return c;
            }
        }
        return aId.compareTo(bId);
    }

    /** @return the order of {@code query} over runs */
    public static Comparator<RunRecord> order(RunQuery query) {
        Checks.notNull("query", query);
        return (x, y) -> compare(query, sortKey(query, x), x.id(), sortKey(query, y), y.id());
    }

    /**
     * Sorts the runs that match {@code query}, cuts the page after the query's token, and counts if the
     * query asks.
     *
     * @param matching every run that passes the query's filter and experiments, in any order
     * @throws IllegalArgumentException if the page token is not one this query produced
     */
    public static RunPage page(List<RunRecord> matching, RunQuery query) {
        Checks.notNull("matching", matching);
        Cursor after = cursor(query);
        record Keyed(RunRecord run, List<Object> key) {}
        Comparator<Keyed> byOrder = (x, y) -> compare(query, x.key(), x.run().id(), y.key(), y.run().id());
        // Only the page and whether more follow are needed: keep the pageSize + 1 first runs in a heap whose
        // head is the last of them (a million matches then cost a pass, not a sort).
        int keep = query.pageSize() + 1;
        java.util.PriorityQueue<Keyed> first = new java.util.PriorityQueue<>(Math.min(keep, matching.size() + 1),
                byOrder.reversed());
        long eligible = 0;
        for (RunRecord r : matching) {
            List<Object> key = sortKey(query, r);
            if (after == null || compare(query, key, r.id(), after.values(), after.runId()) > 0) {
                eligible++;
                Keyed k = new Keyed(r, key);
                if (first.size() < keep) {
                    first.add(k);
                } else if (byOrder.compare(k, first.peek()) < 0) {
                    first.poll();
                    first.add(k);
                }
            }
        }
        List<Keyed> sorted = new ArrayList<>(first);
        sorted.sort(byOrder);
        int end = Math.min(sorted.size(), query.pageSize());
        List<RunRecord> page = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            page.add(sorted.get(i).run());
        }
        String next = null;
        if (eligible > end) {
            Keyed last = sorted.get(end - 1);
            next = token(query, last.key(), last.run().id());
        }
        return new RunPage(page, next, query.countMatches() ? matching.size() : RunPage.NOT_COUNTED);
    }

    /** @return {@code a} compared with {@code b} by Unicode code points (as UTF-8 bytes compare, and SQL's "C" collation) */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** @return the token continuing {@code query} after a run with this sort key and id */
    public static String token(RunQuery query, List<Object> sortKey, String runId) {
        Checks.notNull("query", query);
        StringBuilder raw = new StringBuilder(VERSION).append('|').append(fingerprint(query));
        for (Object v : sortKey) {
            raw.append('|');
            if (v == null) {
                raw.append('n');
            } else if (v instanceof Double d) {
                raw.append('d').append(Long.toHexString(Double.doubleToLongBits(d)));
            } else {
                raw.append('s').append(Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(((String) v).getBytes(StandardCharsets.UTF_8)));
            }
        }
        raw.append('|').append(runId);
        String check = check(raw);
        raw.append('|').append(check);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the cursor of the query's page token, or null for the first page
     * @throws IllegalArgumentException naming the token if it is not from a page of this query
     */
    public static Cursor cursor(RunQuery query) {
        Checks.notNull("query", query);
        String token = query.pageToken();
        if (token == null) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = raw.lastIndexOf('|');
            if (bar < 0 || !raw.substring(bar + 1).equals(check(raw.substring(0, bar)))) {
                throw new IllegalArgumentException("damaged token");
            }
            String[] parts = raw.substring(0, bar).split("\\|", -1);
            int keys = query.orderBy().size();
            if (parts.length != keys + 3 || !parts[0].equals(VERSION) || !parts[1].equals(fingerprint(query))) {
                throw new IllegalArgumentException("not a token of this query");
            }
            List<Object> values = new ArrayList<>(keys);
            for (int i = 0; i < keys; i++) {
                String p = parts[i + 2];
                boolean numeric = query.orderBy().get(i).field().isNumeric();
                if (p.equals("n")) {
                    values.add(null);
                } else if (numeric && p.startsWith("d")) {
                    values.add(Double.longBitsToDouble(Long.parseUnsignedLong(p.substring(1), 16)));
                } else if (!numeric && p.startsWith("s")) {
                    values.add(new String(Base64.getUrlDecoder().decode(p.substring(1)), StandardCharsets.UTF_8));
                } else {
                    throw new IllegalArgumentException("key " + i + " of the wrong type");
                }
            }
            String runId = parts[keys + 2];
            if (runId.isEmpty()) {
                throw new IllegalArgumentException("no run id");
            }
            return new Cursor(values, runId);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("pageToken is not a token from a page of this query (same"
                    + " experiments, filter and order): " + Checks.quote(token), e);
        }
    }

    /**
     * @return a short hash of everything that decides which runs a query returns and in which order
     *     (its experiments, filter, order and view type; page size and token aside)
     */
    public static String fingerprint(RunQuery query) {
        StringBuilder b = new StringBuilder();
        for (String id : query.experimentIds()) {
            field(b, id);
        }
        field(b, "filter");
        field(b, query.filter().toString());
        for (OrderBy o : query.orderBy()) {
            field(b, o.toString());
        }
        if (query.viewType() != io.mllifecycle.store.ViewType.ACTIVE_ONLY) {
            // only when not the default, so tokens handed out before view types existed stay valid
            field(b, "view");
            field(b, query.viewType().name());
        }
        byte[] hash = Digests.newSha256().digest(b.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 12);
    }

    /** A checksum over the token's text, so that a cut or altered token is refused rather than misread. */
    private static String check(CharSequence raw) {
        byte[] hash = Digests.newSha256().digest(raw.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 6);
    }

    private static void field(StringBuilder b, String value) {
        b.append(value.length()).append(':').append(value);
    }
}
