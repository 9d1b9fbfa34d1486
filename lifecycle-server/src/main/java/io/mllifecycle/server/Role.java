package io.mllifecycle.server;

import java.util.Locale;

/**
 * What a token may do, ordered: each role may do everything the roles before it may.
 *
 * <ul>
 *   <li>{@link #READER}: every read (runs, models, artifacts, audit, resolve, plans);</li>
 *   <li>{@link #WRITER}: tracking writes (experiments, runs, metrics, params, tags, artifacts) and
 *       registering model versions and their metadata;</li>
 *   <li>{@link #APPROVER}: stage changes and alias moves (through the gates);</li>
 *   <li>{@link #ADMIN}: gate overrides, retirement, purge.</li>
 * </ul>
 */
public enum Role {
    READER, WRITER, APPROVER, ADMIN;

    /** @return whether this role may do what {@code needed} may */
    public boolean includes(Role needed) {
        if (needed == null) {
            throw new IllegalArgumentException("needed must be a role, but was null");
        }
        return compareTo(needed) >= 0;
    }

    /**
     * Parses a role name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value and the roles there are
     */
    public static Role parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("role must be one of reader, writer, approver, admin, but was null");
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be one of reader, writer, approver, admin, but was '"
                    + name + "'", e);
        }
    }

    /** @return the lower-case name used in token files and messages */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
