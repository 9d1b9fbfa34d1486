package io.mllifecycle.drift;

import io.mllifecycle.drift.ReferenceProfile.Kind;
import io.mllifecycle.drift.internal.Moments;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Binary form version 1 of a {@link ReferenceProfile} ({@link ReferenceProfile#MEDIA_TYPE}).
 *
 * <p>Big-endian. Header: magic {@code "MLRP"}, format version byte {@code 1}, kind byte
 * (0 exact numeric, 1 sketch numeric, 2 categorical), column (int length + UTF-8), missing count
 * (long). Then exact: value count (int) and the sorted doubles; sketch: count (long), mean, m2
 * (doubles), sketch length (int) and the KLL sketch bytes; categorical: entry count (int), then per
 * entry name (int length + UTF-8) and count (long). Nothing may follow. Readers reject any other
 * version rather than guess.
 */
final class ReferenceProfileCodec {

    static final int MAGIC = 0x4D4C5250; // "MLRP"
    static final byte VERSION = 1;

    private ReferenceProfileCodec() {}

    static byte[] write(ReferenceProfile p) {
        byte[] column = p.column.getBytes(StandardCharsets.UTF_8);
        byte[] sketch = p.kind == Kind.NUMERIC_SKETCH ? p.sketch.toByteArray() : new byte[0];
        long size = 4 + 1 + 1 + 4 + column.length + 8;
        size += switch (p.kind) {
            case NUMERIC_EXACT -> 4 + 8L * p.sorted.length;
            case NUMERIC_SKETCH -> 8 + 8 + 8 + 4 + sketch.length;
            case CATEGORICAL -> 4 + p.categories.keySet().stream()
                    .mapToLong(k -> 4 + 8 + k.getBytes(StandardCharsets.UTF_8).length).sum();
        };
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("profile of column '" + p.column + "' is too large to serialise ("
                    + size + " bytes); use a sketch profile");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.BIG_ENDIAN);
        out.putInt(MAGIC).put(VERSION).put((byte) p.kind.ordinal());
        out.putInt(column.length).put(column).putLong(p.missing);
        switch (p.kind) {
            case NUMERIC_EXACT -> {
                out.putInt(p.sorted.length);
                out.asDoubleBuffer().put(p.sorted);
                out.position(out.position() + 8 * p.sorted.length);
            }
            case NUMERIC_SKETCH -> out.putLong(p.moments().count()).putDouble(p.moments().mean())
                    .putDouble(p.moments().m2()).putInt(sketch.length).put(sketch);
            case CATEGORICAL -> {
                out.putInt(p.categories.size());
                p.categories.forEach((k, v) -> {
                    byte[] name = k.getBytes(StandardCharsets.UTF_8);
                    out.putInt(name.length).put(name).putLong(v);
                });
            }
        }
        return out.array();
    }

    static ReferenceProfile read(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        try {
            int magic = in.getInt();
            if (magic != MAGIC) {
                throw bad("it does not start with the magic \"MLRP\" (found 0x" + Integer.toHexString(magic) + ")");
            }
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("bytes hold reference-profile format version " + version
                        + ", but only version " + VERSION + " (" + ReferenceProfile.MEDIA_TYPE + ") is supported");
            }
            int kindCode = in.get();
            if (kindCode < 0 || kindCode >= Kind.values().length) {
                throw bad("unknown profile kind " + kindCode);
            }
            Kind kind = Kind.values()[kindCode];
            String column = string(in);
            long missing = nonNegative(in.getLong(), "missing count");
            ReferenceProfile profile = switch (kind) {
                case NUMERIC_EXACT -> ReferenceProfile.exact(column, missing, sortedValues(in));
                case NUMERIC_SKETCH -> sketch(in, column, missing);
                case CATEGORICAL -> categorical(in, column, missing);
            };
            if (in.hasRemaining()) {
                throw bad(in.remaining() + " unexpected trailing bytes");
            }
            return profile;
        } catch (BufferUnderflowException e) {
            throw bad("it is truncated (" + bytes.length + " bytes)");
        }
    }

    private static double[] sortedValues(ByteBuffer in) {
        int n = (int) nonNegative(in.getInt(), "value count");
        if ((long) n * 8 > in.remaining()) {
            throw bad("it is truncated: " + n + " values announced, " + in.remaining() + " bytes left");
        }
        double[] values = new double[n];
        in.asDoubleBuffer().get(values);
        in.position(in.position() + 8 * n);
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i]) || (i > 0 && !(values[i - 1] <= values[i]))) {
                throw bad("value " + i + " (" + values[i] + ") is NaN or out of order");
            }
        }
        return values;
    }

    private static ReferenceProfile sketch(ByteBuffer in, String column, long missing) {
        Moments moments = new Moments(nonNegative(in.getLong(), "count"), in.getDouble(), in.getDouble());
        int length = (int) nonNegative(in.getInt(), "sketch length");
        if (length > in.remaining()) {
            throw bad("it is truncated: sketch of " + length + " bytes announced, " + in.remaining() + " left");
        }
        byte[] image = new byte[length];
        in.get(image);
        KllDoublesSketch sketch;
        try {
            sketch = KllDoublesSketch.heapify(Memory.wrap(image));
        } catch (RuntimeException e) {
            throw bad("its KLL sketch is unreadable (" + e.getMessage() + ")");
        }
        if (sketch.getN() != moments.count()) {
            throw bad("sketch holds " + sketch.getN() + " values but the count says " + moments.count());
        }
        return ReferenceProfile.sketched(column, missing, sketch, moments);
    }

    private static ReferenceProfile categorical(ByteBuffer in, String column, long missing) {
        int n = (int) nonNegative(in.getInt(), "category count");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            counts.put(string(in), nonNegative(in.getLong(), "category count"));
        }
        return ReferenceProfile.categoricalOf(column, missing, counts);
    }

    private static String string(ByteBuffer in) {
        int length = (int) nonNegative(in.getInt(), "string length");
        if (length > in.remaining()) {
            throw bad("it is truncated: string of " + length + " bytes announced, " + in.remaining() + " left");
        }
        byte[] utf8 = new byte[length];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static long nonNegative(long value, String what) {
        if (value < 0) {
            throw bad(what + " is negative (" + value + ")");
        }
        return value;
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("bytes are not a valid " + ReferenceProfile.MEDIA_TYPE
                + " reference profile: " + why);
    }
}
