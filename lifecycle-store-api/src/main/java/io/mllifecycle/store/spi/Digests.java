package io.mllifecycle.store.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in the form every store uses: {@code sha256:} followed by 64 lowercase hex digits. */
public final class Digests {
    /** The prefix of every digest string. */
    public static final String PREFIX = "sha256:";

    private Digests() {}

    /** @return a fresh SHA-256 {@link MessageDigest} */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** @return the digest string of {@code bytes} */
    public static String of(byte[] bytes) {
        return format(newSha256().digest(bytes));
    }

    /** Reads {@code in} to its end (not closing it) and returns the digest string of what it read. */
    public static String of(InputStream in) {
        MessageDigest md = newSha256();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading content to digest failed", e);
        }
        return format(md.digest());
    }

    /** @return {@code sha256:<hex>} for a raw 32-byte digest */
    public static String format(byte[] raw) {
        return PREFIX + HexFormat.of().formatHex(raw);
    }

    /** @return true if {@code value} is {@code sha256:} followed by exactly 64 lowercase hex digits */
    public static boolean isValid(String value) {
        if (value.length() != PREFIX.length() + 64 || !value.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** @return the 64 hex digits of a valid digest string */
    public static String hex(String digest) {
        return digest.substring(PREFIX.length());
    }
}
