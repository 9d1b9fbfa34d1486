package io.mllifecycle.store.file;

import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.MetricPoint;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload of one metric batch in a run's log. Since format 4 a batch is binary: the byte {@code 0x01},
 * the batch's distinct keys ({@code u16} count, each a {@code u16} UTF-8 length and the bytes), then the
 * points ({@code u32} count, each the {@code u16} index of its key, the value's IEEE bits, the step, the
 * timestamp's epoch second, all {@code i64}, and its nanosecond as {@code i32}; big-endian). Formats 1–3
 * wrote a JSON array of points, which is still read (such a payload starts with {@code [}).
 *
 * <p>Why binary: a training loop logs one point per call, and with JSON the text of each value and
 * timestamp was most of what a point cost to store (the shortest decimal of a double, the ISO text of an
 * instant); here a point is 30 bytes copied as they are. The framing around it (length, CRC32C) is
 * {@link Frames}'s, as for every record.
 */
final class MetricFrames {
    static final byte BINARY = 0x01;
    /** Bytes of one point after the key table. */
    private static final int POINT = 2 + 8 + 8 + 8 + 4;

    private MetricFrames() {}

    /** @return the payload of {@code points}, which have at most 65 535 distinct keys */
    static byte[] encode(List<MetricPoint> points) {
        Map<String, Integer> index = new HashMap<>();
        List<byte[]> keys = new ArrayList<>();
        int keyBytes = 0;
        String lastKey = null;
        int last = -1;
        int[] keyOf = new int[points.size()];
        for (int i = 0; i < points.size(); i++) {
            String key = points.get(i).key();
            if (key != lastKey) { // a loop logs the same key String again and again: skip the map then
                Integer k = index.get(key);
                if (k == null) {
                    k = keys.size();
                    if (k == 0xFFFF) {
                        throw new IllegalArgumentException("a metric batch may hold at most 65535 distinct keys");
                    }
                    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                    keys.add(bytes);
                    keyBytes += 2 + bytes.length;
                    index.put(key, k);
                }
                last = k;
                lastKey = key;
            }
            keyOf[i] = last;
        }
        ByteBuffer b = ByteBuffer.allocate(1 + 2 + keyBytes + 4 + POINT * points.size());
        b.put(BINARY).putShort((short) keys.size());
        for (byte[] key : keys) {
            b.putShort((short) key.length).put(key);
        }
        b.putInt(points.size());
        for (int i = 0; i < points.size(); i++) {
            MetricPoint p = points.get(i);
            b.putShort((short) keyOf[i]).putLong(Double.doubleToRawLongBits(p.value())).putLong(p.step())
                    .putLong(p.timestamp().getEpochSecond()).putInt(p.timestamp().getNano());
        }
        return b.array();
    }

    /** @return the points of one batch's payload, binary or (written by formats 1–3) JSON */
    static List<MetricPoint> decode(Frames.Frame frame, Path file) {
        if (frame.length() == 0 || frame.data()[frame.start()] != BINARY) {
            return Json.points(frame, file);
        }
        ByteBuffer b = ByteBuffer.wrap(frame.data(), frame.start(), frame.length());
        try {
            b.get();
            String[] keys = new String[Short.toUnsignedInt(b.getShort())];
            for (int k = 0; k < keys.length; k++) {
                byte[] bytes = new byte[Short.toUnsignedInt(b.getShort())];
                b.get(bytes);
                keys[k] = new String(bytes, StandardCharsets.UTF_8);
            }
            int n = b.getInt();
            if (n < 0 || (long) n * POINT != b.remaining()) {
                throw new IllegalArgumentException("it claims " + Integer.toUnsignedString(n) + " points in "
                        + b.remaining() + " bytes of " + POINT + " each");
            }
            List<MetricPoint> points = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int key = Short.toUnsignedInt(b.getShort());
                if (key >= keys.length) {
                    throw new IllegalArgumentException("point " + i + " names key " + key + " of " + keys.length);
                }
                double value = Double.longBitsToDouble(b.getLong());
                long step = b.getLong();
                long second = b.getLong();
                int nano = b.getInt();
                if (nano < 0 || nano > 999_999_999) {
                    throw new IllegalArgumentException("point " + i + " has nanosecond " + nano);
                }
                Instant timestamp = Instant.ofEpochSecond(second, nano);
                points.add(new MetricPoint(keys[key], value, step, timestamp));
            }
            return points;
        } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
            throw new CorruptStoreException("metric batch at offset " + frame.offset() + " of " + file
                    + " has an intact checksum but is not a batch this store wrote: " + (e.getMessage() == null
                    ? "it ends early" : e.getMessage()), e);
        }
    }
}
