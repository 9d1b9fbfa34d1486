package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

/**
 * What a comparison or an order looks at in a run: the latest value of a metric, a param, a tag or an
 * attribute. Build with {@link #metric}, {@link #param}, {@link #tag} or {@link #attribute}.
 *
 * @param kind      which part of the run
 * @param key       the metric, param or tag key; for an attribute its {@link RunAttribute#key()}
 * @param attribute the attribute for {@link Kind#ATTRIBUTE}, else null
 */
public record RunField(Kind kind, String key, RunAttribute attribute) {
    /** The part of a run a field names, with its prefix in the filter syntax. */
    public enum Kind {
        /** Latest value of a metric: {@code metrics.<key>}. */
        METRIC("metrics"),
        /** A param: {@code params.<key>}. */
        PARAM("params"),
        /** A tag: {@code tags.<key>}. */
        TAG("tags"),
        /** A run attribute: {@code attributes.<name>}. */
        ATTRIBUTE("attributes");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** @return the prefix as written, e.g. {@code metrics} */
        public String prefix() {
            return prefix;
        }
    }

    public RunField {
        Checks.notNull("kind", kind);
        Checks.key("field key", key);
        if ((kind == Kind.ATTRIBUTE) != (attribute != null)) {
            throw new IllegalArgumentException("attribute must be given exactly for ATTRIBUTE fields, but kind was "
                    + kind + " and attribute " + attribute);
        }
        if (attribute != null && !attribute.key().equals(key)) {
            throw new IllegalArgumentException("key of attribute " + attribute + " must be '" + attribute.key()
                    + "', but was " + Checks.quote(key));
        }
    }

    /** @return the latest value of metric {@code key} */
    public static RunField metric(String key) {
        return new RunField(Kind.METRIC, Checks.key("metric key", key), null);
    }

    /** @return param {@code key} */
    public static RunField param(String key) {
        return new RunField(Kind.PARAM, Checks.key("param key", key), null);
    }

    /** @return tag {@code key} */
    public static RunField tag(String key) {
        return new RunField(Kind.TAG, Checks.key("tag key", key), null);
    }

    /** @return the attribute */
    public static RunField attribute(RunAttribute attribute) {
        Checks.notNull("attribute", attribute);
        return new RunField(Kind.ATTRIBUTE, attribute.key(), attribute);
    }

    /** @return whether the field compares as a number (metrics, {@code start_time}, {@code end_time}) */
    public boolean isNumeric() {
        return kind == Kind.METRIC || (attribute != null && attribute.isNumeric());
    }

    /** @return the field in the filter syntax, the key quoted when it needs to be: {@code metrics."val loss"} */
    @Override
    public String toString() {
        return kind.prefix() + "." + (FilterParser.isBareKey(key) ? key : "`" + key.replace("`", "``") + "`");
    }
}
