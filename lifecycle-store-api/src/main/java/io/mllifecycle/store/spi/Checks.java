package io.mllifecycle.store.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Argument checks shared by every store and by the core API, so each rejects the same input with the
 * same message. Every method throws {@link IllegalArgumentException} naming the argument and the value.
 *
 * <p>Limits: names (experiments, models, runs, datasets) at most {@value #MAX_NAME} characters; param,
 * tag and metric keys at most {@value #MAX_KEY}; param values at most {@value #MAX_PARAM_VALUE}; tag
 * values at most {@value #MAX_TAG_VALUE}; descriptions at most {@value #MAX_DESCRIPTION}. Names and keys
 * may not contain control characters; model names additionally may not contain {@code / @ :} since
 * those separate the parts of a model reference such as {@code churn@champion}.
 */
public final class Checks {
    /** Longest experiment, model, run or dataset name. */
    public static final int MAX_NAME = 256;
    /** Longest param, tag or metric key. */
    public static final int MAX_KEY = 250;
    /** Longest param value. */
    public static final int MAX_PARAM_VALUE = 6000;
    /** Longest tag value. */
    public static final int MAX_TAG_VALUE = 8000;
    /** Longest description. */
    public static final int MAX_DESCRIPTION = 20_000;
    /** Longest artifact path. */
    public static final int MAX_PATH = 1024;

    private Checks() {}

    /** A name: not null, not blank, no control characters, at most {@link #MAX_NAME}. */
    public static String name(String argument, String value) {
        return text(argument, value, MAX_NAME);
    }

    /** A model name: as {@link #name} and without {@code / @ :}. */
    public static String modelName(String argument, String value) {
        name(argument, value);
        for (char c : new char[] {'/', '@', ':'}) {
            if (value.indexOf(c) >= 0) {
                throw new IllegalArgumentException(argument + " must not contain '" + c + "', but was "
                        + quote(value));
            }
        }
        return value;
    }

    /** A param, tag or metric key: as {@link #name} with at most {@link #MAX_KEY} characters. */
    public static String key(String argument, String value) {
        return text(argument, value, MAX_KEY);
    }

    /** A param value: not null, at most {@link #MAX_PARAM_VALUE} characters (may be empty). */
    public static String paramValue(String argument, String value) {
        return bounded(argument, value, MAX_PARAM_VALUE);
    }

    /** A tag value: not null, at most {@link #MAX_TAG_VALUE} characters (may be empty). */
    public static String tagValue(String argument, String value) {
        return bounded(argument, value, MAX_TAG_VALUE);
    }

    /** A description: not null, at most {@link #MAX_DESCRIPTION} characters (may be empty). */
    public static String description(String argument, String value) {
        return bounded(argument, value, MAX_DESCRIPTION);
    }

    /** Checks every key and value of a tag map; returns it. */
    public static Map<String, String> tags(String argument, Map<String, String> tags) {
        notNull(argument, tags);
        tags.forEach((k, v) -> {
            key(argument + " key", k);
            tagValue(argument + "['" + k + "']", v);
        });
        return tags;
    }

    /** A metric value: finite. NaN and ±∞ are rejected so that series stay comparable and sortable. */
    public static double finite(String argument, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(argument + " must be finite, but was " + value);
        }
        return value;
    }

    /**
     * A logical artifact path: relative, {@code /}-separated, no empty, {@code .} or {@code ..}
     * segments, no backslash or control characters, at most {@link #MAX_PATH} characters.
     */
    public static String artifactPath(String argument, String value) {
        text(argument, value, MAX_PATH);
        if (value.startsWith("/") || value.indexOf('\\') >= 0 || value.indexOf(':') >= 0) {
            throw new IllegalArgumentException(argument + " must be a relative path with '/' separators"
                    + " and no ':' or '\\', but was " + quote(value));
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(argument + " must not contain empty, '.' or '..'"
                        + " segments, but was " + quote(value));
            }
        }
        return value;
    }

    /** A SHA-256 digest in the form {@code sha256:<64 lowercase hex>}. */
    public static String digest(String argument, String value) {
        notNull(argument, value);
        if (!Digests.isValid(value)) {
            throw new IllegalArgumentException(argument + " must look like 'sha256:' followed by 64"
                    + " lowercase hex digits, but was " + quote(value));
        }
        return value;
    }

    /** Not null. */
    public static <T> T notNull(String argument, T value) {
        if (value == null) {
            throw new IllegalArgumentException(argument + " must not be null");
        }
        return value;
    }

    /**
     * An element of a list argument: not null. The message ({@code points[3] must not be null}) is built only
     * when it fails, since per-point checks are on the logging path.
     */
    public static <T> T element(String argument, int index, T value) {
        if (value == null) {
            throw new IllegalArgumentException(argument + "[" + index + "] must not be null");
        }
        return value;
    }

    private static String text(String argument, String value, int max) {
        notNull(argument, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(argument + " must not be blank, but was " + quote(value));
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(argument + " must have at most " + max
                    + " characters, but had " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(argument + " must not contain control characters,"
                        + " but had U+" + String.format("%04X", (int) value.charAt(i)) + " at index " + i
                        + " in " + quote(value));
            }
        }
        return value;
    }

    private static String bounded(String argument, String value, int max) {
        notNull(argument, value);
        if (value.length() > max) {
            throw new IllegalArgumentException(argument + " must have at most " + max
                    + " characters, but had " + value.length());
        }
        return value;
    }

    /** Quotes a value for a message, escaping control characters and cutting very long values. */
    public static String quote(String value) {
        Objects.requireNonNull(value);
        StringBuilder b = new StringBuilder("'");
        int limit = Math.min(value.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (value.length() > limit) {
            b.append("…(").append(value.length()).append(" chars)");
        }
        return b.append('\'').toString();
    }
}
