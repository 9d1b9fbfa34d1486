package io.mllifecycle.store.file;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The record framing of every log in the store: one line per record,
 * {@code <length: 8 hex> <crc32c: 8 hex> <payload>\n}, where the payload is UTF-8 JSON without line
 * breaks in the journal, and a metric batch ({@link MetricFrames}, binary since format 4) in metric logs.
 * The length and checksum let a reader tell a complete record from one a crash cut short; the text form
 * keeps the journal readable with ordinary tools.
 *
 * <p>A damaged record followed by no valid record is a <em>torn tail</em>: the last append, cut short by
 * a crash (or still being written by another process). A damaged record with a valid record after it
 * cannot come from an interrupted append and is reported as damage.
 */
final class Frames {
    /** Bytes before the payload: two 8-digit hex numbers, each followed by a space. */
    static final int HEADER = 18;

    private Frames() {}

    /**
     * One decoded record and where it starts in its file; its payload is {@code data[start, start + length)},
     * not copied, since opening a large store would otherwise copy every record once more.
     */
    record Frame(long offset, byte[] data, int start, int length) {
        byte[] payload() {
            return java.util.Arrays.copyOfRange(data, start, start + length);
        }

        /** @return the file offset just after this record */
        long end() {
            return offset + HEADER + length + 1;
        }
    }

    /**
     * What a scan found.
     *
     * @param frames     the complete records, in order
     * @param validEnd   file offset just after the last complete record
     * @param tornAt     file offset of a torn tail, or -1 when the region ended cleanly
     * @param damageAt   file offset of a damaged record that valid records follow, or -1
     * @param damage     what is wrong at {@code damageAt}, or null
     */
    record Scan(List<Frame> frames, long validEnd, long tornAt, long damageAt, String damage) {
        boolean clean() {
            return tornAt < 0 && damageAt < 0;
        }
    }

    /** @return the framed bytes of {@code payload} */
    static byte[] encode(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        byte[] header = String.format("%08x %08x ", payload.length, crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[HEADER + payload.length + 1];
        System.arraycopy(header, 0, out, 0, HEADER);
        System.arraycopy(payload, 0, out, HEADER, payload.length);
        out[out.length - 1] = '\n';
        return out;
    }

    /**
     * Decodes the records in {@code data}, which holds the file's bytes from {@code base} to the end of
     * what was read.
     */
    static Scan scan(byte[] data, long base) {
        List<Frame> frames = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            String problem = problemAt(data, pos);
            if (problem != null) {
                if (validFrameAfter(data, pos + 1)) {
                    return new Scan(frames, base + pos, -1, base + pos, problem);
                }
                return new Scan(frames, base + pos, base + pos, -1, problem);
            }
            int length = (int) Long.parseLong(new String(data, pos, 8, StandardCharsets.US_ASCII), 16);
            frames.add(new Frame(base + pos, data, pos + HEADER, length));
            pos += HEADER + length + 1;
        }
        return new Scan(frames, base + pos, -1, -1, null);
    }

    /** @return null if a complete, intact record starts at {@code pos}, else what is wrong */
    private static String problemAt(byte[] data, int pos) {
        if (data.length - pos < HEADER + 1) {
            return "the record header is incomplete";
        }
        long length = hex(data, pos);
        long crc = hex(data, pos + 9);
        if (length < 0 || crc < 0 || data[pos + 8] != ' ' || data[pos + 17] != ' ') {
            return "the record header is not '<length> <crc32c> '";
        }
        long end = pos + HEADER + length + 1;
        if (end > data.length) {
            return "the record claims " + length + " bytes but the file ends after " + (data.length - pos - HEADER);
        }
        if (data[(int) end - 1] != '\n') {
            return "the record does not end with a line break";
        }
        CRC32C check = new CRC32C();
        check.update(data, pos + HEADER, (int) length);
        if (check.getValue() != crc) {
            return "the record's CRC32C does not match its content";
        }
        return null;
    }

    private static boolean validFrameAfter(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (problemAt(data, i) == null) { // at any offset: the line break before it may be the damage
                return true;
            }
        }
        return false;
    }

    private static long hex(byte[] data, int pos) {
        long value = 0;
        for (int i = pos; i < pos + 8; i++) {
            int digit = Character.digit(data[i], 16);
            if (digit < 0 || (data[i] >= 'A' && data[i] <= 'F')) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
