package io.mllifecycle.store.s3;

import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.spi.Digests;

/**
 * Where the blobs live: a bucket and a key prefix. Keys are {@code <prefix>/sha256/ab/cdef…}, made only from
 * checked digests, and every key is checked to lie under the prefix before it is used.
 *
 * @param bucket an S3 bucket name
 * @param prefix the key prefix without leading or trailing {@code /}; empty for the bucket's root
 */
record S3Location(String bucket, String prefix) {
    static final int MAX_PREFIX = 512;

    S3Location {
        bucket(bucket);
        prefix = prefix(prefix);
    }

    /** @return the object key of a blob; {@code digest} must be valid */
    String key(String digest) {
        Checks.digest("digest", digest);
        String hex = Digests.hex(digest);
        String key = root() + "sha256/" + hex.substring(0, 2) + "/" + hex.substring(2);
        requireInside(key);
        return key;
    }

    /** @return the prefix with a trailing {@code /}, or empty */
    String root() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /** @throws IllegalArgumentException if {@code key} is not a key of this store */
    void requireInside(String key) {
        Checks.notNull("key", key);
        String rest = key.startsWith(root()) ? key.substring(root().length()) : null;
        if (rest == null || !rest.matches("sha256/[0-9a-f]{2}/[0-9a-f]{62}")) {
            throw new IllegalArgumentException("object key must lie under prefix '" + root() + "' of bucket '" + bucket
                    + "' as sha256/ab/cdef…, but was " + Checks.quote(key));
        }
    }

    /** @return {@code s3://bucket/prefix} for messages */
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }

    private static void bucket(String bucket) {
        Checks.notNull("bucket", bucket);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || bucket.contains("..")) {
            throw new IllegalArgumentException("bucket must be an S3 bucket name (3 to 63 lowercase letters, digits,"
                    + " '.' and '-', starting and ending with a letter or digit), but was " + Checks.quote(bucket));
        }
    }

    private static String prefix(String prefix) {
        Checks.notNull("prefix", prefix);
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return p;
        }
        if (p.length() > MAX_PREFIX) {
            throw new IllegalArgumentException("prefix must have at most " + MAX_PREFIX + " characters, but had "
                    + p.length());
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (Character.isISOControl(c) || c == '\\') {
                throw new IllegalArgumentException("prefix must not contain control characters or '\\', but was "
                        + Checks.quote(prefix));
            }
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("prefix must not contain empty, '.' or '..' segments (keys outside"
                        + " the prefix are refused), but was " + Checks.quote(prefix));
            }
        }
        return p;
    }
}
