package io.mllifecycle.monitoring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pending join of predictions (by request id) with labels that arrive later. Pure state: the
 * {@link Monitor} persists each event (a window's predictions, an arrival of labels) before applying it,
 * and replays the events on start. Not thread-safe (the monitor serialises calls).
 */
final class LabelJoin {
    private static final int MAGIC = 0x4D4C4C4A; // "MLLJ"
    static final byte PREDICTIONS = 1;
    static final byte ARRIVAL = 2;
    /** A window's predictions with each row's segment and/or fairness group (issue 17 segments, fairness). */
    static final byte PREDICTIONS_WITH_ATTRIBUTES = 3;

    /** One window's predictions waiting for labels. */
    static final class Pending {
        final int index;
        final Instant end;
        final String[] ids;
        final double[] predictions;
        final double[] labels;
        int received;
        boolean evaluated;
        /** Each row's segment ({@link Segments}), or null without segments. */
        String[] segments;
        /** Each row's fairness group, or null without a fairness watch. */
        String[] groups;

        Pending(int index, Instant end, String[] ids, double[] predictions, double[] labels) {
            this.index = index;
            this.end = end;
            this.ids = ids;
            this.predictions = predictions;
            this.labels = labels;
            for (double y : labels) {
                received += Double.isNaN(y) ? 0 : 1;
            }
        }

        int size() {
            return ids.length;
        }
    }

    /** What applying an event changed: windows that reached their share, windows that expired. */
    record Outcome(List<Pending> due, List<Pending> expired) {}

    private final double share;
    private final int maxPending;
    private final Duration ttl;
    private final Map<Integer, Pending> windows = new LinkedHashMap<>();
    private final Map<String, int[]> byId = new HashMap<>();
    /** Labels that came before their prediction's window was complete (or, in replay, before its event). */
    private final Map<String, Double> early = new HashMap<>();
    private int pendingRows;
    private long unmatched;
    private Instant streamTime;

    LabelJoin(double share, int maxPending, Duration ttl) {
        this.share = share;
        this.maxPending = maxPending;
        this.ttl = ttl;
    }

    /** @return whether {@code id} is a prediction still waiting for its label */
    boolean waiting(String id) {
        int[] at = byId.get(id);
        return at != null && Double.isNaN(windows.get(at[0]).labels[at[1]]);
    }

    boolean known(String id) {
        return byId.containsKey(id);
    }

    boolean hasEarly(String id) {
        return early.containsKey(id);
    }

    /** Forgets early labels no window claimed (after a replay: their windows expired or never completed). */
    void dropEarly() {
        early.clear();
    }

    int pendingRows() {
        return pendingRows;
    }

    int awaiting() {
        int n = 0;
        for (Pending p : windows.values()) {
            n += p.size() - p.received;
        }
        return n;
    }

    int pendingWindows() {
        return windows.size();
    }

    long unmatched() {
        return unmatched;
    }

    /** As {@link #addWindow(int, Instant, String[], double[], double[])} with each row's segment and group. */
    Outcome addWindow(int index, Instant end, String[] ids, double[] predictions, double[] labels, String[] segments,
                      String[] groups) {
        attributes = new String[][] {segments, groups};
        try {
            return addWindow(index, end, ids, predictions, labels);
        } finally {
            attributes = null;
        }
    }

    /** Segments and groups of the window being added (null: none); see the overload above. */
    private String[][] attributes;

    /** Adds a window's predictions (labels NaN where still to come); expires by time and cap. */
    Outcome addWindow(int index, Instant end, String[] ids, double[] predictions, double[] labels) {
        for (int i = 0; i < ids.length && !early.isEmpty(); i++) {
            Double y = early.remove(ids[i]);
            if (y != null && Double.isNaN(labels[i])) {
                labels[i] = y;
            }
        }
        Pending p = new Pending(index, end, ids, predictions, labels);
        if (attributes != null) {
            p.segments = attributes[0];
            p.groups = attributes[1];
        }
        windows.put(index, p);
        for (int i = 0; i < ids.length; i++) {
            byId.put(ids[i], new int[] {index, i});
        }
        pendingRows += ids.length;
        advance(end);
        List<Pending> due = new ArrayList<>();
        if (isDue(p)) {
            due.add(p);
        }
        List<Pending> expired = expire();
        due.removeIf(expired::contains);
        return new Outcome(due, expired);
    }

    /** Applies labels; ids not (or no longer) in a held window are kept as early labels for a later window. */
    Outcome arrive(String[] ids, double[] labels, Instant at) {
        List<Pending> due = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            int[] where = byId.get(ids[i]);
            if (where == null) {
                early.putIfAbsent(ids[i], labels[i]);
                continue;
            }
            Pending p = windows.get(where[0]);
            if (Double.isNaN(p.labels[where[1]])) {
                p.labels[where[1]] = labels[i];
                p.received++;
                if (isDue(p) && !due.contains(p)) {
                    due.add(p);
                }
            }
        }
        advance(at);
        List<Pending> expired = expire();
        due.removeIf(expired::contains);
        due.sort((a, b) -> Integer.compare(a.index, b.index));
        return new Outcome(due, expired);
    }

    private boolean isDue(Pending p) {
        return !p.evaluated && p.size() > 0 && p.received >= Math.ceil(share * p.size() - 1e-9);
    }

    private void advance(Instant t) {
        if (streamTime == null || t.isAfter(streamTime)) {
            streamTime = t;
        }
    }

    /** Drops windows older than the TTL (by stream time) and, oldest first, beyond the cap. */
    private List<Pending> expire() {
        List<Pending> out = new ArrayList<>();
        Iterator<Pending> it = windows.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            boolean old = p.end.plus(ttl).isBefore(streamTime);
            if (!old && pendingRows <= maxPending) {
                break;
            }
            it.remove();
            for (String id : p.ids) {
                byId.remove(id);
            }
            pendingRows -= p.size();
            unmatched += p.size() - p.received;
            out.add(p);
        }
        return out;
    }

    static byte[] encodePredictions(int index, Instant end, String[] ids, double[] predictions, double[] labels) {
        return encode(PREDICTIONS, index, end, ids, predictions, labels);
    }

    /** A window's predictions with each row's segment and group (either may be null). */
    static byte[] encodePredictions(int index, Instant end, String[] ids, double[] predictions, double[] labels,
                                    String[] segments, String[] groups) {
        byte[] head = encode(PREDICTIONS_WITH_ATTRIBUTES, index, end, ids, predictions, labels);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(head);
            for (String[] column : new String[][] {segments, groups}) {
                out.writeBoolean(column != null);
                for (int i = 0; column != null && i < column.length; i++) {
                    out.writeBoolean(column[i] != null);
                    if (column[i] != null) {
                        out.writeUTF(column[i]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] encodeArrival(String[] ids, double[] labels, Instant at) {
        return encode(ARRIVAL, -1, at, ids, labels, null);
    }

    private static byte[] encode(byte kind, int index, Instant time, String[] ids, double[] a, double[] b) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(kind);
            out.writeInt(index);
            out.writeLong(time.getEpochSecond());
            out.writeInt(time.getNano());
            out.writeInt(ids.length);
            for (int i = 0; i < ids.length; i++) {
                out.writeUTF(ids[i]);
                out.writeDouble(a[i]);
                if (b != null) {
                    out.writeDouble(b[i]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Replays one persisted event. @throws IllegalArgumentException if the bytes are damaged */
    Outcome replay(byte[] event) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(event))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("label-join event does not start with its marker: damaged");
            }
            byte kind = in.readByte();
            int index = in.readInt();
            Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
            int n = in.readInt();
            if (n < 0 || n > event.length) {
                throw new IllegalArgumentException("label-join event claims " + n + " rows: damaged");
            }
            String[] ids = new String[n];
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                ids[i] = in.readUTF();
                a[i] = in.readDouble();
                if (kind == PREDICTIONS || kind == PREDICTIONS_WITH_ATTRIBUTES) {
                    b[i] = in.readDouble();
                }
            }
            if (kind == PREDICTIONS) {
                return addWindow(index, time, ids, a, b);
            }
            if (kind == PREDICTIONS_WITH_ATTRIBUTES) {
                String[][] attrs = new String[2][];
                for (int c = 0; c < 2; c++) {
                    if (in.readBoolean()) {
                        attrs[c] = new String[n];
                        for (int i = 0; i < n; i++) {
                            attrs[c][i] = in.readBoolean() ? in.readUTF() : null;
                        }
                    }
                }
                return addWindow(index, time, ids, a, b, attrs[0], attrs[1]);
            }
            if (kind == ARRIVAL) {
                return arrive(ids, a, time);
            }
            throw new IllegalArgumentException("label-join event kind " + kind + " is unknown: damaged or newer");
        } catch (IOException e) {
            throw new IllegalArgumentException("label-join event is truncated: " + e, e);
        }
    }
}
