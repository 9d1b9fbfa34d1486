package io.mllifecycle.store.spi;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Time-ordered, URL-safe ids (26 characters of Crockford base32, lowercase: 48 bits of milliseconds,
 * then 80 random bits, like a ULID). Ids made in one process for the same or increasing times sort in
 * the order they were made; ids from different processes are unique with overwhelming probability.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis = -1;
    private static long lastHigh; // 16 random bits
    private static long lastLow;  // 64 random bits

    private Ids() {}

    /** @return a new id whose time part is {@code time} (clamped to 0 … 2^48−1 ms) */
    public static synchronized String next(Instant time) {
        long millis = Math.max(0, Math.min(time.toEpochMilli(), (1L << 48) - 1));
        if (millis <= lastMillis) {
            millis = lastMillis;
            lastLow++;
            if (lastLow == 0) {
                lastHigh = (lastHigh + 1) & 0xFFFF;
            }
        } else {
            lastMillis = millis;
            lastHigh = RANDOM.nextInt(1 << 16);
            lastLow = RANDOM.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL; // room to count up within one millisecond
        }
        char[] out = new char[26];
        // 128 bits: millis(48) | high(16) | low(64), written as 26 base32 digits (130 bits, top 2 zero)
        long hi = (millis << 16) | lastHigh; // top 64 bits
        long lo = lastLow;
        for (int i = 25; i >= 0; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo = (lo >>> 5) | (hi << 59);
            hi >>>= 5;
        }
        return new String(out);
    }

    /** @return whether {@code id} has the shape of an id from {@link #next} */
    public static boolean isValid(String id) {
        if (id == null || id.length() != 26) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (new String(ALPHABET).indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
